/* Streamlit's own light/dark switch from the address (presentation.py fills in C: {want:
   "dark_theme" or "", theme, themes}): when the address does not say so yet, add (or remove)
   embed_options=WANT and reload once. The reload keeps the choice even when the page has not
   yet written it to the address. No tag-like text here: st.html parses the script as HTML first. */
(() => {
  const C = __THEME__;
  const url = new URL(window.location.href), p = url.searchParams;
  const all = p.getAll('embed_options');
  const others = all.filter(o => !C.themes.includes(o)), now = all.filter(o => C.themes.includes(o)).join();
  if (now === C.want) return;
  p.delete('embed_options');
  others.forEach(o => p.append('embed_options', o));
  if (C.want) p.append('embed_options', C.want);
  if (C.want) p.set('theme', C.theme); else p.delete('theme');
  window.location.replace(url.toString());
})();
