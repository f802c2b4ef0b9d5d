"""Benchmark: does the server give memory back after visitors leave? Starts the app (loopback),
warms it, reads its resident memory (/proc/PID/status), then drives websocket sessions that
paste large texts into the text page and sessions that run distinct heavy-but-admitted
settings on the Gaussian page, closes them all and reads the memory again.

    python -m bench.memory_sessions [--pastes 10] [--paste-mb 20] [--runs 30] [--crafted]

A browser keeps a paste to the box's max_chars (pages/text.py), and the driver sends that;
with --crafted it sends the whole text, as a hand-made client could (up to Streamlit's
server.maxMessageSize). "After" is read once Streamlit has dropped the closed sessions
(it keeps them server.disconnectedSessionTTL seconds, 120 by default; --session-ttl sets it).

Prints the warm baseline, the peak while sessions ran, and what stays after they left, with
the run, figure and text caches' budgets in force (environment: COLLAPSE_RUN_CACHE_MB,
COLLAPSE_FIGURE_CACHE_MB, COLLAPSE_TEXT_STORE_MB).
"""

from __future__ import annotations

import argparse
import os
import threading
import time

from bench.load import Monitor, Session, one_server, rss_kb

TEXT_QUERY = "generations=5&sample_size=1000"
# Distinct seeds at settings the Gaussian page admits without queueing (each a new run and chart set).
RUN_QUERY = "sample_size=1000&generations=1000&replicates=200"
STREAMLIT_TTL = 120  # Streamlit's default server.disconnectedSessionTTL


class PageSession(Session):
    """A Session on one page of the app (its URL path), with text and button widgets."""

    def __init__(self, base_url: str, page: str, query: str = "", timeout: float = 60.0):
        super().__init__(base_url, query=query, timeout=timeout)
        self.page = page
        self.max_chars: dict[str, int] = {}  # text area key -> its max_chars (0: none)

    def send_rerun(self) -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.page_name = self.page
        rerun.widget_states.widgets.extend(self.states.values())
        self.ws.send_binary(msg.SerializeToString())
        return time.perf_counter()

    def _element(self, el, out) -> None:
        super()._element(el, out)
        if el.WhichOneof("type") == "text_area":  # what a browser obeys: the box's max_chars
            self.max_chars[el.text_area.id.split("-", 2)[-1]] = el.text_area.max_chars

    def set_string(self, key: str, value: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widget_ids[key], string_value=value)
        self.states[state.id] = state


def paste_session(url: str, text: str, problems: list[str], crafted: bool = False) -> None:
    """Open the text page and paste `text`: cut to the box's max_chars as a browser does, or
    whole (`crafted`, a hand-made client)."""
    s = PageSession(url, "text", TEXT_QUERY)
    try:
        first = s.rerun()
        for _ in range(3):  # a fresh server's first sessions may race its page registry
            if "text_paste" in s.widget_ids:
                break
            s.page_hash = ""  # ask for the page by name again, not for the page it fell back to
            first = s.rerun()
        if "text_paste" not in s.widget_ids:
            problems.append(f"the text page drew no paste box ({first.problems[:1]})")
            return
        limit = s.max_chars.get("text_paste", 0)
        s.set_string("text_paste", text if crafted or not limit else text[:limit])
        run = s.rerun()
        problems.extend(p for p in [*first.problems, *run.problems] if "limit is" not in p)
    finally:
        s.close()


def run_session(url: str, seed: int, problems: list[str]) -> None:
    s = PageSession(url, "", f"{RUN_QUERY}&seed={seed}")
    try:
        run = s.rerun()
        problems.extend(run.problems)
        if not run.chart:
            problems.append(f"seed {seed}: no chart")
    finally:
        s.close()


def in_threads(fn, args: list[tuple], width: int) -> None:
    for start in range(0, len(args), width):
        threads = [threading.Thread(target=fn, args=a) for a in args[start : start + width]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def let_go(url: str, session_ttl: int, settle: float, problems: list[str]) -> None:
    """Until Streamlit has dropped the closed sessions (it keeps them `session_ttl` seconds for
    a reconnect, and expires them when its storage is next used: one small session)."""
    time.sleep(session_ttl + 1)
    paste_session(url, "Warm words. " * 500, problems)
    time.sleep(settle)


def measure(
    pastes: int = 10,
    paste_mb: float = 20,
    runs: int = 30,
    settle: float = 5.0,
    env: dict | None = None,
    crafted: bool = False,
    session_ttl: int = STREAMLIT_TTL,
) -> dict:
    """Resident MB of a fresh server: warm, peak, and after the sessions left and Streamlit
    let go of them (`session_ttl`: its server.disconnectedSessionTTL, seconds)."""
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        extra = ("--server.disconnectedSessionTTL", str(session_ttl))
        with one_server(preload=False, extra=extra) as (url, pids):
            pid = pids[0]
            problems: list[str] = []
            line = "Short words here.\n"
            text = line * int(paste_mb * 1e6 / len(line))
            # Warm: the same traffic once (other seeds), let go of; then the round that is measured.
            first = rss_kb(pid) / 1e3
            # One visitor alone first: sessions racing a fresh server's first page load are another
            # test's subject (the registries' first use), not this one's.
            paste_session(url, "Warm words. " * 500, problems)
            in_threads(paste_session, [(url, text, problems, crafted) for _ in range(pastes)], width=5)
            in_threads(run_session, [(url, 5000 + i, problems) for i in range(runs)], width=3)
            let_go(url, session_ttl, settle, problems)
            warm = rss_kb(pid) / 1e3
            with Monitor([pid]) as monitor:
                in_threads(paste_session, [(url, text, problems, crafted) for _ in range(pastes)], width=5)
                in_threads(run_session, [(url, 1000 + i, problems) for i in range(runs)], width=3)
            peak = monitor.peak
            let_go(url, session_ttl, settle, problems)
            after = rss_kb(pid) / 1e3
            return {
                "fresh_mb": first,
                "warm_mb": warm,
                "peak_mb": max(peak, after),
                "after_mb": after,
                "kept_mb": after - warm,
                "problems": problems,
                "pastes": pastes,
                "paste_mb": paste_mb,
                "runs": runs,
            }
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pastes", type=int, default=10)
    ap.add_argument("--paste-mb", type=float, default=20)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--crafted", action="store_true", help="send whole pastes, past the box's limit")
    ap.add_argument("--session-ttl", type=int, default=STREAMLIT_TTL)
    a = ap.parse_args(argv)
    r = measure(a.pastes, a.paste_mb, a.runs, crafted=a.crafted, session_ttl=a.session_ttl)
    budgets = {
        k: os.environ.get(k, "default")
        for k in ("COLLAPSE_RUN_CACHE_MB", "COLLAPSE_FIGURE_CACHE_MB", "COLLAPSE_TEXT_STORE_MB")
    }
    how = "whole" if a.crafted else "as a browser sends them"
    print(
        f"{r['pastes']} pastes of {r['paste_mb']:g} MB ({how}), {r['runs']} distinct Gaussian runs ({budgets})"
    )
    print(f"  resident: fresh {r['fresh_mb']:.0f} MB, after a first round {r['warm_mb']:.0f} MB (warm),")
    print(
        f"  the second round: peak {r['peak_mb']:.0f} MB, after they left "
        f"{r['after_mb']:.0f} MB ({r['kept_mb']:+.0f} MB over warm)"
    )
    print(f"  problems: {r['problems'] or 'none'}")
    return r


if __name__ == "__main__":
    main()
