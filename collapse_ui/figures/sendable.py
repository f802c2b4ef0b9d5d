"""A shared figure sent without being copied and re-encoded on every rerun.

st.plotly_chart(fig) calls fig.to_dict() (a deep copy of every trace plus base64 encoding of
every array) and then JSON-encodes the result, on every rerun of every session. For the figures
the page cache shares (collapse_ui/chart.built_charts) that work is identical each time: under a
class's load it was a third of the server's GIL time (py-spy --gil, bench/load.py). Here the
dict is made once per figure object and handed to Streamlit as a figure whose to_dict returns it.

    st.plotly_chart(sendable.prepared(fig), ...)   # fig: read-only from here on

Only for figures nobody mutates afterwards (the cache's are read-only by contract): the dict
is remembered on the figure object, so a later fig.update_layout(...) would not be seen.
"""

from __future__ import annotations

from plotly.basedatatypes import BaseFigure

_ATTR = "_mce_sent_dict"  # BaseFigure lets private (underscore) attributes through


class Prepared(BaseFigure):
    """Just what st.plotly_chart and plotly.io.to_json ask of a figure: isinstance BaseFigure
    and to_dict(). BaseFigure.__init__ is skipped on purpose: it would validate everything again."""

    def __init__(self, spec: dict):
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        # Shallow copies down to each trace: plotly.io.to_json pops a trace's "uid", so what the
        # cache holds is never touched by the sender.
        spec = self._spec
        return {**spec, "data": [dict(trace) for trace in spec.get("data", ())]}

    def to_plotly_json(self) -> dict:
        return self.to_dict()


def prepared(fig: BaseFigure) -> Prepared:
    """`fig` as a figure Streamlit sends without converting it again (see the module note)."""
    spec = getattr(fig, _ATTR, None)
    if spec is None:
        spec = fig.to_dict()
        setattr(fig, _ATTR, spec)
    return Prepared(spec)
