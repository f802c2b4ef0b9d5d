"""What visitors see when a worker dies, and when a class opens a fresh server at once.

    python -m bench.resilience                  # both scenarios
    python -m bench.resilience worker-kill --sessions 10 --seconds 40
    python -m bench.resilience cold-burst --sessions 20 [--plain]

Loopback only, bounded in sessions (at most 50) and seconds (at most 300). Websocket sessions
speak Streamlit's protocol (bench/load.py's driver), no browser.

  worker-kill  `deploy.serve_many` (nginx + --workers processes, healing) and N sessions moving
               the Gaussian page's slider; a quarter of the way in, one worker gets SIGKILL.
               A session whose websocket breaks does what Streamlit's client does: it opens a
               new one through the proxy with the same URL and goes on. Printed: sessions
               that saw an exception, time to recover (kill to the last broken session's first
               chart again; and until the killed worker serves again), reruns failed after
               recovery, and the same figures for a run without the kill as the reference.
  cold-burst   a fresh server (collapse_ui.serve as `make run` starts it, or with --plain
               `streamlit run app.py`); N sessions wait at a barrier and open at once, spread
               over every page in the navigation. Printed: sessions that saw an exception
               (or an error on the page), and the first problems.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field

from bench import load

MAX_SESSIONS, MAX_SECONDS = 50, 300


@dataclass
class Track:
    """One session's outcomes: (time, ok, what) for every rerun or connection attempt."""

    events: list[tuple[float, bool, str]] = field(default_factory=list)

    def add(self, ok: bool, what: str = "") -> None:
        self.events.append((time.monotonic(), ok, what))


def kill_session(url: str, index: int, stop_at: float, track: Track) -> None:
    seed = 1 + index % load.SEED_POOL
    rng = random.Random(index)
    s = None
    position = load.WALK.index("100")
    while time.monotonic() < stop_at:
        try:
            if s is None:  # (re)connect: a new session reruns the page from its URL
                s = load.Session(url, query=f"seed={seed}", timeout=5)
                s.widget_ids.clear()
            elif load.SLIDER_KEY in s.widget_ids:
                position = min(len(load.WALK) - 1, max(0, position + rng.choice((-1, 1))))
                s.set_string_array(load.SLIDER_KEY, [load.WALK[position]])
            run = s.rerun(deadline=time.perf_counter() + 60)
            problems = [
                *run.problems,
                *([] if run.finished else ["unfinished"]),
                *([] if run.chart else ["no chart"]),
            ]
            track.add(not problems, "; ".join(problems))
        except Exception as exc:  # the websocket broke (or could not open): reconnect
            track.add(False, f"exception: {type(exc).__name__}: {str(exc)[:120]}")
            if s is not None:
                s.close()
            s = None
            time.sleep(0.5)  # Streamlit's client waits before it reconnects, too
    if s is not None:
        s.close()


def worker_kill(sessions: int, seconds: float, workers: int, kill: bool = True) -> dict:
    from deploy import serve_many

    with serve_many.serving(workers, serve_many.free_port(), say=lambda m: None) as served:
        load.wait_idle(served.pids, timeout=60)  # the background preload of the presets
        tracks = [Track() for _ in range(sessions)]
        t0 = time.monotonic()
        stop_at = t0 + seconds
        threads = [
            threading.Thread(target=kill_session, args=(served.url, i, stop_at, tracks[i]))
            for i in range(sessions)
        ]
        for t in threads:
            t.start()
            time.sleep(0.05)
        killed_at, back = None, None
        if kill:
            time.sleep(max(0.0, t0 + seconds / 4 - time.monotonic()))
            victim = served.workers[0]
            old_pid = victim.pid
            killed_at = time.monotonic()
            os.kill(old_pid, signal.SIGKILL)
            port = served.worker_ports[0]
            while time.monotonic() < stop_at:
                if victim.pid != old_pid and serve_many.healthy(f"http://127.0.0.1:{port}"):
                    back = time.monotonic() - killed_at
                    break
                time.sleep(0.2)
        for t in threads:
            t.join()
    after = killed_at if killed_at is not None else t0
    broken = [tr for tr in tracks if any(not ok for t, ok, _ in tr.events if t >= after)]
    recovered_at = []
    for tr in broken:
        first_bad = next(t for t, ok, _ in tr.events if t >= after and not ok)
        good = [t for t, ok, _ in tr.events if t > first_bad and ok]
        recovered_at.append(good[0] if good else None)
    recovered = None if None in recovered_at else max(recovered_at, default=after)
    failed_after = (
        sum(
            1 for tr in tracks for t, ok, _ in tr.events if recovered is not None and t > recovered and not ok
        )
        if recovered is not None
        else None
    )
    reruns = sum(1 for tr in tracks for _, ok, _ in tr.events if ok)
    return {
        "sessions": sessions,
        "seconds": seconds,
        "workers": workers,
        "kill": kill,
        "with_exception": sum(1 for tr in broken if any(w.startswith("exception") for t, ok, w in tr.events)),
        "with_failure": len(broken),
        "recover": None if recovered is None else recovered - after,
        "worker_back": back,
        "failed_after": failed_after,
        "reruns": reruns,
        "problems": [w for tr in broken for _, ok, w in tr.events if not ok][:5],
    }


