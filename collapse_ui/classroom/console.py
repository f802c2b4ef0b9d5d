"""The presenter's console: the player bar and the keyboard shortcuts, in the browser.

One position. The stage chart's Plotly animation holds it (its slider and the dotted line at
the played generation); Play/Pause, Start/Back/Step/End, the chart's own slider and the keys all
move that one animation through `window.parent.Plotly` (the component's iframe is same-origin),
so no step costs a server round trip and no control can disagree with another. A rerun that
redraws the same chain (a new speed, presentation switched) keeps the played generation; the
link's `at` is only where a new chain opens.

No spoilers. Everything that shows the end of the chain (headlines, theory, the other charts)
is drawn inside a container that CSS hides until the page's <body> carries
data-collapse-reveal="1". The script sets that attribute only while the played generation is the
last one. Revealing early (R, a tour's reveal step) therefore means playing to the end: the hidden
elements are never displayed while an earlier generation is on screen.

Keys (ignored while typing in a field, on a focused slider or in a select, and with Ctrl/Alt/Meta):
    Space  play / pause (switches the player on if it is off)
    Left / Right  step back / forward   Home / End  start / end
    P      presentation on/off   Esc           leave presentation       R  reveal (jump to the end)
    N      next step of the tour B             previous step of the tour
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from collapse_ui import palette

SPOILERS_KEY = "spoilers"  # container key of what the player hides until the end (st-key-spoilers)
STAGE_KEY = "stage"  # container key of the stage chart
EXIT_KEY = "presenter_exit"  # the "Leave presentation" button's container
TOUR_NEXT_KEY, TOUR_BACK_KEY = "tour_next", "tour_back"
LINE_NAME = "player-line"  # the dotted line at the played generation (player.py)
CURTAIN_NAME = "player-curtain"  # the curtain over the generations not yet played (x1: the last)


@dataclass(frozen=True)
class Console:
    """What the script needs to know about the page it drives."""

    present_key: str  # session/widget key of the presentation toggle (st-key-<key> class)
    play_key: str  # ... and of the player's toggle
    player: bool  # the animated player is on (a stage chart with frames)
    step: int = 1  # generations per Step
    present: bool = False
    dark: bool = False
    autoplay: bool = False  # a tour step asked to start playing
    reveal: bool = False  # a tour step reveals the results: the chart jumps to the end
    token: str = ""  # a new tour step: the iframe reloads and runs the step's action once


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


# Runs in the app's own window (injected once by the first console, replaced when this text
# changes): a listener or timer left in a console iframe would die with it on the next rerun, as
# browsers do not run callbacks of a removed document. Everything is read from the page itself
# (the stage chart's line and curtain, the presenter's buttons), so no stale setting can linger.
_PAGE_SCRIPT = r"""
(() => {
  const W = window, D = document, K = __KEYS__;
  if (W.__collapseVersion === K.version) return;
  if (W.__collapseKeys) D.removeEventListener('keydown', W.__collapseKeys, true);
  if (W.__collapseTimer) clearInterval(W.__collapseTimer);
  W.__collapseVersion = K.version;
  const q = (sel) => D.querySelector(sel);
  const cfg = () => W.__collapseCfg || {};
  const gd = () => q('.st-key-' + K.stageKey + ' .js-plotly-plot');
  const frames = (g) => ((g && g._transitionData && g._transitionData._frames) || [])
    .map(f => Number(f.name)).filter(Number.isFinite).sort((a, b) => a - b);
  const shape = (g, name) => g && g.layout && (g.layout.shapes || []).find(s => s.name === name);
  const where = (g) => { const s = shape(g, K.lineName); return s ? Number(s.x0) : null; };
  const lastOf = (g) => { const s = shape(g, K.curtainName); return s ? Number(s.x1) : null; };
  // Plotly.react with frames (Streamlit re-applying the figure after a rerun) gives the chart a
  // fresh _transitionData; a Play already running keeps its loop on the old one, where neither
  // Pause nor playing() would see it. So remember what Play started on, and stop such an orphan.
  let loop = null;  // {g, td}
  const orphan = (g) => (loop && g && loop.g === g && loop.td !== g._transitionData && loop.td._animationRaf) ? loop.td : null;
  const stopOrphan = (g) => {
    const td = orphan(g);
    if (!td) return false;
    td._frameQueue.length = 0;
    W.cancelAnimationFrame(td._animationRaf);
    td._animationRaf = null;
    return true;
  };
  const playing = (g) => !!(g && g._transitionData && g._transitionData._animationRaf) || !!orphan(g);
  const still = {mode: 'immediate', frame: {duration: 0, redraw: true}, transition: {duration: 0}};
  const menuArgs = (g, i) => {
    const m = g.layout.updatemenus && g.layout.updatemenus[0];
    return m ? m.buttons[i].args[1] : still;
  };
  // A jump remembers its target: however long it takes to land (a loaded machine), keepPlace
  // must not take it for a move nobody made.
  const jump = (g, gen) => { W.__collapseTarget = Number(gen); return W.Plotly.animate(g, [String(gen)], still); };
  let asked = 0;  // bumped by each Pause: a Play whose jump to the start lands after it must not go on
  const pause = (g) => { asked++; stopOrphan(g); loop = null; return W.Plotly.animate(g, [null], menuArgs(g, 1)); };
  const play = (g) => {
    const fs = frames(g), mine = asked;
    const go = () => {
      if (mine !== asked) return;
      const p = W.Plotly.animate(g, null, menuArgs(g, 0));
      loop = {g, td: g._transitionData};
      return p;
    };
    if (where(g) >= fs[fs.length - 1]) jump(g, fs[0]).then(go); else go();
  };
  const stepBy = (g, dir) => {
    const fs = frames(g), now = where(g);
    if (now === null) return;
    pause(g);
    const target = now + dir * (cfg().step || Math.max(1, Math.round(fs[fs.length - 1] / 20)));
    jump(g, dir > 0 ? (fs.find(f => f >= target) ?? fs[fs.length - 1])
                    : ([...fs].reverse().find(f => f <= target) ?? fs[0]));
  };
  // Each action needs the animated stage chart (frames); without it the key is left alone.
  const withPlayer = (fn) => () => {
    const g = gd();
    if (!W.Plotly || !frames(g).length) return false;
    W.__collapseMoved = Date.now();  // the presenter moved it (see keepPlace)
    fn(g);
    return true;
  };
  const act = {
    play: withPlayer(g => (playing(g) ? pause(g) : play(g))),
    start: withPlayer(g => { pause(g); jump(g, frames(g)[0]); }),
    end: withPlayer(g => { const fs = frames(g); pause(g); jump(g, fs[fs.length - 1]); }),
    step: withPlayer(g => stepBy(g, 1)),
    back: withPlayer(g => stepBy(g, -1)),
  };
  const clickIn = (key) => { const b = q('[class~="st-key-' + key + '"] button'); if (b) { b.click(); b.blur(); return true; } return false; };
  // Space on a page without the player: switch it on (one rerun), then play as soon as it is drawn.
  const startPlayer = () => {
    const box = cfg().playKey && q('[class~="st-key-' + cfg().playKey + '"] input');
    if (!box || box.checked) return false;
    W.__collapseAutoplay = Date.now();
    box.click(); box.blur();
    return true;
  };
  const presenting = () => !!q('[class~="st-key-' + K.exitKey + '"]');
  const togglePresent = () => {
    if (presenting()) return clickIn(K.exitKey);
    W.__collapseCloseSidebar = true;  // the controls move into the page: the sidebar would stay open, empty
    const box = cfg().presentKey && q('[class~="st-key-' + cfg().presentKey + '"] input');
    if (box) { box.click(); box.blur(); return true; }
    const url = new URL(W.location.href);  // the toggle is hidden (hide=present): the link decides
    url.searchParams.set('present', '1');
    W.location.href = url.toString();
    return true;
  };
  const typing = (t) => !!t && t.nodeType === 1 && ((t.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(t.type))
    || ['TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable
    || !!t.closest('[role="slider"],[role="combobox"],[role="listbox"],[data-baseweb="select"],[data-baseweb="input"]'));
  const onKey = (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const run = {' ': () => act.play() || startPlayer(), ArrowRight: act.step, ArrowLeft: act.back, Home: act.start, End: act.end, r: act.end,
                 p: togglePresent, Escape: () => presenting() && clickIn(K.exitKey),
                 n: () => clickIn(K.tourNext), b: () => clickIn(K.tourBack)}[k];
    if (run && run()) {
      e.preventDefault();
      if (e.target && e.target.blur && e.target !== D.body) e.target.blur();  // a focused button must not also click
    }
  };
  // A rerun that redraws the same chain (a new speed, presentation on or off) keeps the played
  // generation: the redrawn chart comes back at the link's `at`, a move nobody made. Moves by the
  // presenter (buttons, keys, the chart's slider, playing) are remembered; any other change on
  // the same data is undone.
  D.addEventListener('pointerdown', (e) => {
    if (e.target.closest && e.target.closest('.st-key-' + K.stageKey + ' .slider-container')) W.__collapseDrag = true;
  }, true);
  D.addEventListener('pointerup', () => { if (W.__collapseDrag) { W.__collapseDrag = false; W.__collapseMoved = Date.now(); } }, true);
  const fingerprint = (g) => [lastOf(g), g.data.length, ...g.data.slice(0, 4).map(t => {
    const y = t.y || [];
    return y.bdata ? y.bdata.length + y.bdata.slice(0, 80) + y.bdata.slice(-80) : y.length + ':' + y[Math.floor(y.length / 2)];
  })].join('|');
  const keepPlace = (g) => {
    if (!g || !g.data || where(g) === null || lastOf(g) === null || !frames(g).length) return;
    const memo = W.__collapseMemo, fp = fingerprint(g), now = where(g);
    if (playing(g) || W.__collapseDrag) { W.__collapseMoved = Date.now(); W.__collapseTarget = null; }
    const landed = now === W.__collapseTarget;
    if (landed) W.__collapseTarget = null;
    const moved = landed || Date.now() - (W.__collapseMoved || 0) < 400;  // a Play's last frame lands within a frame or two
    if (memo && memo.fp === fp && now !== memo.now && !moved && frames(g).includes(memo.now)) {
      jump(g, memo.now);
      return;
    }
    W.__collapseMemo = {fp, now};
  };
  // The results are shown only while the played generation is the last one.
  let seen = Date.now();
  const sync = () => {
    // A Play orphaned by a redraw goes on, from where it is, on the chart's new animation data.
    try { const g = gd(); if (frames(g).length && stopOrphan(g)) play(g); } catch (err) { /* a chart mid-redraw: next tick */ }
    try { keepPlace(gd()); } catch (err) { /* a chart mid-redraw: next tick */ }
    const g = gd(), now = where(g), last = lastOf(g);
    if (g || !q('.st-key-' + K.spoilersKey)) seen = Date.now();
    // No stage chart for 2 s (e.g. the comparison was refused): nothing to spoil, show the rest.
    const show = (now !== null && last !== null && now >= last) || Date.now() - seen > 2000;
    if (show) D.body.setAttribute('data-collapse-reveal', '1'); else D.body.removeAttribute('data-collapse-reveal');
    if (W.__collapseAutoplay && Date.now() - W.__collapseAutoplay > 30000) W.__collapseAutoplay = 0;
    if (W.__collapseAutoplay && frames(g).length && act.play()) W.__collapseAutoplay = 0;
    const side = q('[data-testid="stSidebar"][data-collapsed="false"]');
    if (W.__collapseCloseSidebar && presenting()) {
      W.__collapseCloseSidebar = false;
      const close = side && !side.querySelector('.st-key-classroom_controls') && q('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }
  };
  W.__collapse = {act, onKey, state: () => { const g = gd(); return {now: where(g), last: lastOf(g), playing: playing(g)}; }};
  W.__collapseKeys = onKey;
  D.addEventListener('keydown', onKey, true);
  W.__collapseTimer = setInterval(sync, 100);
  sync();
})();
"""

# Runs in the console's iframe: installs the page script, draws the bar, runs a tour step's action.
_FRAME_SCRIPT = r"""
<script>
(() => {
  const C = __CONFIG__, P = window.parent, D = P.document;
  P.__collapseCfg = C;
  if (P.__collapseVersion !== C.version) {
    const s = D.createElement('script');
    s.textContent = __PAGE__;
    D.head.appendChild(s);
  }
  const A = P.__collapse;
  for (const b of document.querySelectorAll('button')) b.onclick = () => A.act[b.id]();
  // Keys pressed while the bar has the focus; Space on a bar button is that button's own click.
  document.addEventListener('keydown', (e) => { if (!(e.key === ' ' && e.target.closest('button'))) A.onKey(e); });
  const label = document.getElementById('where'), playButton = document.getElementById('play');
  // The viewer's reduced-motion wish: no Play (Step, End and the scrubber stay).
  if (playButton && window.matchMedia('(prefers-reduced-motion: reduce)').matches) playButton.hidden = true;
  if (label) setInterval(() => {
    const s = A.state();
    label.textContent = s.now === null ? '' : 'generation ' + s.now.toLocaleString('en') + ' of ' + (s.last ?? s.now).toLocaleString('en');
    playButton.textContent = s.playing ? '❚❚ Pause' : '▶ Play';
  }, 120);
  const once = (fn) => { const t = setInterval(() => { if (fn()) clearInterval(t); }, 150); };
  if (C.reveal) once(A.act.end); else if (C.autoplay) once(A.act.play);
})();
</script>"""


def page_script() -> str:
    """The script the consoles install in the app's window (see _PAGE_SCRIPT)."""
    keys = {"stageKey": STAGE_KEY, "exitKey": EXIT_KEY, "tourNext": TOUR_NEXT_KEY, "tourBack": TOUR_BACK_KEY,
            "lineName": LINE_NAME, "curtainName": CURTAIN_NAME, "spoilersKey": SPOILERS_KEY}
    body = _PAGE_SCRIPT.replace("__KEYS__", json.dumps({**keys, "version": VERSION}))
    return body


VERSION = hashlib.sha1(_PAGE_SCRIPT.encode()).hexdigest()[:12]


def _css_key(key: str) -> str:
    """Streamlit's element class for a widget key: st-key- and the key, other characters as "-"."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def html(c: Console) -> str:
    """The component's whole document: the bar (when the player is on) and the script."""
    config = {"step": c.step, "autoplay": c.autoplay, "reveal": c.reveal, "presentKey": _css_key(c.present_key),
              "playKey": _css_key(c.play_key),
              "version": VERSION, "token": c.token}
    script = (_FRAME_SCRIPT.replace("__CONFIG__", json.dumps(config))
              .replace("__PAGE__", json.dumps(page_script()).replace("</", "<\\/")))
    return (_bar(c) if c.player else "") + script
