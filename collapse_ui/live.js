/* One polite live region for the whole app (collapse_ui/a11y.py installs it once per page):
   it announces the headline numbers that changed after a rerun, and the player's current
   generation, at most once every THROTTLE_MS, so a playing chain does not flood a screen
   reader. It reads only what is visible: results held back until the chain ends stay unsaid.
   No tag-like text here: st.html parses the script as HTML first. */
(() => {
  if (window.__mceLive) return;
  window.__mceLive = true;
  const THROTTLE_MS = 2000;
  const POLL_MS = 400;
  const CURTAIN = '__CURTAIN__';
  const region = document.createElement('div');
  region.id = 'mce-live';
  region.className = 'mce-sr-only';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  document.body.appendChild(region);
  window.__mceLiveSaid = 0;

  const idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.dataset.testScriptState === 'notRunning';
  };
  const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
  const headlines = () => {
    const out = new Map();
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      if (!visible(m)) continue;
      const label = m.querySelector('[data-testid="stMetricLabel"]');
      const value = m.querySelector('[data-testid="stMetricValue"]');
      if (label && value) out.set(label.innerText.trim(), value.innerText.trim());
    }
    return out;
  };
  const generation = () => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      const shapes = (gd.layout && gd.layout.shapes) || [];
      const c = shapes.find((s) => s.name === CURTAIN);
      if (c) return `Generation ${Math.round(c.x0)} of ${Math.round(c.x1)}`;
    }
    return '';
  };

  let known = new Map();
  let lastGeneration = '';
  let lastSaid = -Infinity;
  let queued = '';
  const tick = () => {
    if (idle()) {
      const now = headlines();
      const changed = [...now].filter(([k, v]) => known.get(k) !== v).map(([k, v]) => `${k}: ${v}`);
      if (known.size === 0 && changed.length) queued = '';  // the first reading is the page itself
      else if (changed.length) queued = changed.join('. ');
      known = now;
      const g = generation();
      if (g && g !== lastGeneration) {
        queued = queued ? `${g}. ${queued}` : g;
        lastGeneration = g;
      }
    }
    const t = performance.now();
    if (queued && t - lastSaid >= THROTTLE_MS) {
      region.textContent = queued;
      window.__mceLiveSaid += 1;
      queued = '';
      lastSaid = t;
    }
  };
  window.setInterval(tick, POLL_MS);
})();
