"""AppTest checks of the classroom features on the Gaussian page: presets, presentation and hide
flags, compare on one seed, predict-then-run, the player, themes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from collapse_core import presets
from collapse_ui import palette, registry
from collapse_ui.families import gaussian

ROOT = Path(__file__).resolve().parents[3]
PAGE_FILES = {name: spec.script for name, spec in registry.pages().items()}
CONTROL_KEYS = [p.name for p in gaussian.PARAMS if not p.optional]


def key(name: str, page: str = "gaussian") -> str:
    return f"{page}.{name}"


def open_app(query: dict[str, str], page: str = "gaussian") -> AppTest:
    """The app opened at `page` with `query`, as a shared deep link opens it in a browser."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    if page != "gaussian":
        at.switch_page(PAGE_FILES[page])  # before the first run: the link's own page
    return at.run()


def trace(fig: dict, name: str, axis: str = "x") -> list:
    return next(t["y"] for t in fig["data"] if t.get("name") == name and t.get("xaxis", "x") == axis)


def drawn_controls(at: AppTest) -> set[str]:
    found = set()
    for kind in ("slider", "select_slider", "radio", "toggle", "number_input", "selectbox"):
        found |= {w.key for w in at.get(kind) if w.key}
    return found


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("name", sorted(presets.PRESETS))
def test_preset_link_loads_runs_and_its_url_reproduces_it(name, chart_specs):
    p = presets.get(name)
    # Every registered family page is drawn by collapse_ui/page.py, classroom included: a preset
    # whose page is not registered is a broken preset, not a case to skip.
    assert p.page in PAGE_FILES, f"preset {name} is for page {p.page!r}, which is not registered"
    at = open_app({"preset": name}, p.page)
    assert not at.exception and not at.warning and not at.error
    url = dict(at.query_params)
    assert url["preset"] == name and url["seed"] == str(p.config.seed)
    cfg = presets.settings(p.config)
    for field in ("sample_size", "generations", "regime", "replicates"):
        assert url[field] == str(cfg[field]), field
    assert any(m.value == p.title for m in at.subheader)
    assert any(p.citation[:40] in c.value for c in at.caption)
    if p.compare is not None:
        assert url["compare"] == "preset"
    # The full URL, in a new session, draws the same charts.
    again = open_app(url, p.page)
    assert not again.exception and not again.warning
    assert chart_specs(again) == chart_specs(at)
    assert dict(again.query_params) == url


@pytest.mark.parametrize("name", sorted(presets.for_page("gaussian")))
def test_choosing_a_preset_sets_every_control_and_the_url(app: AppTest, name):
    p = presets.get(name)
    app.query_params["log_y"] = "linear"
    app.query_params["generations"] = "77"
    app.run()
    app.selectbox(key=key("preset")).set_value(name).run()
    assert not app.exception
    cfg = presets.settings(p.config)
    assert app.slider(key=key("generations")).value == cfg["generations"]
    assert app.select_slider(key=key("sample_size")).value == cfg["sample_size"]
    assert app.radio(key=key("regime")).value == cfg["regime"]
    assert app.radio(key=key("estimator")).value == cfg["estimator"]
    assert app.number_input(key=key("seed")).value == cfg["seed"]
    assert app.slider(key=key("real_fraction")).value == pytest.approx(cfg["real_fraction"])
    assert app.query_params["preset"] == name
    assert app.query_params["generations"] == str(cfg["generations"])
    assert app.query_params["log_y"] == ("log" if name == "mle-vs-unbiased" else "auto")


def test_changing_a_setting_after_a_preset_says_so_and_offers_the_way_back(app: AppTest):
    app.query_params["preset"] = "paper-gaussian"
    app.run()
    app.slider(key=key("generations")).set_value(300).run()
    assert any("Changed since the preset: Generations" in m.value for m in app.markdown)
    app.button(key=key("preset.reset")).click().run()
    assert app.slider(key=key("generations")).value == 1000
    assert not any("Changed since" in m.value for m in app.markdown)


# ---------------------------------------------------------------- presentation


