"""A slide pack exported with compare on describes both of its sides: the settings line under
every chart and in README.txt names A's settings and B's change, the file names carry B's
differing value, and config.json holds both sides' settings and configs (B's config is the one
B actually ran). No browser: HTML, CSV and JSON only."""

from __future__ import annotations

import json

import pytest

from collapse_core import presets
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting import pages as registry


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(renderer, "chromium_path", lambda: None)


def preset_values(page: str, name: str, **small):
    spec = registry.get(page)
    preset = presets.get(name)
    return spec, {**spec.values_from_preset(preset), **small, "preset": name, "compare": "preset"}


@pytest.mark.parametrize(
    ("page", "preset", "small", "a_word", "b_word"),
    [
        # A keeps 10% real text, B none: the old line said only A's "10% real text".
        (
            "text",
            "real-text-anchor",
            {"generations": 4, "replicates": 2, "sample_size": 2000},
            "10% real text",
            "no real text",
        ),
        ("gaussian", "accumulate", {"generations": 20, "replicates": 10}, "accumulate", "replace"),
    ],
)
def test_the_packs_words_describe_both_sides(no_chromium, page, preset, small, a_word, b_word):
    spec, values = preset_values(page, preset, **small)
    b, diff = spec.other_side(values)
    req = spec.pack_request(values, formats=("html", "csv", "json"))
    files = pack.build_files(req)

    # The settings line: A's own line, then what B changes.
    a_part, _, b_part = req.caption.partition(" | B: ")
    assert a_part == f"A: {spec.settings_line(values)}" and a_word in a_part
    assert b_word in b_part and "same seed" in b_part
    assert f"Settings: {req.caption}" in files["README.txt"].decode()

    # The file names tell this pack from A's alone and from B's alone.
    stem_a, stem_b = spec.file_stem(values), spec.file_stem(b)
    assert req.stem.startswith(stem_a + "_vs_") and req.stem not in (stem_a, stem_b)
    assert f"{req.stem}.html" in files
    assert all(n.startswith(f"data/{req.stem}_") for n in files if n.startswith("data/"))

    # config.json: A as before, and both sides under "compare", B's config as B ran it.
    meta = json.loads(files["config.json"])
    assert meta["settings"]["compare"] == "preset" and meta["compare"]["differs"] == diff
    assert meta["compare"]["A"]["config"] == spec.config_from(values).asdict()
    assert meta["compare"]["B"]["config"] == json.loads(json.dumps(spec.config_from(b).asdict(), default=str))
    for name in diff:
        assert meta["compare"]["A"]["settings"][name] == values[name]
        assert meta["compare"]["B"]["settings"][name] == b[name] != values[name]
    assert meta["compare"]["B"]["config"]["seed"] == meta["config"]["seed"]


def test_without_compare_the_pack_describes_its_one_side_as_before(no_chromium):
    spec, values = preset_values("gaussian", "accumulate", generations=20, replicates=10)
    values["compare"] = "off"
    req = spec.pack_request(values, formats=("json",))
    assert req.stem == spec.file_stem(values) and req.caption == spec.settings_line(values)
    assert "compare" not in json.loads(pack.build_files(req)["config.json"])
