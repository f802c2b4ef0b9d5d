"""AppTest: the Gaussian page on pasted data and on a `data=<hash>` link (the store in a
temporary data folder); a malformed or expired hash says so and falls back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from collapse_core.userdata import store

ROOT = Path(__file__).resolve().parents[2]
HEIGHTS = [150.0, 152, 155, 158, 160, 161, 163, 166, 170, 175, 181, 190, 240]


def key(name: str) -> str:
    return f"gaussian.{name}"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return tmp_path


def _small(app: AppTest) -> AppTest:
    app.query_params["generations"] = "20"
    app.query_params["replicates"] = "100"
    return app


def test_pasted_values_become_the_truth(app: AppTest, chart_specs, data_dir):
    _small(app).run()
    app.text_area(key=key("data_paste")).input(
        "height,name\n" + "\n".join(f"{v},x" for v in HEIGHTS) + "\nabc,y\n"
    )
    app.text_input(key=key("data_name")).input("height")
    app.text_input(key=key("data_unit")).input("cm").run()
    app.button(key=key("data_use")).click().run()
    assert not app.exception and not app.error
    h = app.query_params["data"]
    assert store.get(h).columns["height"].tolist() == HEIGHTS
    assert any("1 not numbers" in i.value for i in app.info)  # the dropped cell is counted
    assert any("Engine: **monte-carlo**" in c.value and "Gaussian truth" in c.value for c in app.caption)
    specs = chart_specs(app)
    first = specs[0]
    assert first["layout"]["title"]["text"] == "Your data beside the models fitted to it"
    assert first["layout"]["xaxis"]["title"]["text"] == "height (cm)"
    assert first["data"][0]["type"] == "histogram"
    assert len(specs) == 6  # the five charts of the page, after the data's own


# Runs the app once on a link and prints a digest of every chart's spec (one line).
RUN_LINK = """
import hashlib, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
for k, v in (("generations", "20"), ("replicates", "100"), ("data", sys.argv[2])):
    at.query_params[k] = v
at.run()
assert not at.exception and not at.warning, (at.exception, at.warning)
specs = [el.proto.spec for el in at.get("plotly_chart")]
print(len(specs), hashlib.sha256("".join(specs).encode()).hexdigest())
"""


def _run_link(data_dir, h: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", RUN_LINK, str(ROOT / "app.py"), h],
        cwd=ROOT,
        env={**os.environ, "COLLAPSE_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1]


def test_a_data_link_reproduces_the_picture_in_a_fresh_process(data_dir):
    h = store.put_values({"height": np.array(HEIGHTS)}, "height", "cm")
    first, second = _run_link(data_dir, h), _run_link(data_dir, h)  # two processes: only the store is shared
    assert first == second
    assert first.startswith("6 ")  # the data's chart and the page's five


def test_a_data_link_shows_the_data_with_its_name_and_unit(app: AppTest, chart_specs, data_dir):
    h = store.put_values({"height": np.array(HEIGHTS)}, "height", "cm")
    _small(app).query_params["data"] = h
    app.run()
    assert not app.exception and not app.warning
    assert app.query_params["data"] == h
    assert chart_specs(app)[0]["layout"]["xaxis"]["title"]["text"] == "height (cm)"


@pytest.mark.parametrize(
    ("text", "says"),
    [("not-a-hash", "is not a data hash"), ("ab" * 32, "may have expired")],
)
def test_a_bad_or_expired_hash_says_so_and_falls_back(app: AppTest, chart_specs, data_dir, text, says):
    _small(app)
    app.query_params["data"] = text
    app.run()
    assert not app.exception
    assert any(says in w.value and "using the default, the built-in truth" in w.value for w in app.warning)
    assert "data" not in app.query_params
    assert any("Engine: **exact**" in c.value for c in app.caption)
    assert len(chart_specs(app)) == 5


def test_hostile_paste_is_a_message_not_a_traceback(app: AppTest, data_dir):
    _small(app).run()
    app.text_area(key=key("data_paste")).input("x\n5\n5\n5\n").run()
    app.button(key=key("data_use")).click().run()
    assert not app.exception
    assert any("constant" in e.value for e in app.error)
    assert "data" not in app.query_params


def test_the_kde_page_runs_on_a_data_link(chart_specs, data_dir):
    h = store.put_values({"height": np.array(HEIGHTS)}, "height", "cm")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/kde.py")
    for k, v in (("generations", "10"), ("replicates", "50"), ("truth_shape", "mixture"), ("data", h)):
        at.query_params[k] = v
    at.run()
    assert not at.exception and not at.warning and not at.error
    specs = chart_specs(at)
    assert specs[0]["layout"]["title"]["text"] == "Your data beside the models fitted to it"
    assert specs[0]["layout"]["xaxis"]["title"]["text"] == "height (cm)"
    assert not at.radio or all(r.key != "kde.truth_shape" for r in at.radio)  # the data is the shape


def test_a_hostile_column_name_is_shown_as_text(app: AppTest, chart_specs, data_dir):
    _small(app).run()
    app.text_area(key=key("data_paste")).input("<b>h</b>**x**\n1\n2\n3\n").run()
    app.button(key=key("data_use")).click().run()
    assert not app.exception and not app.error
    title = chart_specs(app)[0]["layout"]["xaxis"]["title"]["text"]
    assert title == "&lt;b&gt;h&lt;/b&gt;**x**"  # Plotly shows the tags as written
    assert any(r"\<b\>h\</b\>\*\*x\*\*" in m.value for m in app.markdown)  # Markdown too