def test_presentation_mode_enlarges_type_and_charts_and_tucks_controls_away():
    plain = open_app({})
    shown = open_app({"present": "1"})
    assert not shown.exception and not shown.warning
    css = "".join(el.proto.body for el in shown.get("html"))  # the frame's phone rule comes too
    assert "font-size: 22px" in css
    assert not any("model collapse" in m.value for m in shown.markdown)  # the intro is skipped
    assert not shown.title  # and so is the app's title
    assert any("model collapse" in m.value for m in plain.markdown)
    assert shown.expander[0].label == "Settings"
    from conftest import charts

    assert all(c["layout"]["font"]["size"] > 20 for c in charts(shown))
    assert all(c["layout"]["font"]["size"] < 20 for c in charts(plain))


def test_show_flag_draws_only_that_control_and_the_others_keep_their_url_values(chart_specs):
    base = {"generations": "300", "regime": "accumulate", "seed": "5"}
    full = open_app(base)
    only = open_app({**base, "present": "1", "show": "sample_size"})
    assert not only.exception and not only.warning
    assert drawn_controls(only) == {key("sample_size")}
    assert only.query_params["generations"] == "300" and only.query_params["regime"] == "accumulate"
    assert only.query_params["show"] == "sample_size"
    xy = [[(t["x"], t["y"]) for t in fig["data"]] for fig in (chart_specs(only)[0], chart_specs(full)[0])]
    assert xy[0] == xy[1]  # the hidden values still apply
    # The one visible slider still works, and the hidden values survive the rerun.
    only.select_slider(key=key("sample_size")).set_value(200).run()
    assert only.query_params["sample_size"] == "200" and only.query_params["generations"] == "300"
    assert only.query_params["regime"] == "accumulate"


def test_hide_flag_hides_what_it_says_and_nothing_else():
    at = open_app({"hide": "regime,estimator,preset", "regime": "accumulate"})
    assert not at.exception and not at.warning
    drawn = drawn_controls(at)
    assert key("regime") not in drawn and key("estimator") not in drawn and key("preset") not in drawn
    for name in ("sample_size", "generations", "real_fraction", "seed", "present", "compare"):
        assert key(name) in drawn, name
    assert at.query_params["regime"] == "accumulate" and at.query_params["hide"] == "regime,estimator,preset"


def test_bad_hide_flag_warns_and_hides_nothing():
    at = open_app({"hide": "regime,<b>x</b>"})
    assert not at.exception and len(at.warning) == 1 and "(hide)" in at.warning[0].value
    assert key("regime") in drawn_controls(at) and "hide" not in at.query_params


def test_presentation_works_with_embed_true():
    at = open_app({"present": "1", "embed": "true", "show": "generations"})
    assert not at.exception and not at.warning
    assert drawn_controls(at) == {key("generations")}


def test_classroom_flags_stay_out_of_an_ordinary_link(app: AppTest):
    app.run()
    assert set(app.query_params) == set(CONTROL_KEYS)


# ---------------------------------------------------------------- compare


def test_compare_runs_both_sides_on_one_seed_with_shared_axes(chart_specs):
    at = open_app({"compare": "regime", "seed": "7", "generations": "150"})
    assert not at.exception and not at.warning
    stage = chart_specs(at)[0]
    lay = stage["layout"]
    assert "xaxis2" in lay and lay["yaxis2"].get("matches") == "y"
    # B is exactly the accumulate run on the same seed, drawn alone.
    alone = open_app({"regime": "accumulate", "seed": "7", "generations": "150"})
    assert trace(stage, "simulation: median", "x2") == trace(chart_specs(alone)[0], "simulation: median")
    assert trace(stage, "simulation: median", "x") == trace(chart_specs(at)[1], "simulation: median")
    assert any("same seed (7)" in c.value for c in at.caption)
    titles = [a["text"] for a in lay["annotations"]]
    assert titles[-2:] == ["<b>A: Replace: the newest data only</b>", "<b>B: Accumulate: all data so far</b>"]


