"""A shared figure sent without being copied and re-encoded on every rerun.

st.plotly_chart(fig) calls fig.to_dict() (a deep copy of every trace plus base64 encoding of
every array) and then JSON-encodes the result, on every rerun of every session. For the figures
the page cache shares (collapse_ui/chart.built_charts) that work is identical each time: under a
class's load it was a third of the server's GIL time (py-spy --gil, bench/load.py). Here the
dict is made once per figure object and handed to Streamlit as a figure whose to_dict returns it.

    st.plotly_chart(sendable.prepared(fig), ...)   # fig: read-only from here on

Only for figures nobody mutates afterwards (the cache's are read-only by contract): the dict
is remembered on the figure object, so a later fig.update_layout(...) would not be seen.

The JSON text Streamlit makes of that dict (plotly.io.to_json: Plotly's encoder encodes,
parses and encodes again) is remembered too, through `remembering`, a guarded wrapper of
plotly.io.to_json that answers only for the dicts handed out here and passes everything else
on: the encoding was 6% of the server's time under the 30-session load (py-spy --gil).
collapse_ui/patches.py installs both (the wrapper, and MEMOS on) at start-up; until then, or
with patches off (COLLAPSE_NO_PATCHES=1), `prepared` hands back the figure itself.
"""

from __future__ import annotations

import plotly.io as pio
from plotly.basedatatypes import BaseFigure

_ATTR = "_mce_sent_dict"  # BaseFigure lets private (underscore) attributes through
MEMOS = False  # memo attributes on shared figures (here and chart._styled): collapse_ui/patches.py


class _Spec(dict):
    """The dict a Prepared figure hands out: it carries the figure's memo of its JSON."""

    __slots__ = ("memo",)


class Prepared(BaseFigure):
    """Just what st.plotly_chart and plotly.io.to_json ask of a figure: isinstance BaseFigure
    and to_dict(). BaseFigure.__init__ is skipped on purpose: it would validate everything again."""

    def __init__(self, spec: dict, memo: dict | None = None):
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_memo", {} if memo is None else memo)

    def to_dict(self) -> dict:
        # Shallow copies down to each trace: plotly.io.to_json pops a trace's "uid", so what the
        # cache holds is never touched by the sender.
        spec = self._spec
        out = _Spec(spec, data=[dict(trace) for trace in spec.get("data", ())])
        out.memo = self._memo
        return out

    def to_plotly_json(self) -> dict:
        return self.to_dict()


def prepared(fig: BaseFigure) -> BaseFigure:
    """`fig` as a figure Streamlit sends without converting it again (see the module note)."""
    if not MEMOS:
        return fig
    kept = getattr(fig, _ATTR, None)
    if kept is None:
        kept = (fig.to_dict(), {})
        setattr(fig, _ATTR, kept)
    return Prepared(*kept)


def warm(fig: BaseFigure) -> None:
    """Make `fig`'s dict and JSON text now (the preload), not on its first send."""
    pio.to_json(prepared(fig).to_dict(), validate=False)


def remembering(to_json):
    """plotly.io.to_json answering a prepared figure's dict from its memo (collapse_ui/patches.py)."""

    def wrapper(fig, validate=True, pretty=False, remove_uids=True, engine=None):
        if isinstance(fig, _Spec) and not pretty and remove_uids and engine is None:
            key = ("json", pio.json.config.default_engine)
            text = fig.memo.get(key)
            if text is None:
                text = fig.memo[key] = to_json(fig, validate=validate)
            return text
        return to_json(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)

    wrapper.original = to_json
    return wrapper
