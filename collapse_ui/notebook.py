"""The app's charts for a Result, outside the app (a notebook, a script): the same page spec,
digest and figure builders the page uses, so a notebook draws what the page draws.

    from collapse_core import GaussianConfig, simulate
    from collapse_ui.notebook import charts
    for fig in charts(simulate(GaussianConfig(seed=1))):
        fig.show()

Display settings (e.g. `log_y="log"`, `show_generation=20`) are the page's URL settings.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import plotly.graph_objects as go

from collapse_core.result import Result
from collapse_ui import registry


def settings_for(result: Result, **display: Any) -> dict[str, Any]:
    """The page's settings for `result`: each from its config where the page has that field,
    the page's defaults and hints for the rest, then `display` (names checked)."""
    spec = registry.for_config(result.config)
    values = spec.values_from_preset(SimpleNamespace(config=result.config, name=None, compare=None))
    unknown = sorted(set(display) - set(values))
    if unknown:
        raise ValueError(f"the {spec.name} page has no setting {unknown[0]!r}; settings: {', '.join(values)}")
    by_name = {p.name: p for p in spec.params}
    return {**values, **{k: by_name[k].clean(v) for k, v in display.items()}}


def charts(result: Result, **display: Any) -> list[go.Figure]:
    """The page's charts for `result`, in page order, as Plotly figures (titles in the layout)."""
    spec = registry.for_config(result.config)
    values = settings_for(result, **display)
    return [fig for _title, fig, _note in spec.charts(spec.digest(result), values)]
