"""The phase page's Streamlit glue: the sweep run with a progress bar and partial heatmaps,
the finished sweeps shared by every session, and the cached theory and provenance grids.
The maths is the core's (collapse_core/sweep); the charts are collapse_ui/figures/phase.py."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict

import numpy as np
import pandas as pd
import streamlit as st

from collapse_core import families
from collapse_core.sweep import SweepSpec, contamination
from collapse_core.sweep.runner import ENV_SCHEDULER, SweepResult, iter_cells
from collapse_core.sweep.spec import interactive_budget
from collapse_ui import phase
from collapse_ui.figures import phase as figs

CACHE_SIZE = 8
REDRAW_SECONDS = 0.5
CONTAMINATIONS = tuple(round(c, 2) for c in np.linspace(0, 0.9, 19))
RECALLS = tuple(round(r, 2) for r in np.linspace(0, 1, 21))
_RESULTS_LOCK = threading.Lock()  # the finished sweeps are shared by every session's thread


@st.cache_resource
def _results() -> OrderedDict:
    """Finished sweeps, shared by every session (a permalink opens instantly when warm)."""
    return OrderedDict()


@st.cache_resource
def _client(address: str):
    from distributed import Client

    return Client(address, timeout=20)


def _key(spec) -> str:
    return json.dumps(spec.asdict(), sort_keys=True)


@st.cache_data(max_entries=32, show_spinner=False)
def _boundary(spec_json: str, level: float, op: str):
    return phase.theory_boundary(SweepSpec.from_dict(json.loads(spec_json)), level, op)


def boundary(spec, level: float, op: str):
    """The exact theory boundary where one exists (cached per sweep, level and direction)."""
    return _boundary(_key(spec), level, op)


@st.cache_data(max_entries=16, show_spinner=False)
def provenance_grid(sample_size: int, generations: int, nominal: float, fpr: float):
    cfg = families.get("gaussian").config(
        sample_size=sample_size, generations=generations, real_fraction=nominal
    )
    return contamination.gaussian_grid(cfg, CONTAMINATIONS, RECALLS, fpr)


def run(spec, values: dict, metric: str, level: float, boundary) -> SweepResult:
    """The sweep's result: shared when any session ran it already, else run here cell by cell,
    with a progress bar and the heatmap redrawn as cells finish."""
    sizes, shares = (a.values for a in spec.axes)
    spec_json = _key(spec)
    cache = _results()
    with _RESULTS_LOCK:  # another session's store may evict this entry between look and use
        result = cache.get(spec_json)
        if result is not None:
            cache.move_to_end(spec_json)
    if result is None:
        address = os.environ.get(ENV_SCHEDULER)
        client = _client(address) if address else None
        bar = st.progress(0.0, text=f"Running {spec.n_cells} cells…")
        live = st.empty()
        rows, done, last = [], 0, time.monotonic()
        t0 = time.perf_counter()
        for _, cell in iter_cells(
            spec,
            scheduler="serial" if client is None else None,
            client=client,
            budget=interactive_budget(spec.n_cells),
        ):
            rows.extend(cell)
            done += 1
            bar.progress(done / spec.n_cells, text=f"{done} of {spec.n_cells} cells")
            if time.monotonic() - last > REDRAW_SECONDS and done < spec.n_cells:
                last = time.monotonic()
                live.plotly_chart(
                    figs.heatmap(
                        pd.DataFrame(rows),
                        sizes,
                        shares,
                        metric=metric,
                        statistic=values["statistic"],
                        level=level,
                        generations=values["generations"],
                        boundary=boundary,
                        done=done,
                    ),
                    theme=None,
                )
        bar.empty()
        live.empty()
        result = SweepResult(
            spec,
            rows,
            done,
            elapsed=time.perf_counter() - t0,
            scheduler="serial" if client is None else f"address {address}",
        )
        with _RESULTS_LOCK:
            cache[spec_json] = result
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    return result
