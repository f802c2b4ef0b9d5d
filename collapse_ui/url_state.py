"""A page's settings, kept in Streamlit session state and mirrored in the URL query string.

Usage on a page (the order matters):

    state = PageState("gaussian", PARAMS)   # PARAMS: a tuple of collapse_ui.params specs
    state.load()         # first, before any widget: fill session state, warn about bad URL values
    widgets.slider(state, "generations") ...   # widgets read and write session state by key
    values = state.values()                   # cleaned values by name
    state.save()         # write every value to the URL, so the link reproduces the page

Where a setting's value comes from when its widget has no state yet (first visit, or coming back
from another page, which makes Streamlit forget the widget): the URL if it holds a valid value,
else the value this page last had in this session, else the spec's default. Bad URL values and
unknown keys are reported in one warning and dropped from the URL at the next save; numbers out
of range snap to the nearest allowed value (named in the warning); tracking parameters
(utm_source, fbclid, ...) are dropped without a word.

Widget keys are namespaced by page ("gaussian.seed") because session state is shared by every
page of the app; URL keys are the bare names, since the URL belongs to one page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from collapse_ui.params import Param, Problem, parse_query


class PageState:
    def __init__(self, page: str, params: Sequence[Param]):
        self.page = page
        self.params = {p.name: p for p in params}
        if len(self.params) != len(params):
            raise ValueError(f"page {page!r} declares a setting twice")
        self._saved = f"_saved.{page}"  # last values, kept across page switches
        self.hidden: frozenset[str] = frozenset()  # settings whose widgets are not drawn (widgets.py)

    def key(self, name: str) -> str:
        """The session-state (and widget) key of a setting."""
        return f"{self.page}.{name}"

    def param(self, name: str) -> Param:
        return self.params[name]

    def load(self) -> list[Problem]:
        """Give every setting a session-state value; warn about URL values that were ignored."""
        missing = [n for n in self.params if self.key(n) not in st.session_state]
        if not missing:
            return []  # reruns after a widget change: the URL only mirrors state
        from_url, problems = parse_query(tuple(self.params.values()), st.query_params.to_dict())
        problems = [p for p in problems if not p.silent]
        saved = st.session_state.get(self._saved, {})
        for name in missing:
            default = self.params[name].default
            st.session_state[self.key(name)] = from_url.get(name, saved.get(name, default))
        if problems:
            lines = "\n".join(f"- {p.message}" for p in problems[:8])
            more = f"\n- and {len(problems) - 8} more." if len(problems) > 8 else ""
            st.warning(
                f"Some settings in the link were not usable:\n{lines}{more}", icon=":material/warning:"
            )
        return problems

    def value(self, name: str) -> Any:
        return self.params[name].clean(st.session_state[self.key(name)])

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.params}

    def set(self, name: str, value: Any) -> None:
        """Change a setting from a callback (e.g. a button), before its widget is drawn."""
        st.session_state[self.key(name)] = value

    def save(self) -> None:
        """Mirror every setting in the URL (defaults too: a link must not depend on them), except
        `optional` ones (e.g. presentation flags), written only when not at their default."""
        values = self.values()
        st.session_state[self._saved] = values
        wanted = {
            n: self.params[n].format(v)
            for n, v in values.items()
            if not (self.params[n].optional and v == self.params[n].default)
        }
        if st.query_params.to_dict() != wanted:
            st.query_params.from_dict(wanted)
