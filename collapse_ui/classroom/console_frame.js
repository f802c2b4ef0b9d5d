// The presenter's console iframe: installs the page script (console.js), draws the bar's
// buttons and runs a tour step's action. console.py replaces __CONFIG__ (this page's settings)
// and __PAGE__ (console.js as a string).
(() => {
  const C = __CONFIG__, P = window.parent, D = P.document;
  P.__collapseCfg = C;
  if (P.__collapseVersion !== C.version) {
    const s = D.createElement('script');
    s.textContent = __PAGE__;
    D.head.appendChild(s);
  }
  const A = P.__collapse;
  for (const b of document.querySelectorAll('button')) b.onclick = () => A.press(b.id);
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
