// The presenter's console, in the app's own window (console.py installs it once per version).
// A listener or timer left in a console iframe would die with it on the next rerun, as browsers
// do not run callbacks of a removed document. Everything is read from the page itself (the stage
// chart's line and curtain, the presenter's buttons), so no stale setting can linger.
// __KEYS__ is replaced by console.py with the element keys and this script's version.
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
  // A press is never dropped: while the app reruns, or while the stage chart is being redrawn
  // (its animation frames not there yet), it waits in this queue and acts, in order, once the
  // page is idle (sync); a press still unable to act QUEUE_MS after the page went idle is dropped.
  const QUEUE_MS = 5000, GAP_MS = 400;
  const pending = [];  // [{run, since}]
  let nextAt = 0;  // after an action from the queue, the next waits GAP_MS (its rerun starts first)
  const busy = () => !!q('[data-testid="stApp"][data-test-script-state="running"]');
  const redrawing = () => !!cfg().player && !frames(gd()).length;
  const later = (run) => { pending.push({run, since: Date.now()}); return true; };
  const drain = () => {
    if (!pending.length || busy() || Date.now() < nextAt) return;
    const first = pending[0];
    if (first.run()) { pending.shift(); nextAt = Date.now() + GAP_MS; return; }
    if (Date.now() - first.since > QUEUE_MS) pending.shift();
  };
  // The bar's buttons take the same path as the keys (console_frame.js).
  const press = (name) => {
    const run = act[name];
    if (pending.length || busy()) return later(run);
    return run() || (redrawing() && later(run));
  };
  const onKey = (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // Space on a page without the player switches it on, then plays once it is drawn (queued).
    const space = () => act.play() || (startPlayer() && later(act.play)) || (redrawing() && later(act.play));
    const run = {' ': space, ArrowRight: act.step, ArrowLeft: act.back, Home: act.start, End: act.end, r: act.end,
                 p: togglePresent, Escape: () => presenting() && clickIn(K.exitKey),
                 n: () => clickIn(K.tourNext), b: () => clickIn(K.tourBack)}[k];
    if (!run) return;
    // Behind earlier presses, or during a rerun: wait (pending.length keeps the presses' order).
    const queued = (pending.length || busy()) ? later(run) : false;
    if (queued || run() || (redrawing() && later(run))) {
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
    try { drain(); } catch (err) { /* a chart mid-redraw: next tick */ }
    if (W.__collapseAutoplay && Date.now() - W.__collapseAutoplay > 30000) W.__collapseAutoplay = 0;
    if (W.__collapseAutoplay && frames(g).length && act.play()) W.__collapseAutoplay = 0;
    const side = q('[data-testid="stSidebar"][data-collapsed="false"]');
    if (W.__collapseCloseSidebar && presenting()) {
      W.__collapseCloseSidebar = false;
      const close = side && !side.querySelector('.st-key-classroom_controls') && q('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }
  };
  W.__collapse = {act, press, onKey, pending: () => pending.length, state: () => { const g = gd(); return {now: where(g), last: lastOf(g), playing: playing(g)}; }};
  W.__collapseKeys = onKey;
  D.addEventListener('keydown', onKey, true);
  W.__collapseTimer = setInterval(sync, 100);
  sync();
})();
