"""AppTest: the vocabulary page on pasted words and on a `data=<hash>` link of label,count
pairs (the store in a temporary data folder): the data's labels are the vocabulary."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_core.userdata import store

PAGE = "pages/categorical.py"
SMALL = {"generations": "10", "replicates": "20", "sample_size": "10"}
WORDS = "the cat sat on the mat the dog sat on the log a cat and a dog and a rat"
open_page = page_opener(PAGE)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path))
    return tmp_path


def test_pasted_words_become_the_vocabulary(app: AppTest, chart_specs, data_dir):
    open_page(app, **SMALL)
    app.text_area(key="categorical.data_paste").input(WORDS)
    app.text_input(key="categorical.data_name").input("a rhyme").run()
    app.button(key="categorical.data_use").click().run()
    assert not app.exception and not app.error and not app.warning
    h = app.query_params["data"]
    assert store.get(h).columns["word"] == tuple(WORDS.split())
    assert any("using 10 labels in 20 rows" in i.value for i in app.info)
    assert any("your data's label frequencies are the truth" in c.value for c in app.caption)
    assert any(s.value == "Your labels that vanished" for s in app.subheader)
    # The built-in vocabulary's controls are gone: the data's labels are the vocabulary.
    assert all(r.key != "categorical.truth" for r in app.radio)
    assert all(s.key != "categorical.zipf_exponent" for s in app.slider)
    table = app.dataframe[0].value
    assert set(table["word"]) <= set(WORDS.split()) and len(table) > 0
    assert chart_specs(app)


def test_a_link_of_label_count_pairs(app: AppTest, chart_specs, data_dir):
    h = store.put_values({"word": ("sun", "moon", "star"), "count": np.array([50.0, 30.0, 1.0])}, "sky")
    open_page(app, data=h, truth="english", categories="5000", **SMALL)
    assert not app.exception and not app.error and not app.warning
    assert app.query_params["data"] == h
    assert any("your data's label frequencies are the truth" in c.value for c in app.caption)
    # With 10 tokens per generation, "star" (1 in 81) is the label lost first.
    table = app.dataframe[0].value
    assert "star" in list(table["word"]) and set(table["word"]) <= {"sun", "moon", "star"}


def test_without_data_the_page_is_as_before(app: AppTest, data_dir):
    open_page(app, **SMALL)
    assert not app.exception and "data" not in app.query_params
    assert not any(s.value == "Your labels that vanished" for s in app.subheader)
