"""Benchmark: bringing your own data. Parsing a pasted column and the Gaussian chain on a data
set, each against a reference timed in the same run:

- parse: 200,000 rows through collapse_core.userdata.load, against numpy.loadtxt of the same
  text (which does no checks and counts nothing);
- chain: the Gaussian Monte Carlo engine resampling a 10,000-value data set, against the same
  engine drawing Gaussian points (data = ""), M = 100, R = 200, G = 200.

    python -m bench.userdata [--rows N] [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile

import numpy as np

from bench.timing import best_of
from collapse_core import BATCH, GaussianConfig, simulate
from collapse_core.userdata import store
from collapse_core.userdata.load import load_numeric


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    gen = np.random.default_rng(1)
    values = gen.gamma(2.0, 10.0, a.rows)
    text = "height\n" + "\n".join(f"{v:.3f}" for v in values) + "\n"
    t_ref = best_of(lambda: np.loadtxt(io.StringIO(text), skiprows=1), a.repeat)
    t_parse = best_of(lambda: load_numeric(text), a.repeat)
    print(
        f"parse {a.rows:,} rows: load_numeric {t_parse:.3f} s, numpy.loadtxt {t_ref:.3f} s, ratio {t_parse / t_ref:.2f}"
    )

    with tempfile.TemporaryDirectory() as folder:
        os.environ["COLLAPSE_DATA_DIR"] = folder
        h = store.put_values({"x": values[:10_000]}, "x", "")
        base = GaussianConfig(sample_size=100, generations=200, replicates=200, seed=1)
        on_data = GaussianConfig(sample_size=100, generations=200, replicates=200, seed=1, data=h)
        t_gauss = best_of(lambda: simulate(base, engine="monte-carlo", budget=BATCH), a.repeat)
        t_data = best_of(lambda: simulate(on_data, budget=BATCH), a.repeat)
    print(
        f"Gaussian chain M=100 R=200 G=200: on data {t_data:.3f} s, Gaussian truth (Monte Carlo) "
        f"{t_gauss:.3f} s, ratio {t_data / t_gauss:.2f}"
    )


if __name__ == "__main__":
    main()
