"""A pack exported with compare on (a compare preset, or compare=<contrast>) holds the
side-by-side chart the page shows, first, with its data; without compare nothing changes.
No browser: HTML, CSV and JSON (the PNG/SVG of the same figure are tested in
test_export_render.py's style below, marked export)."""

from __future__ import annotations

import csv
import functools
import io
import zipfile

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import require_chromium
from PIL import Image
from streamlit.testing.v1 import AppTest

from collapse_core import presets, simulate
from collapse_ui import compare
from collapse_ui import export as cli
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting import pages as registry
from collapse_ui.figures import style

SPEC = registry.get("gaussian")
SMALL = {
    **SPEC.defaults(),
    "sample_size": 20,
    "generations": 40,
    "replicates": 20,
    "seed": 5,
    "preset": "none",
    "compare": "regime",
}


@functools.cache
def digest(**changes):
    return SPEC.digest(simulate(SPEC.config_from({**SMALL, **changes})))


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


def ys(fig, axis: str) -> list[list[float]]:
    return [list(t.y) for t in fig.data if (t.xaxis or "x") == axis and t.y is not None]


def test_a_contrast_puts_the_side_by_side_chart_first_with_both_sides_run_on_the_seed():
    req = SPEC.pack_request(SMALL, digest=digest())
    title, fig, note = req.charts[0]
    assert title == "Side by side: Replace: the newest data only vs Accumulate: all data so far"
    assert "same seed (5)" in note
    assert [c[0] for c in req.charts[1:]] == [
        c[0] for c in SPEC.charts(digest(), SMALL)
    ]  # the rest unchanged
    # A's half is the page's stage chart for A, B's half the stage chart of B's own run.
    a = SPEC.stage_figure(digest(), SMALL)
    b = SPEC.stage_figure(digest(regime="accumulate"), {**SMALL, "regime": "accumulate"})
    assert ys(fig, "x") == [list(t.y) for t in a.data if t.y is not None]
    assert ys(fig, "x2") == [list(t.y) for t in b.data if t.y is not None]
    assert ys(fig, "x") != ys(fig, "x2")


def test_compare_off_or_changing_nothing_leaves_the_pack_as_it_was():
    plain = SPEC.pack_request({**SMALL, "compare": "off"}, digest=digest())
    assert [c[0] for c in plain.charts] == [c[0] for c in SPEC.charts(digest(), SMALL)]
    # "source" applies only with real data in the mix: without, compare changes nothing.
    assert SPEC.comparison({**SMALL, "compare": "source"}, digest()) is None
    assert SPEC.comparison({**SMALL, "compare": "preset"}, digest()) is None  # no preset: no other side


def test_the_pages_cached_run_draws_side_b():
    seen = []

    def run(cfg):
        seen.append(cfg)
        return SPEC.digest(simulate(cfg))

    SPEC.pack_request(SMALL, digest=digest(), run=run)
    assert [c.regime for c in seen] == ["accumulate"] and seen[0].seed == 5


def test_compare_preset_pack_holds_the_side_by_side_chart_and_its_data(no_chromium):
    preset = presets.get("mle-vs-unbiased")
    values = {
        **SPEC.values_from_preset(preset),
        "generations": 60,
        "replicates": 20,
        "preset": preset.name,
        "compare": "preset",
    }
    req = SPEC.pack_request(values, formats=("html", "csv", "json"))
    assert req.charts[0][0] == "Side by side: Unbiased (divide by n − 1) vs Maximum likelihood (divide by n)"
    files = pack.build_files(req)
    stem = req.stem  # A's stem and B's difference (test_export_compare_words.py)
    assert stem.startswith(SPEC.file_stem(values) + "_vs_")
    data = [n for n in files if n.startswith(f"data/{stem}_1-side-by-side")]
    assert len(data) == 1 and sum(n.startswith("data/") for n in files) == 6
    rows = list(csv.DictReader(io.StringIO(files[data[0]].decode())))
    assert {r["xaxis"] for r in rows} == {"x", "x2"}  # both sides' numbers
    html = files[f"{stem}.html"].decode()
    assert html.count("Plotly.newPlot") == 6 and "A: Unbiased" in html and "B: Maximum likelihood" in html
    assert "1-side-by-side" in files["README.txt"].decode()


