"""Load on a real Streamlit server, through Streamlit's own websocket protocol (no browser).

    python -m bench.load                     # start the app as make run does, 30 sessions x 60 s
    python -m bench.load --smoke             # 10 sessions x 15 s, short starvation phase
    python -m bench.load --url http://127.0.0.1:8080   # an app already serving there (e.g. make serve-many)
    python -m bench.load --proxy 2           # start deploy/serve_many.py (nginx + 2 workers) itself
    python -m bench.load --compare 2         # one process, then nginx + 2 workers: both reports

Loopback only: the driver refuses any host but 127.0.0.1/localhost, and every phase is bounded
in sessions and seconds. Phases:

  isolation   two sessions with different seeds rerun side by side; each checks that its own
              caption ("Seed N.") and URL (seed=N) carry its own seed.
  load        N sessions for T seconds, each moving the Gaussian page's sample-size slider one
              step at a time (seeds from a small pool, so some settings are new and miss the
              cache, others repeat and hit it). Slider-to-chart time: from sending the rerun to
              the script_finished that follows a delta carrying a Plotly chart.
  starvation  five sessions at the heaviest settings the page allows plus one light session
              moving the slider: the light session's latency while the heavy runs go on.
  after each  all clients close; the server's CPU-seconds over the next --settle seconds
              (abandoned work: goal under 1 s) and its RSS at the end of that window.

Server RSS (VmRSS summed over the server processes) is sampled every 0.25 s: at start (before
any session), peak, and after the sessions close. With --url and no --pid the server's
processes are unknown and only client-side figures are printed.
Benchmarks print; the smoke test (tests/ui/test_load_smoke.py) asserts correctness only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost"}

SLIDER_KEY = "gaussian.sample_size"
SEED_KEY = "gaussian.seed"
# Sample sizes the load sessions walk over (the slider's 1-2-5 steps between 10 and 1000).
WALK = ("10", "20", "50", "100", "200", "500", "1,000")
SEED_POOL = 5  # load sessions share 5 seeds: 5 x 7 settings fit the page cache (64 entries)
HEAVY_QUERY = "sample_size=20&generations=5000&replicates=1000&regime=accumulate-subsample&real_fraction=0.5"
RERUN_TIMEOUT = 120.0


# ---------------------------------------------------------------- one browser tab, as protocol


class ProtocolError(RuntimeError):
    pass


@dataclass
class Rerun:
    seconds: float
    chart: bool = False
    captions: list[str] = field(default_factory=list)
    query: str | None = None
    problems: list[str] = field(default_factory=list)
    finished: bool = True


class Session:
    """One Streamlit session over its websocket: what a browser tab sends, without drawing."""

    def __init__(self, base_url: str, query: str = "", timeout: float = 30.0):
        import websocket  # websocket-client (requirements-dev.txt)

        parts = urlparse(base_url)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"loopback only: refusing {base_url!r}")
        self.ws = websocket.create_connection(
            f"ws://{parts.hostname}:{parts.port}/_stcore/stream", subprotocols=["streamlit"], timeout=timeout
        )
        self.query = query
        self.page = ""  # a page's URL path for the first rerun ("" is the default page)
        self.page_hash = ""
        self.widget_ids: dict[str, str] = {}  # user key -> widget id
        self.options: dict[str, list[str]] = {}  # select-slider key -> formatted options
        self.states: dict[str, object] = {}  # widget id -> WidgetState sent with every rerun

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()

    def set_string_array(self, key: str, values: list[str]) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widget_ids[key])
        state.string_array_value.data.extend(values)
        self.states[state.id] = state

    def set_int(self, key: str, value: int) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widget_ids[key], int_value=value)
        self.states[state.id] = state

    def send_rerun(self) -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        if self.page and not self.page_hash:
            rerun.page_name = self.page
        rerun.widget_states.widgets.extend(self.states.values())
        self.ws.send_binary(msg.SerializeToString())
        return time.perf_counter()

    def receive(self, start: float, deadline: float | None = None) -> Rerun:
        """Messages until the rerun's script_finished (FINISHED_SUCCESSFULLY); a rerun that
        ends early for another rerun keeps waiting. Past `deadline` (a perf_counter time)
        returns an unfinished Rerun."""
        import websocket
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        out = Rerun(seconds=0.0)
        limit = start + RERUN_TIMEOUT if deadline is None else deadline
        while True:
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                if time.perf_counter() > limit:
                    out.finished = False
                    out.seconds = time.perf_counter() - start
                    return out
                continue
            if isinstance(raw, str):
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, out)
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                out.query = msg.page_info_changed.query_string
                self.query = out.query
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    out.seconds = time.perf_counter() - start
                    return out
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    out.problems.append("script compile error")
                    out.seconds = time.perf_counter() - start
                    return out

    def _element(self, el, out: Rerun) -> None:
        kind = el.WhichOneof("type")
        if kind == "plotly_chart":
            out.chart = True
        elif kind == "markdown":
            out.captions.append(el.markdown.body)
        elif kind == "exception":
            out.problems.append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
        elif kind == "alert" and el.alert.format == el.alert.ERROR:
            out.problems.append(f"error shown: {el.alert.body[:200]}")
        widget = getattr(el, kind, None)
        wid = getattr(widget, "id", "") if widget is not None else ""
        if wid.startswith("$$ID-"):
            key = wid.split("-", 2)[2]
            self.widget_ids[key] = wid
            if kind == "slider" and len(widget.options):
                self.options[key] = list(widget.options)

    def rerun(self, deadline: float | None = None) -> Rerun:
        return self.receive(self.send_rerun(), deadline)


def seed_problems(run: Rerun, seed: int) -> list[str]:
    """The page must show this session's seed, in its caption and its URL."""
    problems = []
    if not any(f"Seed {seed}." in c for c in run.captions):
        problems.append(f"caption does not carry seed {seed}")
    if run.query is not None and f"seed={seed}" not in run.query.split("&"):
        problems.append(f"URL {run.query!r} does not carry seed={seed}")
    return problems