def test_preset_compare_uses_the_presets_other_side(chart_specs):
    p = presets.get("keep-10pct-real")
    at = open_app({"preset": p.name, "generations": "100"})
    stage = chart_specs(at)[0]
    b = np.array(trace(stage, "simulation: median", "x2"))
    a = np.array(trace(stage, "simulation: median", "x"))
    assert a[-1] > b[-1]  # 10% real data holds the variance up; none lets it fall
    assert stage["layout"]["annotations"][-1]["text"] == "<b>B: share of real data 0</b>"


# ---------------------------------------------------------------- predict


def test_predict_holds_the_result_back_then_answers_with_the_number(app: AppTest, chart_specs):
    app.query_params["predict"] = "1"
    app.run()
    assert not chart_specs(app) and not app.metric
    assert any("**above** or **below** half of the truth's" in m.value for m in app.markdown)
    app.button(key=key("predict.below")).click().run()
    assert not app.exception
    assert len(chart_specs(app)) == 5
    answer = app.success[0].value
    assert "You said **below**: right." in answer and "below half" in answer and "%" in answer
    # A new setting asks again.
    app.slider(key=key("generations")).set_value(20).run()
    assert not chart_specs(app)
    app.button(key=key("predict.below")).click().run()  # after 20 generations, still above half
    assert "You said **below**; the simulation says above." in app.warning[0].value


def test_predict_buttons_use_the_questions_own_words():
    at = open_app({"predict": "1", "generations": "20", "replicates": "10"}, "categorical")
    assert not at.exception
    assert any("**more** or **fewer**" in m.value for m in at.markdown)
    assert at.button(key=key("predict.above", "categorical")).label == "More"
    assert at.button(key=key("predict.below", "categorical")).label == "Fewer"
    at.button(key=key("predict.below", "categorical")).click().run()
    said = (at.success or at.warning)[0].value
    assert said.startswith("You said **fewer**") and "above" not in said and "below" not in said


def test_the_preset_explanation_waits_while_the_class_predicts():
    p = presets.get("paper-gaussian")
    at = open_app({"preset": "paper-gaussian", "predict": "1"})
    assert not at.exception and any(m.value == p.title for m in at.subheader)
    assert not any(p.explanation[:60] in m.value for m in at.markdown)
    assert any("appears once the class has answered" in m.value for m in at.markdown)
    at.button(key=key("predict.skip")).click().run()
    assert any(p.explanation[:60] in m.value for m in at.markdown)


# ---------------------------------------------------------------- player


def test_player_frames_are_small_and_step_moves_the_generation(app: AppTest, chart_specs):
    app.query_params["play"] = "1"
    app.query_params["generations"] = "1000"
    app.run()
    assert not app.exception
    stage = chart_specs(app)[0]
    frames = stage["frames"]
    assert 50 <= len(frames) <= 101
    assert all(set(f) <= {"name", "layout"} for f in frames)  # no data in a frame
    assert [b["label"] for b in stage["layout"]["updatemenus"][0]["buttons"]] == ["▶ Play", "❚❚ Pause"]
    curtain = stage["layout"]["shapes"][0]
    assert curtain["x0"] == 0 and curtain["x1"] == 1000
    # Every frame moves the same shapes (Plotly merges them by index): at the end the curtain
    # is there but hidden, and the line sits on the last generation.
    assert all(
        [s["name"] for s in f["layout"]["shapes"]] == ["player-curtain", "player-line"] for f in frames
    )
    end = frames[-1]["layout"]["shapes"]
    assert end[0]["visible"] is False and end[1]["x0"] == 1000
    # Animated, Start/Back/Step/End live in the browser, on the animation's own position:
    # the server draws no step buttons (console.py; tests/browser/test_presenter_browser.py drives them).
    assert not [b for b in app.button if b.key and ".player." in b.key]
    linked = open_app({"play": "1", "generations": "1000", "at": "50"})  # a link's `at`: the opening frame
    stage = chart_specs(linked)[0]
    assert stage["layout"]["shapes"][0]["x0"] == 50
    assert stage["layout"]["sliders"][0]["steps"][stage["layout"]["sliders"][0]["active"]]["label"] == "50"


