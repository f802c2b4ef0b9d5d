"""A run over the interactive budget but within the page batch budget is offered as "Run on
the cluster" with its cost; it runs on a Dask cluster with a progress bar and Cancel, and once
stored another session gets the picture at once. Over the page batch budget: refused with the
numbers. (The interactive budget is shrunk here, so that small runs count as over it.)"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import page_opener
from streamlit.testing.v1 import AppTest

from collapse_core import heavy_jobs
from collapse_core.result_store import ResultStore
from collapse_ui import cache, heavy_run

pytest.importorskip("distributed")

open_page = page_opener("pages/gaussian.py")
QUERY = {"generations": "30", "replicates": "500", "sample_size": "100", "seed": "11"}
BIG = {**QUERY, "replicates": "1000", "generations": "3000", "sample_size": "1000"}


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture
def small_interactive(monkeypatch, tmp_path, client):
    tiny = dataclasses.replace(cache.INTERACTIVE, cpu_seconds=1e-3)
    monkeypatch.setattr(cache, "INTERACTIVE", tiny)
    manager = heavy_jobs.Manager(lambda: client, store=ResultStore(tmp_path, cap=10**9), poll=0.05)
    monkeypatch.setattr(heavy_run, "MANAGER", manager)
    cache.run.clear()
    yield manager
    manager.close()
    cache.run.clear()


def _buttons(app: AppTest) -> list[str]:
    return [b.label for b in app.button]


def test_offer_run_progress_and_the_stored_picture(app: AppTest, small_interactive):
    manager = small_interactive
    open_page(app, **QUERY)
    assert not app.exception and not app.error
    assert "Run on the cluster" in _buttons(app)
    workers = heavy_jobs.workers_from_env()  # the cluster is not up yet: the number it will have
    assert f"CPU-seconds on {workers} worker" in app.warning[0].value and "2 blocks" in app.warning[0].value
    assert not app.get("plotly_chart")
    app.button(key="heavy_run.start").click().run()
    assert not app.exception
    (job,) = manager.jobs.values()
    assert job.total == 2
    assert "Cancel" in _buttons(app)
    assert app.get("progress")  # the progress bar is drawn
    assert manager.wait(job, 120) == heavy_jobs.DONE, job.error
    app.run()
    assert not app.exception and not app.error and app.get("plotly_chart")
    # Another session, a fresh script run: the stored picture, no offer, no new job.
    other = AppTest.from_file(app._script_path, default_timeout=60)
    open_page(other, **QUERY)
    assert not other.exception and other.get("plotly_chart") and "Run on the cluster" not in _buttons(other)
    assert len(manager.jobs) == 1


def test_cancel_on_the_page_cancels_the_tasks(app: AppTest, small_interactive):
    manager = small_interactive
    open_page(app, **BIG)
    app.button(key="heavy_run.start").click().run()
    (job,) = manager.jobs.values()
    app.button(key="heavy_run.cancel").click().run()
    assert not app.exception
    assert job.state == heavy_jobs.CANCELLED and job.cancelled_tasks >= 1
    assert "Run on the cluster" in _buttons(app)  # offered again, with why the last one stopped
    assert any("cancelled on the page" in c.value for c in app.caption)


def test_over_the_page_batch_budget_is_refused_with_the_numbers(app: AppTest, small_interactive, monkeypatch):
    monkeypatch.setenv("COLLAPSE_PAGE_BATCH_CPU_SECONDS", "0.002")
    open_page(app, **BIG)
    assert not app.exception
    assert "Run on the cluster" not in _buttons(app)
    (error,) = app.error
    assert "too much for a background run on the cluster" in error.value
    assert "over the page batch budget of 0 CPU-seconds" in error.value  # the numbers


def test_the_mixture_page_reaches_500_chains_on_the_cluster(app: AppTest, small_interactive):
    # The paper's mixture (2 components, 1000 points) with 500 chains: two stream blocks, over
    # the interactive budget, within the page batch budget.
    page_opener("pages/mixture.py")(
        app, components="2", sample_size="1000", generations="1000", replicates="500", seed="1"
    )
    assert not app.exception and not app.error
    assert app.query_params["replicates"] == "500"
    (offer,) = app.warning
    assert "2 blocks" in offer.value and "CPU-seconds on" in offer.value
    assert "Run on the cluster" in _buttons(app)