# ---------------------------------------------------------------- the server's side


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


class Monitor:
    """RSS (MB, summed over the server's processes) sampled every 0.25 s in a thread."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def rss(self) -> float:
        return sum(rss_kb(p) for p in self.pids) / 1024

    def cpu(self) -> float:
        return sum(cpu_seconds(p) for p in self.pids)

    def _loop(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self.rss())

    def __enter__(self):
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"no healthy server at {url}")
        time.sleep(0.2)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def one_server(
    port: int | None = None,
    script: str = "app.py",
    cwd: Path = ROOT,
    extra: tuple = (),
    preload: bool = True,
    presets_ready: bool = True,
):
    """The app as `make run` serves it (collapse_ui.serve: preload, then streamlit run app.py),
    or `streamlit run <script>` for another script, on a loopback port; yields (url, [pid]).
    With `presets_ready` the app's background preload of the presets has finished first (a
    teacher's server started a minute before the class); the wait is printed."""
    port = port or free_port()
    app = script == "app.py" and cwd == ROOT
    launch = (
        ["-m", "collapse_ui.serve", *(() if preload else ("--no-preload",))]
        if app
        else ["-m", "streamlit", "run", script]
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            *launch,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *extra,
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = threading.Event()

    def drain() -> None:  # the pipe must never fill; the preload says when it is done
        for line in proc.stderr:
            if "preload: presets ready" in line:
                print(f"  ({line.strip()})", flush=True)
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        if app and preload and presets_ready and not ready.wait(180):
            print("  (the presets' preload did not finish within 180 s; measuring anyway)")
        yield url, [proc.pid]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_idle(pids: list[int], timeout: float = 180, quiet_cpu: float = 0.1) -> None:
    """Until the processes together use under `quiet_cpu` CPU-seconds in a second (e.g. their
    preload has finished), or `timeout`; the wait is printed."""
    t0 = time.monotonic()
    last = sum(cpu_seconds(p) for p in pids)
    while time.monotonic() - t0 < timeout:
        time.sleep(1.0)
        now = sum(cpu_seconds(p) for p in pids)
        if now - last < quiet_cpu:
            print(f"  (servers idle after {time.monotonic() - t0:.0f} s)", flush=True)
            return
        last = now
    print(f"  (servers still busy after {timeout:.0f} s; measuring anyway)", flush=True)


# ---------------------------------------------------------------- phases


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    new_settings: int = 0
    repeats: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, run: Rerun, extra: list[str] = ()) -> None:
        problems = list(run.problems) + list(extra)
        if not run.finished:
            problems.append(f"no script_finished within the time limit ({run.seconds:.0f} s)")
        elif not run.chart:
            problems.append("the rerun drew no chart")
        with self.lock:
            if problems:
                self.errors.extend(problems)
            else:
                self.times.append(run.seconds)