def test_reduced_motion_steps_instead_of_animating(app: AppTest, chart_specs):
    app.query_params["play"] = "1"
    app.query_params["reduce_motion"] = "1"
    app.run()
    stage = chart_specs(app)[0]
    assert not stage.get("frames") and not stage["layout"].get("updatemenus")
    app.slider(key=key("at")).set_value(120).run()
    assert chart_specs(app)[0]["layout"]["shapes"][0]["x0"] == 120
    assert app.query_params["at"] == "120"


# ---------------------------------------------------------------- themes


def test_dark_theme_charts_have_no_black_on_dark(chart_specs):
    at = open_app({"theme": "dark"})
    assert not at.exception
    for fig in chart_specs(at):
        assert fig["layout"]["paper_bgcolor"] == "#0E1117"
        assert fig["layout"]["font"]["color"] == "#FFFFFF"
        colours = {str(t.get("line", {}).get("color", "")).lower() for t in fig["data"]}
        assert "#000000" not in colours
    # The page's own colours come from Streamlit's dark theme (config.toml [theme.dark]), asked
    # for through its embed option, never from CSS over the widgets.
    bodies = [el.proto.body for el in at.get("html")]
    assert any('"want": "dark_theme"' in b for b in bodies) and not any("#0E1117" in b for b in bodies)


def test_no_theme_script_unless_the_chrome_must_change():
    at = open_app({})
    assert not at.exception
    # auto: nothing to do (the frame's phone-chart script is another script, always there)
    assert not any('"want"' in el.proto.body for el in at.get("html"))
    at.radio(key="gaussian.theme").set_value("light").run()
    assert any('"want": "light_theme"' in el.proto.body for el in at.get("html"))
    at.radio(key="gaussian.theme").set_value("auto").run()  # back: the embed option comes out
    assert any('"want": ""' in el.proto.body for el in at.get("html"))
    at.run()
    assert not any('"want"' in el.proto.body for el in at.get("html"))


@pytest.mark.parametrize(("theme", "want"), [("dark", "dark_theme"), ("light", "light_theme"), ("auto", "")])
def test_theme_script_asks_streamlit_for_its_own_theme(theme, want):
    from collapse_ui.classroom import presentation

    script = presentation.theme_script(theme)
    assert f'"want": "{want}"' in script and "background" not in script
    assert (
        f'"theme": "{theme}"' in script
        and "p.delete('theme')" in script
        and "p.set('theme', C.theme)" in script
    )


def test_config_defines_a_light_and_a_dark_theme_in_the_projects_colours():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert "base" not in cfg  # a base would pin one theme: both stay on offer in the app menu
    assert cfg["primaryColor"] == palette.BLUE
    for name, ground in (("light", palette.LIGHT), ("dark", palette.DARK)):
        assert (
            cfg[name]["backgroundColor"] == ground["bg"]
            and cfg[name]["secondaryBackgroundColor"] == ground["panel"]
        )


def test_contrasts_change_one_thing_and_are_labelled_by_what_differs():
    from collapse_ui import compare as compare_mod
    from collapse_ui.kit import DEFAULT_CONTRASTS

    by_name = {c.name: c for c in DEFAULT_CONTRASTS}
    values = {p.name: p.default for p in gaussian.PARAMS}
    half = {**values, "real_fraction": 0.5}
    # "real" from 50% real data compares 50% with none (not "10%").
    b = compare_mod.other_side(half, by_name["real"].overrides(half))
    assert [n for n in b if b[n] != half[n]] == ["real_fraction"] and b["real_fraction"] == 0.0
    params = {p.name: p for p in gaussian.PARAMS}
    assert "0.5" in compare_mod.describe(params, half, ["real_fraction"])
    # "source" is offered only with real data in the mix, and then changes the source alone.
    assert not by_name["source"].applies(values)
    assert by_name["source"].applies(half)
    b = compare_mod.other_side(half, by_name["source"].overrides(half))
    assert [n for n in b if b[n] != half[n]] == ["real_source"]
