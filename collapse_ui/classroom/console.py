"""The presenter's console: the player bar and the keyboard shortcuts, in the browser.

One position. The stage chart's Plotly animation holds it (its slider and the dotted line at
the played generation); Play/Pause, Start/Back/Step/End, the chart's own slider and the keys all
move that one animation through `window.parent.Plotly` (the component's iframe is same-origin),
so no step costs a server round trip and no control can disagree with another.

No spoilers. Everything that shows the end of the chain (headlines, theory, the other charts)
is drawn inside a container that CSS hides until the page's <body> carries
data-collapse-reveal="1". The script sets that attribute only while the played generation is the
last one. Revealing early (R, a tour's reveal step) therefore means playing to the end: the hidden
elements are never displayed while an earlier generation is on screen.

Keys (ignored while typing in a field, on a focused slider or in a select, and with Ctrl/Alt/Meta):
    Space  play / pause          Left / Right  step back / forward     Home / End  start / end
    P      presentation on/off   Esc           leave presentation       R  reveal (jump to the end)
    N      next step of the tour B             previous step of the tour
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from collapse_ui import palette

SPOILERS_KEY = "spoilers"  # container key of what the player hides until the end (st-key-spoilers)
STAGE_KEY = "stage"  # container key of the stage chart
EXIT_KEY = "presenter_exit"  # the "Leave presentation" button's container
TOUR_NEXT_KEY, TOUR_BACK_KEY = "tour_next", "tour_back"
LINE_NAME = "player-line"  # the dotted line at the played generation (player.py)

BAR_HEIGHT = 64
BAR_HEIGHT_PRESENT = 84


@dataclass(frozen=True)
class Console:
    """What the script needs to know about the page it drives."""

    present_key: str  # session/widget key of the presentation toggle (st-key-<key> class)
    player: bool  # the animated player is on (a stage chart with frames)
    last: int = 0  # the last generation of the chain
    step: int = 1  # generations per Step
    present: bool = False
    dark: bool = False
    autoplay: bool = False  # a tour step asked to start playing
    reveal: bool = False  # a tour step reveals the results: the chart jumps to the end
    token: str = ""  # changes when the chart changes, so the iframe reloads with it

    @property
    def height(self) -> int:
        if not self.player:
            return 0
        return BAR_HEIGHT_PRESENT if self.present else BAR_HEIGHT


def spoiler_css() -> str:
    """Hide the results until the script says the end is on screen (or the presenter reveals);
    the note saying where they went shows only while they are hidden."""
    return ("<style>"
            f'body:not([data-collapse-reveal="1"]) .st-key-{SPOILERS_KEY} {{ display: none !important; }}'
            f'body[data-collapse-reveal="1"] .st-key-{SPOILERS_KEY}_note {{ display: none !important; }}'
            "</style>")


def _bar(c: Console) -> str:
    colours = palette.DARK if c.dark else palette.LIGHT
    size = 22 if c.present else 16
    buttons = [("start", "« Start", "Home"), ("back", "◀ Back", "←"), ("play", "▶ Play", "Space"),
               ("step", "Step ▶", "→"), ("end", "End: reveal »", "End or R")]
    html = "".join(f'<button id="{i}" title="{label} ({k})">{label}</button>' for i, label, k in buttons)
    return f"""
<style>
  body {{ margin: 0; font-family: "Source Sans Pro", "Source Sans 3", sans-serif; background: transparent; }}
  .bar {{ display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }}
  button {{ font: inherit; font-size: {size}px; font-weight: 600; padding: 6px 14px; cursor: pointer;
           border-radius: 8px; border: 1px solid {colours['axis']}; background: {colours['panel']};
           color: {colours['text']}; }}
  button:focus-visible {{ outline: 3px solid {palette.BLUE}; }}
  #where {{ font-size: {size}px; color: {colours['text']}; min-width: 12ch; }}
