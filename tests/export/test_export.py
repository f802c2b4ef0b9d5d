"""Export without a browser: registry, CSV, captions, the pack's files without Chromium, the
command line's exit codes, and the page's export panel (AppTest). PNG/SVG rendering itself is
tested in test_export_render.py (needs Chromium)."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import subprocess
import sys
import zipfile
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import ROOT, decode
from streamlit.testing.v1 import AppTest

from collapse_core import presets, simulate
from collapse_ui import export as cli
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting import pages as registry
from collapse_ui.exporting.figure_data import figure_csv, with_caption
from collapse_ui.families import gaussian
from collapse_ui.figures import slim

SPEC = registry.get("gaussian")
SMALL = {**SPEC.defaults(), "sample_size": 20, "generations": 40, "replicates": 20, "seed": 5}


@functools.cache
def small_digest():
    return SPEC.digest(simulate(SPEC.config_from(SMALL)))


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


# ---------------------------------------------------------------- registry and charts


def test_charts_are_the_pages_four_charts_with_titles_and_notes():
    charts = gaussian.charts(small_digest(), SMALL)
    assert len(charts) == 5  # four charts and the collapse share
    for title, fig, note in charts:
        assert title == fig.layout.title.text and title
        assert note.endswith(".")


def test_page_draws_exactly_what_export_draws(app: AppTest, chart_specs):
    app.run()
    values = SPEC.defaults()
    digest = SPEC.digest(simulate(SPEC.config_from(values)))
    # The screen gets the exported figure slimmed (figures/slim.py: decimated, float32); the
    # slimming is tested on its own in tests/ui/test_slim.py.
    exported = [decode(json.loads(slim.figure(fig).to_json())) for _, fig, _ in SPEC.charts(digest, values)]
    shown = chart_specs(app)
    assert [s["data"] for s in shown] == [e["data"] for e in exported]
    assert [s["layout"]["title"]["text"] for s in shown] == [e["layout"]["title"]["text"] for e in exported]


def test_permalink_carries_every_setting_and_parses_back():
    link = SPEC.permalink(SMALL, "https://example.org/app/")
    parts = urlsplit(link)
    assert parts.path == "/app/gaussian"
    query = dict(parse_qsl(parts.query))
    assert query == SPEC.query(SMALL)
    assert SPEC.values_from_query(query) == SMALL
    # A page URL (what st.context.url gives) is used as it is, its old query dropped.
    assert SPEC.permalink(SMALL, "http://h:8501/gaussian?seed=9") == f"http://h:8501/gaussian?{parts.query}"


def test_preset_values_are_the_presets_config():
    preset = presets.get("accumulate")
    values = SPEC.values_from_preset(preset)
    assert SPEC.config_from(values) == preset.config
    assert values["show_generation"] == preset.config.generations


def test_file_stem_and_settings_line_carry_key_settings_and_seed():
    stem, line = SPEC.file_stem(SMALL), SPEC.settings_line(SMALL)
    assert stem == "gaussian_M20_G40_replace_mle_R20_seed5"
    assert "seed 5" in line and "M = 20" in line and "40 generations" in line


# ---------------------------------------------------------------- CSV and caption


def test_csv_matches_the_figures_data():
    for _, fig, _ in gaussian.charts(small_digest(), SMALL):
        rows = list(csv.DictReader(io.StringIO(figure_csv(fig))))
        expected = [
            (tr.name or f"trace {i}", x, y)
            for i, tr in enumerate(fig.data)
            for x, y in zip(tr.x, tr.y, strict=True)
        ]
        assert len(rows) == len(expected)
        for row, (name, x, y) in zip(rows, expected, strict=True):
            assert row["trace"] == name
            assert float(row["x"]) == float(x)
            assert float(row["y"]) == float(y)  # written at full precision


def test_caption_goes_in_a_strip_of_its_own_and_leaves_the_figure_alone():
    _, fig, _ = gaussian.charts(small_digest(), SMALL)[0]
    styled = pack.export_figure(fig)
    before = len(fig.layout.annotations)
    captioned = with_caption(styled, "seed 5", font_size=12)
    assert len(fig.layout.annotations) == before  # the page's figure is not changed
    note = captioned.layout.annotations[-1]
    assert note.text == "seed 5"
    # The caption's top lies below the old bottom margin's content: below the plot by more
    # than the old margin, i.e. in the new strip.
    plot_h = captioned.layout.height - captioned.layout.margin.t - captioned.layout.margin.b
    caption_top_px_below_plot = -note.y * plot_h - 12 * 1.3
    assert caption_top_px_below_plot >= styled.layout.margin.b - 2


# ---------------------------------------------------------------- the pack without Chromium


def request(**kw) -> pack.PackRequest:
    return SPEC.pack_request(SMALL, digest=small_digest(), **kw)


def test_pack_without_chromium_still_has_html_csv_json_and_says_how_to_enable(no_chromium):
    files = pack.build_files(request())
    stem = SPEC.file_stem(SMALL)
    assert not any(n.endswith((".png", ".svg")) for n in files)
    assert f"{stem}.html" in files and "config.json" in files and "permalink.txt" in files
    assert sum(n.startswith("data/") for n in files) == 5
    readme = files["README.txt"].decode()
    assert "apt-get install chromium" in readme and "PNG and SVG skipped" in readme
    html = files[f"{stem}.html"].decode()
    assert html.count("Plotly.newPlot") == 5 and "<script src=" not in html  # plotly.js inlined: offline
    meta = json.loads(files["config.json"])
    assert meta["config"]["seed"] == 5 and meta["settings"]["sample_size"] == 20
    prov = meta["provenance"]
    assert prov["config"] == meta["config"] and prov["seed"] == 5 and prov["bit_generator"] == "PCG64"
    assert {"schema_version", "package_version", "python", "numpy", "scipy", "engine", "budget"} <= set(prov)
    assert files["permalink.txt"].decode().strip() == meta["permalink"]


def test_zip_holds_every_file_the_pack_promises(no_chromium):
    req = request(formats=("html", "csv", "json"))
    names = set(zipfile.ZipFile(io.BytesIO(pack.build_zip(req))).namelist())
    assert names == set(pack.build_files(req))


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"formats": ("png", "gif")}, "gif"),
        ({"width": 50}, "width"),
        ({"height": 90_000}, "height"),
        ({"scale": 0}, "scale"),
        ({"width": 4000, "height": 4000, "scale": 4}, "pixels"),
        ({"height": 8000}, "height must be between 100 and 4096"),
    ],
)
def test_pack_request_rejects_bad_sizes_and_formats(kw, match):
    with pytest.raises(ValueError, match=match):
        request(**kw)


def test_png_size_is_width_and_height_times_scale():
    for width, height, scale in ((1920, 1080, 2), (1000, 700, 1.5), (1024, 768, 1)):
        css_w, css_h, zoom = pack.render_size(width, height, scale)
        assert css_h == pack.EXPORT_HEIGHT
        assert round(css_w * zoom) == width * scale and round(css_h * zoom) == height * scale


# ---------------------------------------------------------------- command line


def run_cli(argv, capsys) -> tuple[int, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--preset", "no-such-preset"],
        ["--page", "no-such-page"],
        ["--page", "gaussian", "--set", "sample_size=300"],
        ["--page", "gaussian", "--set", "colour=red"],
        ["--page", "gaussian", "--set", "oops"],
        ["--page", "gaussian", "--format", "png,gif"],
        ["--page", "gaussian", "--width", "10"],
        ["--page", "gaussian", "--scale", "lots"],
        ["--preset", "accumulate", "--page", "gaussian"],
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(argv, capsys, tmp_path):
    code, err = run_cli([*argv, "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing written on a usage error


def test_cli_unwritable_folder_exits_1(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, err = run_cli(["--page", "gaussian", "--format", "csv", "--out", str(blocker / "out")], capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "cannot write" in err


def test_cli_without_chromium_exits_1_for_png_and_works_for_the_rest(no_chromium, capsys, tmp_path):
    code, err = run_cli(["--page", "gaussian", "--format", "png", "--out", str(tmp_path)], capsys)
    assert code == 1 and "apt-get install chromium" in err and len(err.strip().splitlines()) == 1
    args = [
        "--page",
        "gaussian",
        "--set",
        "generations=30",
        "--set",
        "replicates=10",
        "--format",
        "html,csv,json",
        "--no-caption",
        "--out",
        str(tmp_path),
    ]
    code, err = run_cli(args, capsys)
    assert code == 0, err
    stem = "gaussian_M100_G30_replace_mle_R10_seed1"
    assert (tmp_path / f"{stem}.html").exists() and (tmp_path / "config.json").exists()
    assert len(list((tmp_path / "data").glob(f"{stem}_*.csv"))) == 5


def test_cli_help_documents_formats_presets_and_exit_codes():
    out = subprocess.run(
        [sys.executable, "-m", "collapse_ui.export", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for word in (
        "--preset",
        "--out",
        "--format",
        "--width",
        "--no-caption",
        "paper-gaussian",
        "Exit status",
        "Chromium",
    ):
        assert word in out


# ---------------------------------------------------------------- the page's panel (AppTest)


def test_panel_without_chromium_says_how_and_builds_a_zip_of_html_csv_json(app: AppTest, no_chromium):
    app.run()
    assert not app.exception
    assert any("apt-get install chromium" in i.value for i in app.info)
    assert not [b for b in app.get("download_button") if b.label == "SVG"]
    assert app.selectbox(key="gaussian.export.size").value.startswith("1920 × 1080")
    assert app.selectbox(key="gaussian.export.scale").value == 2
    assert app.toggle(key="gaussian.export.caption").value is True
    app.button(key="gaussian.export.build").click().run()
    assert not app.exception
    _, data, name = app.session_state["gaussian.export.zip"]
    assert name == "gaussian_M100_G200_replace_mle_R200_seed1_slides.zip"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "config.json" in names and not any(n.endswith(".png") for n in names)
    assert [b for b in app.get("download_button") if b.label == "Download the ZIP"]
    # A changed setting drops the stale pack.
    app.number_input(key="gaussian.seed").set_value(2).run()
    assert "gaussian.export.zip" not in app.session_state
    assert not [b for b in app.get("download_button") if b.label == "Download the ZIP"]


def test_a_browser_that_fails_to_start_is_an_error_not_a_hang(tmp_path):
    """kaleido's own sync server waits forever when Chromium dies at start; ours reports it."""
    code = (
        "import plotly.graph_objects as go\n"
        "from collapse_ui.exporting import renderer\n"
        "try:\n    renderer.render(go.Figure(), 'png', 300, 200)\n"
        "except renderer.ExportUnavailable as exc:\n    print('unavailable:', exc)\n"
    )
    env = {**os.environ, "BROWSER_PATH": "/bin/false"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
    )
    assert out.stdout.startswith("unavailable: kaleido could not start Chromium at /bin/false")


def test_export_of_a_preset_uses_the_display_settings_the_page_picker_sets(app: AppTest):
    """mle-vs-unbiased opens on a log axis on the page; its export must draw the same axis."""
    preset = presets.get("mle-vs-unbiased")
    app.query_params["preset"] = preset.name
    app.run()
    on_page = {p.name: app.session_state[f"gaussian.{p.name}"] for p in SPEC.params}
    assert SPEC.values_from_preset(preset) == on_page
    assert on_page["log_y"] == "log"


def test_permalink_keeps_preset_and_compare():
    preset = presets.get("accumulate")
    values = {**SPEC.values_from_preset(preset), "preset": "accumulate", "compare": "preset"}
    query = dict(parse_qsl(urlsplit(SPEC.permalink(values)).query))
    assert query["preset"] == "accumulate" and query["compare"] == "preset"
    plain = dict(parse_qsl(urlsplit(SPEC.permalink({**values, "preset": "none", "compare": "off"})).query))
    assert "preset" not in plain and "compare" not in plain