def test_a_side_b_over_the_budget_is_left_out_with_a_note(monkeypatch):
    from collapse_core import WorkBudgetError

    def too_big(cfg):
        raise WorkBudgetError("side B is over the budget")

    req = SPEC.pack_request(SMALL, digest=digest(), run=too_big)
    assert len(req.charts) == len(SPEC.charts(digest(), SMALL))
    assert any("side-by-side comparison is left out" in s for s in req.skipped)


def test_stage_and_pack_draw_the_same_comparison():
    side = compare.other(SMALL, {}, {c.name: c for c in SPEC.contrasts})
    assert side is not None and side[1] == ["regime"]
    _, fig, _ = compare.chart(
        {p.name: p for p in SPEC.params},
        SMALL,
        side,
        SPEC.stage_figure,
        digest(),
        digest(regime="accumulate"),
    )
    assert fig.to_json() == SPEC.comparison(SMALL, digest())[1].to_json()


def test_cli_compare_preset_writes_the_side_by_side_files(no_chromium, capsys, tmp_path):
    args = [
        "--preset",
        "accumulate",
        "--set",
        "generations=40",
        "--set",
        "replicates=10",
        "--format",
        "html,csv,json",
        "--out",
        str(tmp_path),
    ]
    assert cli.main(args) == 0, capsys.readouterr().err
    names = sorted(p.name for p in (tmp_path / "data").glob("*.csv"))
    assert len(names) == 6 and "_1-side-by-side-" in names[0]
    assert "compare=preset" in (tmp_path / "permalink.txt").read_text()


def test_panel_at_a_compare_preset_builds_a_zip_with_the_side_by_side_chart(app: AppTest, no_chromium):
    app.query_params.update({"preset": "accumulate", "generations": "40", "replicates": "10"})
    app.run()
    assert not app.exception
    app.button(key="gaussian.export.build").click().run()
    assert not app.exception
    _, data, _ = app.session_state["gaussian.export.zip"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any("_1-side-by-side-" in n and n.endswith(".csv") for n in names)


@pytest.mark.export
def test_the_side_by_side_chart_renders_as_png_and_svg():
    require_chromium()
    req = SPEC.pack_request(SMALL, digest=digest(), formats=("png", "svg"), width=1280, height=720, scale=1.0)
    files = pack.build_files(req)
    png = next(v for n, v in files.items() if n.startswith("png/") and "_1-side-by-side-" in n)
    assert Image.open(io.BytesIO(png)).size == (1280, 720)
    svg = next(v for n, v in files.items() if n.startswith("svg/") and "_1-side-by-side-" in n).decode()
    assert "A: Replace" in svg and "B: Accumulate" in svg


def test_the_legend_names_what_only_side_b_draws_once():
    _, fig, _ = SPEC.comparison(SMALL, digest())
    shown = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert "theory: limit when all data is kept" in shown  # the accumulate side's own line
    assert len(shown) == len(set(shown))  # nothing twice


def test_sides_with_different_automatic_axes_share_one_log_axis_in_data_units():
    """Replace falls many decades (auto: log), accumulate stays near 1 (auto: linear): the shared
    axis must be log with both sides' data inside it, not a linear axis over log exponents."""
    gens = list(range(101))
    a = style.new_figure("t", "generation", "v", log_y=False)
    a.add_trace(go.Scatter(x=gens, y=[0.9] * 101, name="median"))
    a.update_yaxes(range=[0, 1.2])
    b = style.new_figure("t", "generation", "v", log_y=True)
    b.add_trace(go.Scatter(x=gens, y=[10 ** (-t / 10) for t in gens], name="median"))
    b.update_yaxes(range=[-10.5, 0.0])
    fig = compare.side_by_side(a, b, "accumulate", "replace")
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.type == "log"
    lo, hi = fig.layout.yaxis.range
    assert lo == pytest.approx(-10.5) and hi == pytest.approx(
        np.log10(1.2)
    )  # decades, covering 1e-10.5 .. 1.2
