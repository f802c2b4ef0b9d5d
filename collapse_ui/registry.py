"""The UI registry: one page spec per family (plus a few pages that belong to no family).

`BUILTIN` is the one list a new page joins (one line). The navigation (app.py), the cached
run (cache.py), the export panel and command line (exporting/), and the classroom read the
specs; nothing shared names a family. Everything a spec holds is pure (no Streamlit calls at
import): the export command line rebuilds a page's charts without a browser session.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go

from collapse_core import WorkBudgetError, presets, simulate
from collapse_core.presets import Preset
from collapse_ui import compare
from collapse_ui.exporting import compare_words
from collapse_ui.exporting.pack import PackRequest
from collapse_ui.params import Param, parse_query, values_from_preset

DEFAULT_BASE_URL = "http://localhost:8501"
# Classroom settings a permalink keeps when they are not at their default (name -> default).
LINK_EXTRAS = {"preset": "none", "compare": "off"}

# Navigation sections, in order: ten pages stay findable in four groups.
SECTIONS = ("Watch it happen", "More models", "Research", "About")

# Modules that define `PAGE` (a PageSpec or a NavPage), in navigation order within a section.
BUILTIN = (
    "collapse_ui.families.gaussian",
    "collapse_ui.families.categorical",
    "collapse_ui.families.text",
    "collapse_ui.families.multivariate",
    "collapse_ui.families.mixture",
    "collapse_ui.phase",
    "collapse_ui.families.digits",
    "collapse_ui.families.kde",
    "collapse_ui.families.regression",
    "collapse_ui.about",
)


@dataclass(frozen=True)
class NavPage:
    """A page in the navigation that belongs to no family (About, Research pages)."""

    name: str
    script: str
    title: str
    icon: str
    section: str
    url_path: str
    default: bool = False
    params: tuple = ()  # the page's own URL settings, if it has any (the fuzz suite reads them)


@dataclass(frozen=True)
class PageSpec:
    """Everything the shared UI needs to know about one family's page.

    Attributes:
        name: the family's name (collapse_core's Family.name); presets, the export command line
            (--page) and session-state keys use it.
        url_path: the page's path in the app's URL (kept stable for shared links).
        aliases: other names the export command line accepts for the page (e.g. its URL path).
        title: the export title and page heading; nav_title/icon/section: its navigation entry.
        script: the page script, relative to app.py.
        params: the page's setting specs (its PageState's).
        config_from: settings -> the core's config (a frozen dataclass with a seed).
        digest: the core's Result -> what the charts are drawn from (cached per config).
        charts: (digest, settings) -> [(title, figure, caption), ...], in page order.
        stage_figure: (digest, settings) -> the stage chart (player / comparison).
        headlines: digest -> [Headline, ...] (the numbers above the charts).
        settings_line: settings -> one line with the settings and seed (the export caption).
        file_stem: settings -> a file name stem with the page, key settings and seed.
        preset_hints: preset -> display settings it implies.
        contrasts: the classroom's compare contrasts for this page.
        question: the classroom's predict question (or None).
        max_generations: the generations slider's top (the classroom's player uses it).
        too_large_tip: what to try when the budget refuses a request.
    """

    name: str
    url_path: str
    title: str
    nav_title: str
    icon: str
    section: str
    script: str
    params: Sequence[Param]
    config_from: Callable[[dict[str, Any]], Any]
    digest: Callable[[Any], Any]
    charts: Callable[[Any, dict[str, Any]], list[tuple[str, go.Figure, str]]]
    stage_figure: Callable[[Any, dict[str, Any]], go.Figure]
    headlines: Callable[[Any], list]
    settings_line: Callable[[dict[str, Any]], str]
    file_stem: Callable[[dict[str, Any]], str]
    max_generations: int
    too_large_tip: str = ""
    preset_hints: Callable[[Preset], dict] | None = None
    contrasts: Sequence[Any] = ()
    question: Any = None
    aliases: tuple[str, ...] = ()
    default: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.name

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def values_from_query(
        self, query: Mapping[str, str], base: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Settings from URL-style text (name -> text) over `base` (default: the defaults).
        Raises ValueError naming every bad or unknown entry: on the command line a typo must
        not pass silently, as it would with the page's fall-back-and-warn."""
        values, problems = parse_query(tuple(self.params), query)
        if problems:
            raise ValueError(
                " ".join(p.message.split("; using the ")[0].split("; ignored")[0] + "." for p in problems)
            )
        return {**(self.defaults() if base is None else base), **values}

    def values_from_preset(self, preset: Preset) -> dict[str, Any]:
        """A preset's configuration as this page's settings, as the page's preset picker sets them."""
        return values_from_preset(self.params, preset, self.preset_hints)

    def query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Settings as the URL writes them (PageState.save writes the same), plus the preset and
        the comparison when they are on: a shared link then reopens the whole picture."""
        out = {
            p.name: p.format(values[p.name])
            for p in self.params
            if not (p.optional and values[p.name] == p.default)
        }
        for name, off in LINK_EXTRAS.items():
            value = values.get(name)
            if isinstance(value, str) and value != off:
                out[name] = value
        return out

    def permalink(self, values: Mapping[str, Any], base_url: str = DEFAULT_BASE_URL) -> str:
        """The page's URL with every setting in the query string: the link reproduces the picture.
        `base_url` is the app's address; a page URL (".../gaussian") is used as it is."""
        base = base_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        if not base.endswith("/" + self.url_path):
            base = f"{base}/{self.url_path}"
        return f"{base}?{urlencode(self.query(values))}"

    def pack_request(
        self,
        values: Mapping[str, Any],
        *,
        base_url: str = DEFAULT_BASE_URL,
        digest: Any = None,
        caption: bool = True,
        run: Callable[[Any], Any] | None = None,
        **size_and_formats: Any,
    ) -> PackRequest:
        """Everything the slide pack needs for these settings. `digest` is the page's (cached)
        digest when it has one; without it the simulation runs here (the command line). With
        compare on, the side-by-side chart comes first (B from `run`, the page's cached run)."""
        values = dict(values)
        config = self.config_from(values)
        if digest is None:
            digest = self.digest(simulate(config))
        link = self.permalink(values, base_url)
        charts, skipped = list(self.charts(digest, values)), []
        try:
            side = self.comparison(values, digest, run)
        except WorkBudgetError as exc:
            side = None
            skipped.append(f"The side-by-side comparison is left out: it is too much work ({exc}).")
        meta = self.meta(values, digest.config, link, getattr(digest, "provenance", None))
        stem, line = self.file_stem(values), self.settings_line(values)
        if side is not None:
            charts.insert(0, side)  # first, as on the page (the stage above the charts)
            # The pack shows two runs: its words describe both (collapse_ui/exporting/compare_words.py).
            b, diff = self.other_side(values)
            params = {p.name: p for p in self.params}
            meta = compare_words.meta(meta, b, self.config_from(b), diff, values["compare"])
            stem = compare_words.file_stem(self.file_stem, values, b)
            line = compare_words.settings_line(self.settings_line, params, values, b, diff)
        return PackRequest(
            charts=charts,
            meta=meta,
            permalink=link,
            stem=stem,
            caption=line if caption else "",
            skipped=skipped,
            **size_and_formats,
        )

    def other_side(self, values: Mapping[str, Any]) -> tuple[dict, list[str]] | None:
        """compare.other for this page: B's settings and the names that differ, or None."""
        return compare.other(values, presets.for_page(self.name), {c.name: c for c in self.contrasts})

    def comparison(
        self, values: Mapping[str, Any], digest: Any, run: Callable[[Any], Any] | None = None
    ) -> tuple[str, go.Figure, str] | None:
        """The side-by-side chart the page shows for values["compare"] (a preset's other side or
        a contrast), or None when compare is off or changes nothing. `run`: config -> digest (the
        page's cached run); without it B is simulated here. Raises WorkBudgetError for a B too
        large to run."""
        if values.get("compare", "off") == "off":
            return None
        side = self.other_side(values)
        if side is None:
            return None
        b_config = self.config_from(side[0])
        b_digest = run(b_config) if run is not None else self.digest(simulate(b_config))
        return compare.chart(
            {p.name: p for p in self.params}, values, side, self.stage_figure, digest, b_digest
        )

    def meta(
        self, values: Mapping[str, Any], config: Any, permalink: str, provenance: dict | None = None
    ) -> dict:
        """What config.json holds: page, settings, the core's config (seed included), link,
        and the run's provenance block."""
        out = {
            "title": self.title,
            "page": self.name,
            "settings": dict(values),
            "config": config.asdict() if hasattr(config, "asdict") else config,
            "permalink": permalink,
        }
        if provenance is not None:
            out["provenance"] = provenance
        return out


