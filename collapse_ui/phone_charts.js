/* Charts on a phone: one rule for every Plotly chart of the app. When a chart is drawn
   narrower than NARROW px, it is laid out again in the browser: side-by-side panels (a 1 x 2
   grid such as the compare chart) are stacked, titles and axis titles are wrapped to the
   width they have, and axes get fewer ticks, so no label runs into another or past the edge.
   The server cannot know the width; the figures it sends stay the desktop ones (exports too).
   The height stays the figure's own: Streamlit redraws every chart at it.
   Each figure is laid out once (a mark in layout.meta): a new figure from the server comes
   without the mark and gets the rule again. No tag-like text here: st.html parses the script as HTML. */
(() => {
  if (window.__mcePhoneCharts) return;
  window.__mcePhoneCharts = true;
  const NARROW = 560; // px of chart width below which the phone layout applies
  const TICK_PX = 75; // at most one tick label per this many px of axis
  const BR = '\x3cbr\x3e'; // Plotly's line break, spelled so that no tag appears in the script

  // Text broken at spaces into lines at most `width` px wide (measured in the chart's own
  // font); [text, number of lines].
  const canvas = document.createElement('canvas').getContext('2d');
  const measure = (text, font) => {
    const bold = /\x3cb\x3e/.test(text) ? 'bold ' : ''; // the sides' names are bold
    canvas.font = `${bold}${font.size}px ${font.family}`;
    return canvas.measureText(text.replace(/\x3c[^\x3e]*\x3e/g, '')).width;
  };
  const wrap = (text, font, width) => {
    const out = [];
    String(text).split(BR).forEach((part) => {
      let line = '';
      part.split(' ').forEach((word) => {
        const next = line ? line + ' ' + word : word;
        if (line && measure(next, font) > width) {
          out.push(line);
          line = word;
        } else {
          line = next;
        }
      });
      out.push(line);
    });
    return [out.join(BR), out.length];
  };

  const sideBySide = (L) => {
    const x1 = L.xaxis, x2 = L.xaxis2, y2 = L.yaxis2;
    // Two panels that share their y axis (the compare chart), not a main plot with a side panel.
    return Boolean(x1 && x2 && y2 && y2.matches === 'y' && x1.domain[1] <= 0.6 && x2.domain[0] >= 0.4);
  };

  const phoneLayout = (gd) => {
    const L = gd._fullLayout;
    const up = {};
    let top = 0;
    const stacked = sideBySide(L);
    if (stacked) {
      const gap = 0.16;
      Object.assign(up, {
        'xaxis.domain': [0, 1], 'xaxis2.domain': [0, 1],
        'yaxis.domain': [0.5 + gap / 2, 1], 'yaxis2.domain': [0, 0.5 - gap / 2],
        'yaxis2.showticklabels': true,
        'yaxis2.title.text': (L.yaxis.title && L.yaxis.title.text) || '',
        'xaxis.title.text': '', // the lower panel's axis says it for both
        'xaxis2.title.text': (L.xaxis.title && L.xaxis.title.text) || '',
      });
      // Each side's own label stays in its own panel.
      const anns = (gd.layout.annotations || []).map((a) => (
        String(a.xref).startsWith('x2') && String(a.yref).startsWith('y') && !String(a.yref).startsWith('y2')
          ? {...a, yref: String(a.yref).replace(/^y/, 'y2')} : a));
      if (anns.length) up.annotations = anns;
    }
    // A label inside a panel (the sides' names) wraps to the panel's width.
    const annotations = up.annotations || gd.layout.annotations || [];
    const inner = annotations.map((a, i) => {
      if (!/^x\d* domain$/.test(String(a.xref)) || !a.text) return a;
      const font = {...L.annotations[i].font};
      const [text, lines] = wrap(a.text, font, (L.width - L.margin.l - L.margin.r) * 0.85);
      return lines > 1 ? {...a, text} : a;
    });
    if (inner.some((a, i) => a !== annotations[i])) up.annotations = inner;
    const width = L.width - L.margin.l - L.margin.r;
    const title = gd.layout.title && gd.layout.title.text;
    if (title) {
      const size = L.title.font.size;
      const [text, lines] = wrap(title, L.title.font, L.width - 24);
      if (lines > 1) {
        up['title.text'] = text;
        top += Math.round((lines - 1) * size * 1.3);
      }
    }
    const plotH = L._size.h - top; // the plot area as drawn (a legend below takes its share)
    Object.keys(L).filter((k) => /^[xy]axis\d*$/.test(k)).forEach((k) => {
      const ax = L[k];
      const isX = k[0] === 'x';
      const span = (isX ? width : plotH * (stacked ? 0.44 : 1)) * (ax.domain[1] - ax.domain[0]);
      const t = gd.layout[k] && gd.layout[k].title && gd.layout[k].title.text;
      const text = up[k + '.title.text'] !== undefined ? up[k + '.title.text'] : t;
      if (text) {
        const [wrapped, lines] = wrap(text, ax.title.font, span * 0.9);
        if (lines > 1) {
          up[k + '.title.text'] = wrapped;
          up[k + '.automargin'] = true;
        }
      }
      const decades = ax.type === 'log' && ax.range ? Math.abs(ax.range[1] - ax.range[0]) : 0;
      if (ax.tickmode === 'auto' && decades >= 1.5) {
        up[k + '.dtick'] = Math.max(1, Math.ceil(decades / Math.max(2, Math.floor(span / TICK_PX))));
      } else if (ax.tickmode === 'auto' && ax.type !== 'category') {
        up[k + '.nticks'] = Math.max(2, Math.floor(span / TICK_PX));
      } else if (ax.tickmode === 'linear' && ax.dtick > 0 && ax.range && !isX) {
        // Fixed steps (a log axis in whole decades): fewer of them where the panel is short.
        const n = Math.abs(ax.range[1] - ax.range[0]) / ax.dtick;
        const gap = (stacked ? 0.42 : 1) * plotH / n;
        if (gap < 30) up[k + '.dtick'] = ax.dtick * Math.ceil(30 / gap);
      }
    });
    if (top) {
      up['margin.t'] = L.margin.t + top;
      // A legend under the plot is placed in units of the plot's height: keep its distance in
      // px from the plot (and so from the axis labels) now that the plot is shorter.
      const h = L._size.h;
      if (L.legend && typeof L.legend.y === 'number' && L.legend.y < 0 && h > top) {
        up['legend.y'] = L.legend.y * h / (h - top);
      }
    }
    return up;
  };

  const apply = (gd) => {
    const L = gd._fullLayout;
    if (!L || !gd.layout || !window.Plotly || L.width >= NARROW) return;
    // The mark in layout.meta travels with the layout (Streamlit may hand it back as a new
    // object), so the rule never applies twice to one figure.
    const meta = gd.layout.meta;
    if (meta && meta.phoneLayout) return;
    const up = phoneLayout(gd);
    up.meta = {...(meta && typeof meta === 'object' && !Array.isArray(meta) ? meta : {}), phoneLayout: true};
    gd.__mcePhoneLayout = up; // what the rule changed (the browser tests read it)
    window.Plotly.relayout(gd, up).then(() => {
      // Wrapped axis titles may have widened the margins: the labels inside the panels wrap
      // again to the plot's width as now drawn.
      const F = gd._fullLayout, anns = gd.layout.annotations || [];
      const again = anns.map((a, i) => {
        if (!/^x\d* domain$/.test(String(a.xref)) || !a.text) return a;
        const [text] = wrap(String(a.text).split(BR).join(' '), F.annotations[i].font, F._size.w * 0.9);
        return text !== a.text ? {...a, text} : a;
      });
      if (again.some((a, i) => a !== anns[i])) window.Plotly.relayout(gd, {annotations: again});
    });
  };

  const hook = (gd) => {
    if (gd.__mcePhoneHooked || typeof gd.on !== 'function') return;
    gd.__mcePhoneHooked = true;
    gd.on('plotly_afterplot', () => apply(gd));
    apply(gd);
  };

  const scan = () => document.querySelectorAll('.js-plotly-plot').forEach(hook);
  new MutationObserver(scan).observe(document.body, {childList: true, subtree: true});
  scan();
})();
