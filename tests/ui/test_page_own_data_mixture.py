"""AppTest: the 1-D mixture page on pasted data and on a `data=<hash>` link (the store in a
temporary data folder): the data is the truth, its chart comes first, on its name and unit."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_core.userdata import store

PAGE = "pages/mixture.py"
LUMPS = [150.0, 151, 151, 152, 153, 170, 171, 171, 172, 172, 173, 174, 240]
SMALL = {"generations": "10", "replicates": "10", "sample_size": "50"}
open_page = page_opener(PAGE)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return tmp_path


def _titles(specs):
    return [s["layout"]["title"]["text"] for s in specs]


def test_pasted_values_become_the_mixture_truth(app: AppTest, chart_specs, data_dir):
    open_page(app, **SMALL)
    app.text_area(key="mixture.data_paste").input("\n".join(str(v) for v in LUMPS))
    app.text_input(key="mixture.data_name").input("height")
    app.text_input(key="mixture.data_unit").input("cm").run()
    app.button(key="mixture.data_use").click().run()
    assert not app.exception and not app.error and not app.warning
    h = app.query_params["data"]
    assert store.get(h).rows == len(LUMPS)
    assert any("your data is the truth" in c.value for c in app.caption)
    specs = chart_specs(app)
    assert _titles(specs)[0] == "Your data beside the models fitted to it" and len(specs) == 6
    assert specs[0]["layout"]["xaxis"]["title"]["text"] == "height (cm)"
    hist, first = specs[0]["data"][0], specs[0]["data"][1]
    assert hist["type"] == "histogram" and sorted(hist["x"]) == LUMPS
    # The fitted curve is drawn in the data's units: it peaks near the lumps, not near 0.
    peak = first["x"][int(np.argmax(first["y"]))]
    assert 145 < peak < 180
    # With data the space is the data's line: the dimension and separation controls are gone.
    assert all(r.key != "mixture.dimension" for r in app.radio)
    assert all(s.key != "mixture.separation" for s in app.slider)


def test_a_data_link_runs_even_when_it_says_2_d(app: AppTest, chart_specs, data_dir):
    h = store.put_values({"height": np.array(LUMPS)}, "height", "cm")
    open_page(app, dimension="2", data=h, **SMALL)
    assert not app.exception and not app.error and not app.warning
    assert app.query_params["data"] == h
    specs = chart_specs(app)
    assert _titles(specs)[0] == "Your data beside the models fitted to it"
    assert specs[0]["layout"]["xaxis"]["title"]["text"] == "height (cm)"


def test_without_data_the_page_is_as_before(app: AppTest, chart_specs, data_dir):
    open_page(app, **SMALL)
    assert not app.exception and "data" not in app.query_params
    assert "Your data beside the models fitted to it" not in _titles(chart_specs(app))
