"""The server gives memory back after visitors leave: ten sessions paste 20 MB each into the
text page (what a browser sends: the box keeps max_chars characters, one past the 2 MB limit)
and thirty sessions each run a new heavy-but-admitted Gaussian chain; once they have closed,
resident memory is within 50 MB of the warm server's, warm meaning after the same traffic once
(other seeds; the first round grows the heaps to their working size). Read once Streamlit has dropped the
closed sessions: its disconnectedSessionTTL is 5 s here instead of 120). The run and figure caches get 8 MB
each here (the variables the README names), so what they legitimately keep fits the margin."""

from __future__ import annotations

import pytest

from bench import memory_sessions

pytestmark = pytest.mark.slow

SMALL_CACHES = {"COLLAPSE_RUN_CACHE_MB": "8", "COLLAPSE_FIGURE_CACHE_MB": "8"}


def test_memory_comes_back_after_sessions_that_paste_and_run_leave():
    r = memory_sessions.measure(pastes=10, paste_mb=20, runs=30, env=SMALL_CACHES, session_ttl=5)
    assert not r["problems"], r["problems"]
    assert r["kept_mb"] < 50, r
