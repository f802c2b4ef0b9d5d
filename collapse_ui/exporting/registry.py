"""Which pages can be exported, and what export needs to know about each.

One entry per page. The export panel (collapse_ui/exporting/panel.py) and the command line
(python -m collapse_ui.export) read only this registry, so a new page joins both with one
`PageSpec` in `PAGES` below (or `register(...)` from its own module). Everything a spec holds
is pure (no Streamlit): the command line runs it without a browser session or Streamlit cache.

A page and its export draw the same `charts(digest, values)` list, so they can never differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go

from collapse_core import simulate
from collapse_core.presets import Preset
from collapse_ui import gaussian, vocabulary
from collapse_ui.exporting.pack import PackRequest
from collapse_ui.params import Param, parse_query, values_from_preset

DEFAULT_BASE_URL = "http://localhost:8501"


@dataclass(frozen=True)
class PageSpec:
    """How to rebuild one page's charts from its settings.

    Attributes:
        name: the page's name in presets (`Preset.page`), on the command line (--page) and in
            session-state keys (PageState's page).
        url_path: the page's path in the app's URL (st.Page's url_path, e.g. "gaussian").
        title: the page's heading, used as the export's title.
        params: the page's setting specs (the same tuple its PageState uses).
        config_from: settings -> the core's config (a frozen dataclass with a seed).
        digest: the core's Result -> what the charts are drawn from.
        charts: (digest, settings) -> [(title, figure, caption), ...], in page order.
        settings_line: settings -> one line with the settings and seed (the export caption).
        file_stem: settings -> a file name stem with the page, key settings and seed.
        preset_hints: preset -> display settings it implies (as the page's preset picker sets them).
    """

    name: str
    url_path: str
    title: str
    params: Sequence[Param]
    config_from: Callable[[dict[str, Any]], Any]
    digest: Callable[[Any], Any]
    charts: Callable[[Any, dict[str, Any]], list[tuple[str, go.Figure, str]]]
    settings_line: Callable[[dict[str, Any]], str]
    file_stem: Callable[[dict[str, Any]], str]
    preset_hints: Callable[[Preset], dict] | None = None

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def values_from_query(self, query: Mapping[str, str], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Settings from URL-style text (name -> text) over `base` (default: the defaults).
        Raises ValueError naming every bad or unknown entry: on the command line a typo must
        not pass silently, as it would with the page's fall-back-and-warn."""
        values, problems = parse_query(tuple(self.params), query)
        if problems:
            raise ValueError(" ".join(p.message.split("; using the default")[0].split("; ignored")[0] + "."
                                      for p in problems))
        return {**(self.defaults() if base is None else base), **values}

    def values_from_preset(self, preset: Preset) -> dict[str, Any]:
        """A preset's configuration as this page's settings, as the page's preset picker sets them."""
        return values_from_preset(self.params, preset, self.preset_hints)

    def query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Settings as the URL writes them (PageState.save writes the same)."""
        return {p.name: p.format(values[p.name]) for p in self.params}

    def permalink(self, values: Mapping[str, Any], base_url: str = DEFAULT_BASE_URL) -> str:
        """The page's URL with every setting in the query string: the link reproduces the picture.
        `base_url` is the app's address; a page URL (".../gaussian") is used as it is."""
        base = base_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        if not base.endswith("/" + self.url_path):
            base = f"{base}/{self.url_path}"
        return f"{base}?{urlencode(self.query(values))}"

    def pack_request(self, values: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL,
                     digest: Any = None, caption: bool = True, **size_and_formats: Any) -> PackRequest:
        """Everything the slide pack needs for these settings. `digest` is the page's (cached)
        digest when it has one; without it the simulation runs here (the command line)."""
        values = dict(values)
        config = self.config_from(values)
        if digest is None:
            digest = self.digest(simulate(config))
        link = self.permalink(values, base_url)
        return PackRequest(
            charts=self.charts(digest, values),
            meta=self.meta(values, digest.config, link),
            permalink=link,
            stem=self.file_stem(values),
            caption=self.settings_line(values) if caption else "",
            **size_and_formats,
        )

    def meta(self, values: Mapping[str, Any], config: Any, permalink: str) -> dict:
        """What config.json holds: page, settings, the core's config (seed included), link."""
        return {
            "title": self.title,
            "page": self.name,
            "settings": dict(values),
            "config": config.asdict() if hasattr(config, "asdict") else config,
            "permalink": permalink,
        }


def from_module(name: str, url_path: str, title: str, module) -> PageSpec:
    """A page module (collapse_ui.gaussian, collapse_ui.vocabulary) names its parts alike."""
    return PageSpec(name=name, url_path=url_path, title=title, params=module.PARAMS,
                    config_from=module.config_from, digest=module.digest_result, charts=module.charts,
                    settings_line=module.settings_line, file_stem=module.file_stem,
                    preset_hints=getattr(module, "preset_hints", None))


PAGES: dict[str, PageSpec] = {
    "gaussian": from_module("gaussian", "gaussian", "A bell curve fitted to its own samples", gaussian),
    "vocabulary": from_module("vocabulary", "vocabulary",
                              "Vanishing tails: a vocabulary learned from its own output", vocabulary),
}


def register(spec: PageSpec) -> None:
    """Add a page (alternative to an entry in PAGES, for a page module that registers itself)."""
    if spec.name in PAGES and PAGES[spec.name] is not spec:
        raise ValueError(f"page {spec.name!r} is already registered for export")
    PAGES[spec.name] = spec


def get(name: str) -> PageSpec:
    if name not in PAGES:
        raise ValueError(f"unknown page {name!r}; pages with export: {', '.join(sorted(PAGES))}")
    return PAGES[name]
