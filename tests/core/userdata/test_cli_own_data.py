"""`simulate --data FILE --column NAME`: the column is stored, the config carries its hash,
--from reruns it; a bad file or column is one line on stderr (exit 2), never a traceback."""

from __future__ import annotations

import json

import pytest

from collapse_core.cli import main
from collapse_core.userdata import store


@pytest.fixture
def csv(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path / "store"))
    p = tmp_path / "h.csv"
    p.write_text("name,height\na,170\nb,181\nc,165\nd,xx\ne,240\n", encoding="utf-8")
    return p


def test_data_column_is_the_truth_and_reruns_from_its_output(csv, tmp_path, capsys):
    out = tmp_path / "o.json"
    argv = ["simulate", "--data", str(csv), "--column", "height", "--data-unit", "cm"]
    assert main([*argv, "--generations", "3", "--replicates", "40", "--seed", "2", "--out", str(out)]) == 0
    doc = json.loads(out.read_text())
    h = doc["config"]["data"]
    ds = store.get(h)
    assert ds.columns["height"].tolist() == [170.0, 181.0, 165.0, 240.0]
    assert (ds.name, ds.unit) == ("height", "cm")
    assert doc["config"]["mu0"] == pytest.approx(189.0)
    assert doc["provenance"]["engine"] == "monte-carlo"
    again = tmp_path / "o2.json"
    assert main(["simulate", "--from", str(out), "--out", str(again)]) == 0
    assert json.loads(again.read_text())["summary"] == doc["summary"]


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--column", "weight"], "there is no column 'weight'; the columns are 'name', 'height'"),
        (["--column", "name"], "column 'name' has 0 numbers"),
        (["--family", "digits"], "the digits family does not take your data yet"),
        (["--family", "mixture", "--dimension", "2"], "dimension must be 1 with data"),
        (["--engine", "exact"], "assumes a Gaussian truth"),
    ],
)
def test_bad_data_options_are_one_line(csv, capsys, extra, says):
    assert main(["simulate", "--data", str(csv), "--replicates", "5", "--generations", "2", *extra]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_mixture_takes_a_data_column(csv, tmp_path):
    out = tmp_path / "m.json"
    argv = ["simulate", "--family", "mixture", "--data", str(csv), "--column", "height", "--components", "2"]
    assert main([*argv, "--generations", "2", "--replicates", "5", "--seed", "2", "--out", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert store.get(doc["config"]["data"]).columns["height"].tolist() == [170.0, 181.0, 165.0, 240.0]
    assert doc["provenance"]["engine"] == "em" and doc["config"]["dimension"] == 1


def test_the_vocabulary_takes_a_label_column(csv, tmp_path):
    out = tmp_path / "v.json"
    argv = ["simulate", "--family", "categorical", "--data", str(csv), "--column", "name"]
    assert main([*argv, "--generations", "2", "--replicates", "5", "--seed", "2", "--out", str(out)]) == 0
    doc = json.loads(out.read_text())
    # Two columns, one of numbers: label,count pairs (row d's count 'xx' is no number).
    ds = store.get(doc["config"]["data"])
    assert ds.columns["name"] == ("a", "b", "c", "e")
    assert ds.columns["height"].tolist() == [170.0, 181.0, 165.0, 240.0]
    assert doc["config"]["categories"] == 4 and doc["provenance"]["engine"] == "exact"


def test_column_without_data_is_refused(csv, capsys):
    assert main(["simulate", "--column", "height"]) == 2
    assert "need --data FILE" in capsys.readouterr().err


def test_a_binary_file_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COLLAPSE_DATA_DIR", str(tmp_path / "store"))
    p = tmp_path / "x.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["simulate", "--data", str(p)]) == 2
    assert "not a text file" in capsys.readouterr().err