def cold_burst(sessions: int, plain: bool) -> dict:
    from collapse_ui import registry

    paths = [p.url_path for p in registry.nav_pages()]
    barrier = threading.Barrier(sessions)
    problems: list[list[str]] = [[] for _ in range(sessions)]
    reached: set[str] = set()  # page script hashes the sessions ended on: every page was opened

    def one(i: int, url: str) -> None:
        page = paths[i % len(paths)]
        try:
            barrier.wait(timeout=60)
            s = load.Session(url, timeout=10)
            s.page = page
            try:
                run = s.rerun(deadline=time.perf_counter() + 120)
                problems[i].extend(run.problems)
                reached.add(s.page_hash)
                if not run.finished:
                    problems[i].append("unfinished")
            finally:
                s.close()
        except Exception as exc:
            problems[i].append(f"exception: {exc!r}"[:200])

    script = str(load.ROOT / "app.py") if plain else "app.py"  # an absolute path: plain `streamlit run`
    with load.one_server(script=script, presets_ready=False) as (url, _pids):
        threads = [threading.Thread(target=one, args=(i, url)) for i in range(sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    bad = [(paths[i % len(paths)], p) for i, p in enumerate(problems) if p]
    return {
        "sessions": sessions,
        "plain": plain,
        "with_exception": len(bad),
        "pages": len(paths),
        "pages_reached": len(reached - {""}),
        "problems": [f"{page or '(default)'}: {p[0]}" for page, p in bad[:5]],
    }


def show_kill(r: dict, label: str) -> None:
    rec = "never" if r["recover"] is None else f"{r['recover']:.1f} s"
    back = "n/a" if r["worker_back"] is None else f"{r['worker_back']:.1f} s"
    failed = "n/a" if r["failed_after"] is None else r["failed_after"]
    print(
        f"worker-kill ({label}): {r['sessions']} sessions x {r['seconds']:.0f} s on nginx + {r['workers']} "
        f"workers: {r['with_exception']} sessions saw an exception ({r['with_failure']} saw any failed rerun); "
        f"recovered {rec} after the kill (killed worker serving again after {back}); "
        f"{failed} reruns failed after recovery; {r['reruns']} reruns ok"
    )
    for p in r["problems"]:
        print(f"  {p}")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", nargs="?", choices=("worker-kill", "cold-burst", "both"), default="both")
    ap.add_argument("--sessions", type=int)
    ap.add_argument("--seconds", type=float, default=40.0, help="worker-kill: length of each run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--plain", action="store_true", help="cold-burst: `streamlit run app.py`, no preload")
    args = ap.parse_args(argv)
    if (args.sessions or 0) > MAX_SESSIONS or args.seconds > MAX_SECONDS:
        ap.error(f"bounded runs only: at most {MAX_SESSIONS} sessions and {MAX_SECONDS} s")
    out: dict = {}
    if args.scenario in ("worker-kill", "both"):
        n = args.sessions or 10
        out["reference"] = worker_kill(n, args.seconds, args.workers, kill=False)
        show_kill(out["reference"], "reference, no kill")
        out["worker_kill"] = worker_kill(n, args.seconds, args.workers)
        show_kill(out["worker_kill"], "one worker killed")
        ok_ref = out["reference"]["reruns"] / args.seconds
        ok_kill = out["worker_kill"]["reruns"] / args.seconds
        print(
            f"  reruns/s with the kill against the reference: {ok_kill:.2f} / {ok_ref:.2f} = "
            f"{ok_kill / ok_ref if ok_ref else float('nan'):.2f}x"
        )
    if args.scenario in ("cold-burst", "both"):
        r = out["cold_burst"] = cold_burst(args.sessions or 20, args.plain)
        how = "streamlit run app.py" if r["plain"] else "collapse_ui.serve (make run)"
        print(
            f"cold-burst ({how}): {r['sessions']} sessions opened at once over {r['pages']} pages "
            f"({r['pages_reached']} distinct pages reached): "
            f"{r['with_exception']} saw an exception or an error"
        )
        for p in r["problems"]:
            print(f"  {p}")
    return out


if __name__ == "__main__":
    main()