def load_session(url: str, index: int, stop_at: float, tally: Tally, seen: set, rng: random.Random) -> None:
    seed = 1 + index % SEED_POOL
    try:
        s = Session(url, query=f"seed={seed}", timeout=5)
    except Exception as exc:
        tally.errors.append(f"connect: {exc!r}")
        return
    try:
        first = s.rerun(deadline=time.perf_counter() + RERUN_TIMEOUT)
        tally.add(first, seed_problems(first, seed))
        position = WALK.index("100")
        while time.perf_counter() < stop_at:
            step = rng.choice((-1, 1)) if 0 < position < len(WALK) - 1 else (1 if position == 0 else -1)
            position += step
            s.set_string_array(SLIDER_KEY, [WALK[position]])
            with tally.lock:
                key = (seed, position)
                if key in seen:
                    tally.repeats += 1
                else:
                    tally.new_settings += 1
                    seen.add(key)
            run = s.rerun(deadline=max(stop_at, time.perf_counter()) + RERUN_TIMEOUT)
            tally.add(run, seed_problems(run, seed))
    except Exception as exc:
        tally.errors.append(f"session {index}: {exc!r}")
    finally:
        s.close()


def run_load(url: str, sessions: int, seconds: float) -> dict:
    tally, seen = Tally(), set()
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    threads = [
        threading.Thread(target=load_session, args=(url, i, stop_at, tally, seen, random.Random(i)))
        for i in range(sessions)
    ]
    for t in threads:
        t.start()
        time.sleep(min(0.05, seconds / max(1, 10 * sessions)))  # tabs open over a moment, not at once
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "sessions": sessions,
        "seconds": seconds,
        "wall": wall,
        "reruns": len(tally.times),
        "errors": tally.errors,
        "p50": pct(tally.times, 0.5),
        "p95": pct(tally.times, 0.95),
        "rate": len(tally.times) / wall,
        "new_settings": tally.new_settings,
        "repeats": tally.repeats,
    }


def run_isolation(url: str, seeds=(11, 12), reruns: int = 3) -> dict:
    """Two sessions with different seeds, side by side: each must see its own seed."""
    problems: list[str] = []

    def one(seed: int) -> None:
        s = Session(url, query=f"seed={seed}", timeout=5)
        try:
            for i in range(reruns):
                if i:
                    s.set_string_array(SLIDER_KEY, [WALK[(i + seed) % len(WALK)]])
                run = s.rerun()
                problems.extend(f"seed {seed}: {p}" for p in [*run.problems, *seed_problems(run, seed)])
        except Exception as exc:
            problems.append(f"seed {seed}: {exc!r}")
        finally:
            s.close()

    threads = [threading.Thread(target=one, args=(seed,)) for seed in seeds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"ok": not problems, "problems": problems}