</style>
<div class="bar">{html}<span id="where" aria-live="polite"></span></div>"""


_SCRIPT = r"""
<script>
(() => {
  const C = __CONFIG__;
  const P = window.parent, D = P.document;
  const q = (sel) => D.querySelector(sel);
  const born = Date.now();
  const gd = () => q('.st-key-' + C.stageKey + ' .js-plotly-plot');
  const frames = (g) => ((g && g._transitionData && g._transitionData._frames) || [])
    .map(f => Number(f.name)).filter(Number.isFinite).sort((a, b) => a - b);
  const where = (g) => {  // the played generation: the dotted line's position
    const s = g && g.layout && (g.layout.shapes || []).find(s => s.name === C.lineName);
    return s ? Number(s.x0) : null;
  };
  const playing = (g) => !!(g && g._transitionData && g._transitionData._animationRaf);
  const menuArgs = (g, i) => {
    const m = g.layout.updatemenus && g.layout.updatemenus[0];
    return m ? m.buttons[i].args[1] : {mode: 'immediate', frame: {duration: 0, redraw: true}, transition: {duration: 0}};
  };
  const jump = (g, gen) => {
    if (!P.Plotly || !g) return;
    P.Plotly.animate(g, [String(gen)], {mode: 'immediate', frame: {duration: 0, redraw: true}, transition: {duration: 0}});
  };
  const pause = (g) => { if (P.Plotly && g) P.Plotly.animate(g, [null], menuArgs(g, 1)); };
  const play = (g) => {
    if (!P.Plotly || !g) return;
    const fs = frames(g);
    if (!fs.length) return;
    const go = () => P.Plotly.animate(g, null, menuArgs(g, 0));
    if (where(g) >= fs[fs.length - 1]) { P.Plotly.animate(g, ['0'], {mode: 'immediate', frame: {duration: 0, redraw: true}, transition: {duration: 0}}).then(go); }
    else go();
  };
  const stepBy = (g, dir) => {
    const fs = frames(g), now = where(g);
    if (!fs.length || now === null) return;
    pause(g);
    const target = now + dir * C.step;
    const pick = dir > 0 ? (fs.find(f => f >= target) ?? fs[fs.length - 1])
                         : ([...fs].reverse().find(f => f <= target) ?? fs[0]);
    jump(g, pick);
  };
  const act = {
    play: () => { const g = gd(); playing(g) ? pause(g) : play(g); },
    start: () => { const g = gd(); pause(g); jump(g, 0); },
    end: () => { const g = gd(); const fs = frames(g); pause(g); if (fs.length) jump(g, fs[fs.length - 1]); },
    step: () => stepBy(gd(), 1),
    back: () => stepBy(gd(), -1),
  };
  const clickIn = (key) => { const b = q('[class~="st-key-' + key + '"] button'); if (b) { b.click(); return true; } return false; };
  const togglePresent = () => {
    if (C.present && clickIn(C.exitKey)) return;
    const box = q('[class~="st-key-' + C.presentKey + '"] input');
    if (box) { box.click(); return; }
    const url = new URL(P.location.href);  // the toggle is hidden (hide=present): the link decides
    if (C.present) url.searchParams.delete('present'); else url.searchParams.set('present', '1');
    P.location.href = url.toString();
  };
  const typing = (t) => !!t && t.nodeType === 1 && (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable
    || !!t.closest('[role="slider"],[role="combobox"],[role="listbox"],[data-baseweb="select"],[data-baseweb="input"]'));
  const onKey = (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    const k = e.key;
    let done = true;
    if (C.player && (k === ' ' || k === 'Spacebar')) act.play();
    else if (C.player && k === 'ArrowRight') act.step();
    else if (C.player && k === 'ArrowLeft') act.back();
    else if (C.player && k === 'Home') act.start();
    else if (C.player && k === 'End') act.end();
    else if (C.player && (k === 'r' || k === 'R')) act.end();
    else if (k === 'p' || k === 'P') togglePresent();
    else if (k === 'Escape' && C.present) togglePresent();
    else if (k === 'n' || k === 'N') done = clickIn(C.tourNext);
    else if (k === 'b' || k === 'B') done = clickIn(C.tourBack);
    else done = false;
    if (done) e.preventDefault();
  };
  // One listener on the app's page, whichever console iframe is the latest.
  if (P.__collapseKeys) D.removeEventListener('keydown', P.__collapseKeys, true);
  P.__collapseKeys = onKey;
  D.addEventListener('keydown', onKey, true);
  document.addEventListener('keydown', (e) => { if (!e.target.closest('button') || e.key !== ' ') onKey(e); });
  for (const id of Object.keys(act)) { const b = document.getElementById(id); if (b) b.onclick = act[id]; }

  // The results show only at the end (or when revealed); the bar says where the chain is.
  const sync = () => {
    const g = gd(), now = where(g);
    // No chart after 4 s (e.g. the comparison was refused): nothing to spoil, show the rest.
    const show = (now !== null && now >= C.last) || (!g && Date.now() - born > 4000);
    if (show) D.body.setAttribute('data-collapse-reveal', '1'); else D.body.removeAttribute('data-collapse-reveal');
    const label = document.getElementById('where');
    if (label) label.textContent = now === null ? '' : 'generation ' + now.toLocaleString('en') + ' of ' + C.last.toLocaleString('en');
    const b = document.getElementById('play');
    if (b) b.textContent = playing(g) ? '❚❚ Pause' : '▶ Play';
  };
  sync();
  setInterval(sync, 120);
  if (C.reveal) {
    const end = setInterval(() => { const g = gd(); if (g && where(g) !== null) { clearInterval(end); act.end(); } }, 150);
  } else if (C.autoplay) {
    const start = setInterval(() => { const g = gd(); if (g && frames(g).length) { clearInterval(start); play(g); } }, 150);
  }
})();
</script>"""


def html(c: Console) -> str:
    """The component's whole document: the bar (when the player is on) and the script."""
    config = {"player": c.player, "last": c.last, "step": c.step, "present": c.present,
              "autoplay": c.autoplay, "reveal": c.reveal, "presentKey": c.present_key,
              "stageKey": STAGE_KEY, "exitKey": EXIT_KEY, "tourNext": TOUR_NEXT_KEY,
              "tourBack": TOUR_BACK_KEY, "lineName": LINE_NAME, "token": c.token}
    script = _SCRIPT.replace("__CONFIG__", json.dumps(config))
    return (_bar(c) if c.player else "") + script
