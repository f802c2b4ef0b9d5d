"""A remedy's knob is a sweep axis like any other setting (here the self-correction strength)."""

from collapse_core.cli import main
from collapse_core.sweep.io import read_table


def test_a_sweep_over_the_correction_strength_holds_the_variance_up(tmp_path, capsys):
    out = tmp_path / "gamma.csv"
    code = main(
        [
            "sweep",
            "--family",
            "gaussian",
            "--sample-size",
            "20",
            "--generations",
            "200",
            "--replicates",
            "100",
            "--scheduler",
            "serial",
            "--no-progress",
            "--seed",
            "4",
            "--vary",
            "correction=0,0.2",
            "--metric",
            "variance_ratio:median",
            "--out",
            str(out),
        ]
    )
    capsys.readouterr()
    assert code == 0
    df, _ = read_table(out)
    by_gamma = dict(zip(df["correction"], df["value"], strict=True))
    # Uncorrected, M = 20 over 200 generations: the median is ~1e-9; gamma = 0.2 keeps it near 0.66.
    assert by_gamma[0.0] < 1e-6 and by_gamma[0.2] > 0.4
