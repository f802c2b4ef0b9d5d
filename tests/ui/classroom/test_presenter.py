"""AppTest checks of the presenter (collapse_ui/classroom/console.py, tours.py): results held back
while playing, one client-side player (no server Step), the keyboard script, presentation mode
that keeps control, and the guided tours. The browser half is tests/browser/test_presenter_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from test_classroom import key, open_app

from collapse_core import presets
from collapse_ui import registry
from collapse_ui.classroom import console, tours


def _blocks_holding(at: AppTest, kind: str) -> list[list[str]]:
    """For every element of `kind`: the keys of the containers around it, outermost first."""
    found = []

    def walk(node, path):
        for child in getattr(node, "children", {}).values():
            here = path
            if type(child).__name__ == "Block" and child.proto is not None:
                here = [*path, str(getattr(child.proto, "id", "")).rsplit("-", 1)[-1]]
            if getattr(child, "type", None) == kind:
                found.append(here)
            walk(child, here)

    walk(at._tree, [])
    return found


def _css(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _console_doc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1, "one console per page"
    return frames[0].proto.srcdoc


def _console_config(at: AppTest) -> dict:
    return json.loads(re.search(r"const C = (\{.*?\}), P =", _console_doc(at)).group(1))


# ---------------------------------------------------------------- play without spoilers


def test_with_the_player_every_result_is_inside_the_held_back_container():
    at = open_app({"preset": "paper-gaussian", "play": "1"})
    assert not at.exception
    assert f".st-key-{console.SPOILERS_KEY} {{ display: none !important; }}" in _css(at)
    held = [console.SPOILERS_KEY in path for path in _blocks_holding(at, "metric")]
    assert held and all(held)  # every headline
    charts = _blocks_holding(at, "plotly_chart")
    assert charts[0][-1] == console.STAGE_KEY and console.SPOILERS_KEY not in charts[0]
    assert len(charts) > 1 and all(console.SPOILERS_KEY in p for p in charts[1:])  # every other chart
    at.session_state["gaussian.theory"] = True  # the theory panel, opened (drawn only while open)
    at.run()
    latex = _blocks_holding(at, "latex")
    assert latex and all(console.SPOILERS_KEY in p for p in latex)  # the theory's numbers
    assert any("appear when the chain has played to its end" in c.value for c in at.caption)


def test_without_the_player_nothing_is_held_back():
    at = open_app({"preset": "paper-gaussian"})
    assert not at.exception
    assert console.SPOILERS_KEY not in _css(at)
    assert not any(console.SPOILERS_KEY in p for p in _blocks_holding(at, "metric"))
    assert _console_config(at)["playKey"] == "gaussian-play"  # Space can switch the player on


def test_the_animated_player_has_no_server_steps_and_its_bar_drives_the_chart():
    at = open_app({"preset": "paper-gaussian", "play": "1", "present": "1"})
    assert not [b for b in at.button if ".player." in (b.key or "")]  # no round trip per step
    doc = _console_doc(at)
    for label in ("« Start", "◀ Back", "▶ Play", "Step ▶", "End: reveal »"):
        assert label in doc
    cfg = _console_config(at)
    assert cfg["step"] == 50 and cfg["presentKey"] == "gaussian-present"  # 1000 generations / 20
    assert cfg["version"] == console.VERSION and console.VERSION in doc


def test_reduced_motion_keeps_the_server_steps():
    at = open_app({"play": "1", "reduce_motion": "1"})
    assert {b.key for b in at.button} >= {key("player.step"), key("player.back")}


def test_page_script_reads_the_page_not_settings():
    script = console.page_script()
    # The played generation and the chain's end come from the stage chart's own shapes.
    assert (
        f'"lineName": "{console.LINE_NAME}"' in script
        and f'"curtainName": "{console.CURTAIN_NAME}"' in script
    )
    # Keys typed into a field, a slider or a select are left to them.
    assert "typing(e.target)" in script and "'TEXTAREA'" in script and 'role="slider"' in script


# ---------------------------------------------------------------- presentation keeps control


def test_presentation_has_a_way_out_and_clears_the_nav_bar():
    at = open_app({"preset": "paper-gaussian", "present": "1"})
    css = _css(at)
    assert "padding-top: calc(64px + 1rem)" in css
    for clutter in (".st-key-engine_line", ".modebar-container", "stDownloadButton"):
        assert clutter in css
    assert 'stMetricValue"] * { font-size: 2.4rem !important' in css  # 53 px at 22 px type
    leave = at.button(key=key("present.exit"))
    assert leave.label == "Leave presentation"
    leave.click().run()
    assert "present" not in at.query_params
    assert "padding-top: calc(64px" not in _css(at)
    assert key("present") in {t.key for t in at.sidebar.toggle}  # the controls are back in the sidebar


# ---------------------------------------------------------------- tours


def test_every_preset_has_a_tour_that_sets_only_its_page_controls():
    pages = registry.pages()
    for name, preset in presets.PRESETS.items():
        steps = tours.tour(preset)
        assert len(steps) >= 3, name
        assert any(s.play for s in steps) and any(s.reveal for s in steps), name
        params = {p.name: p for p in pages[preset.page].params}
        for step in steps:
            for control, value in step.settings.items():
                assert control in params, (name, control)
                assert params[control].clean(value) == value, (name, control)


def test_generic_tour_uses_the_preset_explanation():
    preset = presets.get("kde-silverman")
    assert preset.name not in tours.TOURS
    first, reveal = tours.tour(preset)[0], tours.tour(preset)[-1]
    assert preset.title in first.say and preset.explanation.split(". ")[0] in first.say
    assert reveal.reveal and preset.explanation.split(". ")[1][:40] in reveal.say


def test_paper_gaussian_tour_steps_forward_and_back():
    at = open_app({"preset": "paper-gaussian", "present": "1"})
    steps = tours.TOURS["paper-gaussian"]
    at.button(key=key("tour.start")).click().run()
    assert any("step 1 of 5" in m.value for m in at.markdown)
    assert not any(presets.get("paper-gaussian").explanation[:50] in m.value for m in at.markdown)
    at.button(key=key("tour.next")).click().run()  # step 2: play
    assert at.query_params["play"] == "1"
    cfg = _console_config(at)
    assert cfg["autoplay"] and not cfg["reveal"]
    at.button(key=key("tour.next")).click().run()  # step 3: reveal (the chart jumps to its end)
    assert _console_config(at)["reveal"]
    at.button(key=key("tour.next")).click().run()  # step 4: accumulate
    assert at.query_params["regime"] == "accumulate" and steps[3].settings == {"regime": "accumulate"}
    at.button(key=key("tour.back")).click().run()  # back to step 3: the preset's own regime
    assert at.query_params["regime"] == "replace"
    assert not _console_config(at)["autoplay"]
    at.run()  # an ordinary rerun repeats no tour action
    assert not _console_config(at)["reveal"]
    for _ in range(2):
        at.button(key=key("tour.next")).click().run()
    assert at.button(key=key("tour.next")).label == "End the tour"
    at.button(key=key("tour.next")).click().run()
    assert key("tour.start") in {b.key for b in at.button}


@pytest.mark.parametrize("name", ["accumulate", "rare-words"])
def test_tour_on_other_presets_runs(name):
    p = presets.get(name)
    at = open_app({"preset": name}, p.page)
    at.button(key=key("tour.start", p.page)).click().run()
    at.button(key=key("tour.next", p.page)).click().run()
    assert not at.exception and at.query_params["play"] == "1"


def test_the_scripts_and_styles_are_package_files_read_through_importlib_resources():
    from importlib import resources

    from collapse_ui.classroom import assets, presentation

    folder = resources.files("collapse_ui.classroom")
    for name in (
        "console.js",
        "console_frame.js",
        "console.css",
        "classroom.css",
        "presentation.css",
        "phone.css",
        "theme.js",
    ):
        assert folder.joinpath(name).is_file(), name
        assert assets.text(name) == folder.joinpath(name).read_text(encoding="utf-8")
    # What the browser gets is the file, filled in (no Python string holds a script any more).
    doc = console.html(console.Console(present_key="g.present", play_key="g.play", player=True))
    assert "__CONFIG__" not in doc and "__PAGE__" not in doc and "__KEYS__" not in doc
    assert "const C = {" in doc and "--size: 16px" in doc
    assert presentation.css(present=True).count("{") > presentation.css(present=False).count("{")
    assert "__THEME__" not in presentation.theme_script("dark")