# The two tables are published together and whole: readers take the current pair without a
# lock and never see one being filled (a fresh server's first sessions all ask at once).
# Loading and every change happen under the lock (re-entrant: a page module may use the
# registry while it is imported during loading, on the loading thread).
_Tables = tuple[dict[str, PageSpec], dict[str, NavPage]]
_lock = threading.RLock()
_tables: _Tables | None = None  # None until every built-in page is in
_filling: _Tables | None = None  # the tables being loaded (seen only by the loader)


def _load() -> _Tables:
    """The loaded (pages, nav) tables, loading them on first use. Never mutated once published."""
    global _filling, _tables
    tables = _tables
    if tables is not None:
        return tables
    with _lock:
        if _tables is not None:
            return _tables
        if _filling is not None:  # the loading thread, re-entered from a page module's import
            return _filling
        _filling = ({}, {})
        try:
            for module in BUILTIN:
                _add(_filling, importlib.import_module(module).PAGE)
            _tables = _filling
        finally:
            _filling = None  # a failed load leaves nothing half-filled: the next use retries
        return _tables


def _add(tables: _Tables, page: PageSpec | NavPage) -> None:
    table = tables[0] if isinstance(page, PageSpec) else tables[1]
    if page.section not in SECTIONS:
        raise ValueError(f"page {page.name!r}: section must be one of {', '.join(SECTIONS)}")
    if page.name in table and table[page.name] is not page:
        raise ValueError(f"page {page.name!r} is already registered")
    table[page.name] = page