def run_starvation(url: str, seconds: float, heavy: int = 5) -> dict:
    """`heavy` sessions at the heaviest settings (new seeds each rerun) and one light session
    moving the slider; the light session's latency. Heavy reruns may not finish in time."""
    stop_at = time.perf_counter() + seconds
    heavy_done, heavy_problems = [], []
    light = Tally()

    def heavy_session(i: int) -> None:
        seed = 5000 + 100 * i
        try:
            s = Session(url, query=f"{HEAVY_QUERY}&seed={seed}", timeout=1)
        except Exception as exc:
            heavy_problems.append(repr(exc))
            return
        try:
            run = s.rerun(deadline=stop_at)
            while run.finished and time.perf_counter() < stop_at:
                heavy_done.append(run.seconds)
                heavy_problems.extend(p for p in run.problems if "too much work" not in p)
                seed += 1
                s.set_int(SEED_KEY, seed)
                run = s.rerun(deadline=stop_at)
        except Exception as exc:
            heavy_problems.append(repr(exc))
        finally:
            s.close()

    threads = [threading.Thread(target=heavy_session, args=(i,)) for i in range(heavy)]
    for t in threads:
        t.start()
    time.sleep(min(1.0, seconds / 4))  # the heavy runs start first
    light_thread = threading.Thread(
        target=load_session, args=(url, 0, stop_at, light, set(), random.Random(99))
    )
    light_thread.start()
    for t in [*threads, light_thread]:
        t.join()
    return {
        "heavy_sessions": heavy,
        "heavy_finished": len(heavy_done),
        "heavy_problems": heavy_problems,
        "light_reruns": len(light.times),
        "light_errors": light.errors,
        "light_p50": pct(light.times, 0.5),
        "light_p95": pct(light.times, 0.95),
        "light_max": max(light.times, default=float("nan")),
    }


def settle(monitor: Monitor | None, seconds: float) -> dict:
    """After every client closed: server CPU-seconds and RSS over the next `seconds`."""
    if monitor is None:
        time.sleep(min(seconds, 2))
        return {}
    cpu0 = monitor.cpu()
    time.sleep(seconds)
    return {"cpu_after_close": monitor.cpu() - cpu0, "rss_after": monitor.rss(), "settle": seconds}


# ---------------------------------------------------------------- one benchmark run


def benchmark(
    url: str,
    pids: list[int] | None,
    sessions: int,
    seconds: float,
    starvation: float,
    settle_s: float,
    label: str,
) -> dict:
    monitor = Monitor(pids) if pids else None
    report: dict = {"label": label, "url": url}
    with monitor or contextlib.nullcontext():
        if monitor:
            report["rss_start"] = monitor.rss()
        warm = Session(url, timeout=5)  # one tab first: the server pays its imports here
        warm.rerun()
        warm.close()
        if monitor:
            report["rss_warm"] = monitor.rss()
        report["isolation"] = run_isolation(url)
        report["load"] = run_load(url, sessions, seconds)
        report["after_load"] = settle(monitor, settle_s)
        if monitor:
            report["rss_peak"] = monitor.peak
            monitor.peak = monitor.rss()
        if starvation > 0:
            report["starvation"] = run_starvation(url, starvation)
            report["after_starvation"] = settle(monitor, settle_s)
            if monitor:
                report["starvation"]["rss_peak"] = monitor.peak
    return report


