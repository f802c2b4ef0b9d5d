"""The launcher's rules without starting a server: one upload limit everywhere, the embed
policy refuses what would break the nginx config, and the restart policy (backoff, a bound
per minute) on a fake clock with children that die at once."""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from pathlib import Path

import pytest

from collapse_core.text import corpus
from deploy import serve_many

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_and_nginx_upload_limits_agree_with_the_apps():
    streamlit_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    # Streamlit counts whole MB of 2**20 bytes: the smallest cap that takes every text the app takes.
    assert streamlit_mb == math.ceil(corpus.MAX_UPLOAD_BYTES / 2**20)
    nginx = re.search(r"client_max_body_size (\d+)m;", serve_many.TEMPLATE.read_text())
    # A multipart body is the file plus its framing; Streamlit allows 1 MB for that, so does nginx.
    assert nginx is not None and int(nginx.group(1)) == streamlit_mb + 1


@pytest.mark.parametrize(
    "value",
    [
        "'self'",
        "'none'",
        "https://lms.example.edu",
        "'self'  https://lms.example.edu:8443 https://*.moodle.example.org",
    ],
)
def test_frame_ancestors_accepts_sources(value):
    assert serve_many.frame_ancestors(value) == " ".join(value.split())


@pytest.mark.parametrize(
    "value",
    [
        "",
        "'self'; script-src *",
        'https://a.example"; add_header X 1',
        "https://a.example\n}",
        "*",
        "'none' 'self'",
        "javascript:",
    ],
)
def test_frame_ancestors_refuses_what_is_not_a_source(value):
    with pytest.raises(ValueError, match="frame-ancestors"):
        serve_many.frame_ancestors(value)


def test_cross_site_embedding_marks_the_sticky_cookie_for_frames(tmp_path):
    own = serve_many.write_config(tmp_path, 8080, [9001], "'self'").read_text()
    assert "SameSite=Lax" in own and "frame-ancestors 'self';" in own
    lms = serve_many.write_config(tmp_path, 8080, [9001], "'self' https://lms.example.edu").read_text()
    assert "SameSite=None; Secure" in lms and "frame-ancestors 'self' https://lms.example.edu;" in lms


class _Dead:
    returncode = -9
    pid = 4242

    def poll(self):
        return self.returncode


class _Crashing(serve_many.Child):
    """A child that is dead again as soon as it starts."""

    def start(self, restart: bool = False) -> None:
        self.proc = _Dead()
        self.starts = getattr(self, "starts", 0) + 1


def test_a_dying_child_is_restarted_with_backoff_and_at_most_five_times_a_minute():
    now = [0.0]
    said: list[str] = []
    child = _Crashing("worker 1 on port 1", [])
    child.start()
    sup = serve_many.Supervisor([child], say=said.append, clock=lambda: now[0])
    starts_at: list[float] = []
    while now[0] < 180:
        before = child.starts
        sup.check()
        if child.starts > before:
            starts_at.append(now[0])
        now[0] += 0.25
    gaps = [b - a for a, b in itertools.pairwise(starts_at)]
    # Backoff 0.5 s doubling, each after the 0.25 s tick in which the death is seen.
    assert starts_at[0] == 0.5
    assert gaps[:4] == [1.25, 2.25, 4.25, 8.25]
    for t in starts_at:  # the bound: never more than five restarts in any 60 s
        assert sum(1 for u in starts_at if t - 60 < u <= t) <= serve_many.MAX_RESTARTS_PER_MINUTE
    assert len(starts_at) >= 10  # and it keeps trying: 180 s give three windows
    assert any("the bound" in s for s in said) and all("worker 1" in s for s in said)


def test_a_stopping_supervisor_restarts_nothing():
    child = _Crashing("nginx", [])
    child.start()
    sup = serve_many.Supervisor([child], say=lambda s: None, clock=lambda: 100.0)
    sup.stopping = True
    sup.check()
    assert child.starts == 1