def _change(edit: Callable[[_Tables], None]) -> None:
    """Apply `edit` to copies of the tables and publish them (or to the tables being loaded)."""
    global _tables
    with _lock:
        current = _load()
        if _filling is not None:
            edit(_filling)
            return
        tables = (dict(current[0]), dict(current[1]))
        edit(tables)
        _tables = tables


def register(page: PageSpec | NavPage) -> PageSpec | NavPage:
    """Add a page (a test's toy family, or a plug-in page)."""
    _change(lambda tables: _add(tables, page))
    return page


def unregister(name: str) -> None:
    def drop(tables: _Tables) -> None:
        tables[0].pop(name, None)
        tables[1].pop(name, None)

    _change(drop)


def pages() -> dict[str, PageSpec]:
    """Family pages by family name, in registry order."""
    return dict(_load()[0])


def nav_pages() -> list[PageSpec | NavPage]:
    """Every page in the navigation: family pages and the others, in registry order."""
    family_pages, others = _load()
    return [*family_pages.values(), *others.values()]


def get(name: str) -> PageSpec:
    """A family page by its name or an alias (its URL path)."""
    table = _load()[0]
    if name in table:
        return table[name]
    for spec in table.values():
        if name in spec.aliases or name == spec.url_path:
            return spec
    raise ValueError(f"unknown page {name!r}; pages with export: {', '.join(sorted(table))}")


def for_config(cfg) -> PageSpec:
    """The page of a config's family."""
    return get(cfg.family)


class _Pages(Mapping):
    """PAGES: name -> PageSpec, read live (a page registered later joins)."""

    def __getitem__(self, name: str) -> PageSpec:
        return pages()[name]

    def __iter__(self):
        return iter(pages())

    def __len__(self) -> int:
        return len(pages())

    # One snapshot per call, so iterating never mixes two versions of the table.
    def keys(self):
        return pages().keys()

    def items(self):
        return pages().items()

    def values(self):
        return pages().values()


PAGES = _Pages()