def show(r: dict) -> None:
    load = r["load"]
    print(f"== {r['label']} ({r['url']})")
    iso = r["isolation"]
    print(
        f"isolation (two seeds side by side): {'holds' if iso['ok'] else 'BROKEN: ' + '; '.join(iso['problems'][:3])}"
    )
    print(
        f"load: {load['sessions']} sessions x {load['seconds']:.0f} s: {load['reruns']} reruns "
        f"({load['new_settings']} to settings not asked before, {load['repeats']} repeats), "
        f"{len(load['errors'])} errors, {load['rate']:.2f} reruns/s"
    )
    print(f"  slider-to-chart p50 {load['p50']:.2f} s, p95 {load['p95']:.2f} s")
    for e in load["errors"][:5]:
        print(f"  error: {e}")
    if "rss_start" in r:
        print(
            f"  server RSS: start {r['rss_start']:.0f} MB, after the first page {r['rss_warm']:.0f} MB, "
            f"peak {r['rss_peak']:.0f} MB, {r['after_load']['settle']:.0f} s after the sessions closed "
            f"{r['after_load']['rss_after']:.0f} MB"
        )
        print(
            f"  server CPU in the {r['after_load']['settle']:.0f} s after every client closed: "
            f"{r['after_load']['cpu_after_close']:.2f} s (goal < 1 s)"
        )
    st = r.get("starvation")
    if st:
        print(
            f"starvation: {st['heavy_sessions']} heavy sessions ({HEAVY_QUERY}) + 1 light, "
            f"{st['heavy_finished']} heavy reruns finished; light session: {st['light_reruns']} reruns, "
            f"p50 {st['light_p50']:.2f} s, p95 {st['light_p95']:.2f} s, max {st['light_max']:.2f} s, "
            f"{len(st['light_errors'])} errors"
        )
        for e in (st["light_errors"] + st["heavy_problems"])[:5]:
            print(f"  problem: {e}")
        after = r.get("after_starvation") or {}
        if after:
            print(
                f"  server CPU in the {after['settle']:.0f} s after the heavy sessions closed: "
                f"{after['cpu_after_close']:.2f} s (abandoned work; goal < 1 s)"
            )
            print(
                f"  server RSS: peak during starvation {st['rss_peak']:.0f} MB, {after['settle']:.0f} s after "
                f"the sessions closed {after['rss_after']:.0f} MB"
            )


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smoke", action="store_true", help="10 sessions x 15 s, 8 s of starvation")
    ap.add_argument("--sessions", type=int)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--starvation", type=float, help="seconds of the starvation phase (0: skip)")
    ap.add_argument("--settle", type=float, default=15.0, help="seconds of CPU/RSS watch after close")
    ap.add_argument("--url", help="an app already serving on loopback (default: start one)")
    ap.add_argument("--pid", type=int, action="append", help="with --url: the server's process ids")
    ap.add_argument("--proxy", type=int, metavar="WORKERS", help="start nginx + WORKERS streamlit processes")
    ap.add_argument("--compare", type=int, metavar="WORKERS", help="one process, then nginx + WORKERS")
    args = ap.parse_args(argv)
    sessions = args.sessions or (10 if args.smoke else 30)
    seconds = args.seconds or (15.0 if args.smoke else 60.0)
    starvation = args.starvation if args.starvation is not None else (8.0 if args.smoke else 40.0)
    if sessions > 100 or seconds > 600 or starvation > 600:
        ap.error("bounded runs only: at most 100 sessions and 600 s per phase")
    common = {"sessions": sessions, "seconds": seconds, "starvation": starvation, "settle_s": args.settle}

    reports = []
    if args.url:
        if urlparse(args.url).hostname not in LOOPBACK:
            ap.error("loopback only (127.0.0.1 or localhost)")
        wait_healthy(args.url)
        reports.append(benchmark(args.url, args.pid, label="server at --url", **common))
    if args.compare or (not args.url and not args.proxy):
        with one_server() as (url, pids):
            reports.append(benchmark(url, pids, label="one streamlit process", **common))
    if args.proxy or args.compare:
        from deploy import serve_many

        workers = args.proxy or args.compare
        with serve_many.serving(workers, free_port()) as served:
            wait_idle(served.pids)  # the workers' background preload of the presets, as for one process
            reports.append(
                benchmark(served.url, served.pids, label=f"nginx + {workers} streamlit processes", **common)
            )
    for r in reports:
        show(r)
    return reports


if __name__ == "__main__":
    main()
