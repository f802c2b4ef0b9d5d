"""A run over the interactive budget, offered on the page as "Run on the cluster" when it fits
the page batch budget (collapse_core/page_batch.py): the cost before it starts, then a progress
bar (blocks done of all, the time left from the cost model) that keeps going while the visitor
is on another page and is found again on coming back, and Cancel. A finished run is read from
the result store by every later visitor, in any session, after a restart too.

The jobs are the server's (collapse_core/heavy_jobs.py): a session is a viewer while it is
connected; when the last viewer of a run has gone, the run is cancelled.
"""

from __future__ import annotations

import time

import streamlit as st

from collapse_core import WorkBudgetError, blocks, budget, heavy_jobs, page_batch
from collapse_core.sweep.runner import SchedulerError
from collapse_ui import registry

REFRESH = 1.0  # seconds between progress updates
REFUSED = "refused"  # offer()'s answer when it has said why the run cannot go to the cluster either


def _alive(viewer: str) -> bool:
    """Whether a session is still connected (always, outside a running server: AppTest)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return True
    return Runtime.instance().is_active_session(viewer)


MANAGER = heavy_jobs.Manager(alive=_alive)


def _viewer() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def _plan(cfg) -> blocks.Plan:
    return blocks.plan(cfg, "auto", page_batch.budget())


def stored_digest(cfg):
    """The page's digest of cfg from the result store, or None (nothing stored, or not a heavy run)."""
    try:
        p = _plan(cfg)
    except ValueError:  # WorkBudgetError included: never sent to the cluster, so never stored
        return None
    res = MANAGER.stored(p)
    return None if res is None else registry.for_config(cfg).digest(res)


def offer(cfg, over: WorkBudgetError):
    """The digest of a heavy run of cfg once it is stored; until then the page shows the offer or
    the progress and stops here. REFUSED: over the page batch budget too (said, with the
    numbers); None: not a run the cluster takes (the caller explains as before)."""
    try:
        p = _plan(cfg)
    except WorkBudgetError as exc:
        st.error(
            f"That is too much work for an interactive page: {over}. It is also too much for a "
            f"background run on the cluster: {exc}.",
            icon=":material/hourglass_disabled:",
        )
        return REFUSED
    except ValueError:
        return None
    res = MANAGER.stored(p)
    if res is not None:
        return registry.for_config(cfg).digest(res)
    job = MANAGER.find(p)
    if job is not None and job.active:
        MANAGER.watch(job, _viewer())
        _progress(job.key)
        st.stop()
    cost = budget.predict(p.config, p.engine)
    workers = MANAGER.workers()
    what = page_batch.describe(cost, len(p.tasks), workers) if cost is not None else "a while"
    st.warning(
        f"Over the interactive budget: {over}. It fits the background budget "
        f"({page_batch.budget().cpu_seconds:,.0f} CPU-seconds): {what}, in {len(p.tasks)} "
        f"block{'s' if len(p.tasks) != 1 else ''} of replicates. Its picture is kept, so this link "
        "opens at once afterwards, for anyone.",
        icon=":material/cloud_upload:",
    )
    if job is not None and job.state in (heavy_jobs.CANCELLED, heavy_jobs.FAILED):
        st.caption(f"The last run of these settings stopped: {job.error}.")
    if st.button("Run on the cluster", key="heavy_run.start", icon=":material/play_arrow:", type="primary"):
        try:
            job = MANAGER.submit(p, _viewer())
        except (SchedulerError, OSError) as exc:
            st.error(f"The cluster cannot be reached: {exc}.", icon=":material/cloud_off:")
            st.stop()
        _progress(job.key)
    st.stop()


@st.fragment(run_every=REFRESH)
def _progress(key: str) -> None:
    job = MANAGER.jobs.get(key)
    if job is None:
        return
    MANAGER.watch(job, _viewer())
    if job.state == heavy_jobs.DONE:
        st.rerun(scope="app")
    if job.state in (heavy_jobs.CANCELLED, heavy_jobs.FAILED):
        st.error(f"The background run stopped: {job.error}.", icon=":material/cancel:")
        if st.button("Back to the settings", key="heavy_run.back"):
            st.rerun(scope="app")
        return
    cost = budget.predict(job.plan.config, job.plan.engine)
    if job.state == heavy_jobs.QUEUED:
        st.progress(0.0, text=f"Waiting for the cluster: number {MANAGER.position(job)} in the queue.")
    else:
        wall = page_batch.wall_seconds(cost, job.total, MANAGER.workers()) if cost else 0.0
        took = time.monotonic() - (job.started or time.monotonic())
        left = max(wall - took, 0.0) if job.done < job.total else 0.0
        st.progress(
            job.done / job.total,
            text=f"Running on the cluster: {job.done} of {job.total} blocks done; about {left:,.0f} s left.",
        )
    if st.button("Cancel", key="heavy_run.cancel", icon=":material/stop:"):
        MANAGER.cancel(job, "cancelled on the page")
        st.rerun(scope="app")
