"""Several Streamlit processes behind nginx, on loopback, in the foreground, healing.

    python -m deploy.serve_many --workers 2 --port 8080      # or: make serve-many WORKERS=2 PORT=8080
    python -m deploy.serve_many --frame-ancestors "'self' https://lms.example.edu"   # LMS embedding

Writes an nginx config from deploy/nginx.conf.template into a fresh temp dir (pid file, error
and access logs, temp paths: all there, nothing under /etc or /var), starts N `streamlit run
app.py` processes on free loopback ports (one shared cookie secret, so any of them accepts the
others' XSRF cookies) and nginx in the foreground. Sticky sessions: see the template.

It heals: a worker (or nginx) that exits is started again on the same port with the same
cookie secret, after a backoff that doubles with each recent restart, at most
MAX_RESTARTS_PER_MINUTE times in any 60 s (beyond that it waits for the window to pass), and
each exit and restart is logged. Meanwhile nginx sends that worker's sessions to a live one
(`max_fails`/`fail_timeout` and `proxy_next_upstream` in the template). The launcher never
exits because a child did; Ctrl-C or SIGTERM stops nginx, then every worker, and removes the
temp dir. Children run in their own process group (a terminal's Ctrl-C reaches only the
launcher, which stops them in order) and get SIGTERM if the launcher itself dies.
nginx comes from Debian (`make nginx`).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")

MAX_RESTARTS_PER_MINUTE = 5
BACKOFF_FIRST = 0.5  # seconds before the first restart; doubles per restart in the last minute
BACKOFF_MAX = 20.0
FAIL_TIMEOUT = 5  # nginx: a worker that failed once is left out this many seconds, then tried again
DEFAULT_FRAME_ANCESTORS = "'self'"
# CSP source expressions only: a value is written into the nginx config inside double quotes.
_SOURCE = re.compile(r"^(?:'self'|'none'|https?://[A-Za-z0-9.*-]+(?::\d{1,5})?|https?:)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        raise SystemExit("nginx not found: `make nginx` (apt-get install nginx) first")
    return found


def frame_ancestors(value: str) -> str:
    """The CSP frame-ancestors sources, checked: 'self', 'none', or http(s) origins."""
    sources = value.split()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if not sources or bad or ("'none'" in sources and len(sources) > 1):
        raise ValueError(
            f"--frame-ancestors {value!r}: give 'self', 'none' or origins such as "
            "https://lms.example.edu, separated by spaces"
        )
    return " ".join(sources)


def write_config(
    directory: Path, port: int, worker_ports: list[int], ancestors: str = DEFAULT_FRAME_ANCESTORS
) -> Path:
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;" for p in worker_ports
    )
    # A cross-site frame only sends cookies marked SameSite=None (and those need HTTPS).
    same_site = "Lax" if frame_ancestors(ancestors) in ("'self'", "'none'") else "None; Secure"
    text = (
        TEMPLATE.read_text()
        .replace("@DIR@", str(directory))
        .replace("@PORT@", str(port))
        .replace("@SERVERS@", servers)
        .replace("@FRAME_ANCESTORS@", frame_ancestors(ancestors))
        .replace("@COOKIE_SAMESITE@", same_site)
    )
    for name in TEMP_DIRS:
        (directory / name).mkdir(mode=0o777, exist_ok=True)
        (directory / name).chmod(0o777)  # nginx's worker may run as another user than its master
    path = directory / "nginx.conf"
    path.write_text(text)
    return path


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.read() == b"ok"
    except OSError:
        return False


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the launcher dies, so no worker is orphaned."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def log(message: str) -> None:
    print(f"serve-many {time.strftime('%H:%M:%S')} {message}", flush=True)


@dataclass
class Child:
    """One supervised process: its command, and when it was (re)started."""

    name: str
    argv: list[str]
    env: dict | None = None
    cwd: Path | None = None
    quiet: bool = True
    restart_argv: list[str] | None = None  # the command for a restart, if not argv
    proc: subprocess.Popen | None = None
    restarts: deque = field(default_factory=deque)  # monotonic times of restarts in the last minute
    due: float | None = None  # when a pending restart may start

    def start(self, restart: bool = False) -> None:
        out = subprocess.DEVNULL if self.quiet else None
        argv = self.restart_argv if restart and self.restart_argv else self.argv
        self.proc = subprocess.Popen(
            argv,
            cwd=self.cwd,
            env=self.env,
            stdout=out,
            stderr=out,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Supervisor:
    """Keeps every child running; `check()` is called about twice a second."""

    def __init__(self, children: list[Child], say=log, clock=time.monotonic):
        self.children = children
        self.say = say
        self.clock = clock
        self.lock = threading.Lock()
        self.stopping = False

    def check(self) -> None:
        with self.lock:
            if self.stopping:
                return
            now = self.clock()
            for c in self.children:
                while c.restarts and now - c.restarts[0] > 60:
                    c.restarts.popleft()
                if c.due is None and not c.alive():
                    code = c.proc.returncode if c.proc is not None else None
                    if len(c.restarts) >= MAX_RESTARTS_PER_MINUTE:
                        c.due = c.restarts[0] + 60
                        why = f"{len(c.restarts)} restarts in the last minute (the bound); waiting"
                    else:
                        c.due = now + min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** len(c.restarts))
                        why = "restarting"
                    self.say(f"{c.name} (pid {c.pid}) exited with code {code}; {why} in {c.due - now:.1f} s")
                if c.due is not None and now >= c.due:
                    c.due = None
                    c.restarts.append(now)
                    c.start(restart=True)
                    self.say(
                        f"{c.name} restarted: pid {c.pid} (restart {len(c.restarts)} in the last minute)"
                    )

    def stop(self) -> None:
        """No more restarts; the last child (nginx) is stopped first, so no request reaches a
        worker that is going away."""
        with self.lock:
            self.stopping = True
        stop([c.proc for c in self.children[::-1] if c.proc is not None])

    def watch(self, done: threading.Event, every: float = 0.5) -> None:
        while not done.wait(every):
            self.check()


def stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_until(check, children: list[Child], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        dead = [c for c in children if not c.alive()]
        if dead or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit codes {[c.proc.returncode for c in dead]})")
        time.sleep(0.2)


@dataclass
class Served:
    url: str
    directory: Path  # nginx config, pid file and logs
    workers: list[Child]
    nginx: Child
    worker_ports: list[int]

    @property
    def pids(self) -> list[int]:
        """The streamlit processes now (a restarted worker has a new pid)."""
        return [c.pid for c in self.workers]

    def alive(self) -> bool:
        return all(c.alive() for c in (*self.workers, self.nginx))


@contextlib.contextmanager
def serving(
    workers: int,
    port: int,
    quiet: bool = True,
    ancestors: str = DEFAULT_FRAME_ANCESTORS,
    heal: bool = True,
    say=log,
):
    """nginx on 127.0.0.1:port in front of `workers` streamlit processes; yields a Served.
    With `heal`, a thread restarts whatever exits. Everything is stopped and the temp dir
    removed on exit."""
    if not 1 <= workers <= 16:
        raise ValueError("workers must be from 1 to 16")
    ancestors = frame_ancestors(ancestors)
    directory = Path(tempfile.mkdtemp(prefix="collapse-serve-"))
    directory.chmod(0o755)
    worker_ports = [free_port() for _ in range(workers)]
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}

    def command(p: int, *extra: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "collapse_ui.serve",
            *extra,
            "--server.headless",
            "true",
            "--server.port",
            str(p),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ]

    # A restarted worker skips the preload: the preload runs before the port opens and took
    # 35 s of a 43 s start on a busy machine (8 s without it), while the live workers carry
    # every session alone. Its pages are computed on their first visit instead.
    children = [
        Child(
            f"worker {i + 1} on port {p}",
            command(p),
            env=env,
            cwd=ROOT,
            quiet=quiet,
            restart_argv=command(p, "--no-preload"),
        )
        for i, p in enumerate(worker_ports)
    ]
    supervisor = Supervisor(children, say=say)
    done = threading.Event()
    thread = threading.Thread(target=supervisor.watch, args=(done,), daemon=True)
    try:
        for c in children:
            c.start()
        for c, p in zip(children, worker_ports, strict=True):
            wait_until(lambda p=p: healthy(f"http://127.0.0.1:{p}"), children, c.name)
        config = write_config(directory, port, worker_ports, ancestors)
        nginx = Child(
            "nginx",
            [nginx_binary(), "-p", str(directory), "-c", str(config), "-e", str(directory / "error.log")],
            quiet=quiet,
        )
        nginx.start()
        supervisor.children = [*children, nginx]
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: healthy(url), supervisor.children, "nginx")
        if heal:
            thread.start()
        yield Served(url, directory, children, nginx, worker_ports)
    finally:
        done.set()
        if thread.is_alive():
            thread.join()
        supervisor.stop()
        shutil.rmtree(directory, ignore_errors=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument(
        "--frame-ancestors",
        default=DEFAULT_FRAME_ANCESTORS,
        help="who may show the app in a frame (CSP frame-ancestors): 'self' (default), "
        "'none', or origins such as https://lms.example.edu",
    )
    args = ap.parse_args(argv)
    try:
        frame_ancestors(args.frame_ancestors)
    except ValueError as exc:
        ap.error(str(exc))
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops everything as Ctrl-C does
    try:
        with serving(args.workers, args.port, quiet=False, ancestors=args.frame_ancestors) as served:
            log(
                f"serving {served.url} (nginx pid {served.nginx.pid}; {args.workers} streamlit processes: "
                + ", ".join(f"{c.name} pid {c.pid}" for c in served.workers)
                + f"); config and logs in {served.directory}; Ctrl-C stops everything"
            )
            while True:
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    except (ValueError, RuntimeError) as exc:  # bad --workers, a port in use, a worker that cannot start
        log(f"cannot serve: {exc}")
        sys.exit(1)
    log("stopped")


def _interrupt(*_):
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
