"""Several Streamlit processes behind nginx, on loopback, in the foreground.

    python -m deploy.serve_many --workers 2 --port 8080      # or: make serve-many WORKERS=2 PORT=8080

Writes an nginx config from deploy/nginx.conf.template into a fresh temp dir (pid file, error
and access logs, temp paths: all there, nothing under /etc or /var), starts N `streamlit run
app.py` processes on free loopback ports (one shared cookie secret, so any of them accepts the
others' XSRF cookies) and nginx in the foreground, and stops everything on Ctrl-C (or when any
of them exits). Sticky sessions: see the template. nginx comes from Debian (`make nginx`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        raise SystemExit("nginx not found: `make nginx` (apt-get install nginx) first")
    return found


def write_config(directory: Path, port: int, worker_ports: list[int]) -> Path:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in worker_ports)
    text = (TEMPLATE.read_text().replace("@DIR@", str(directory)).replace("@PORT@", str(port))
            .replace("@SERVERS@", servers))
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


def wait_until(check, procs, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        dead = [p for p in procs if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit codes {[p.returncode for p in dead]})")
        time.sleep(0.2)


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


@dataclass
class Served:
    url: str
    pids: list[int]  # the streamlit processes
    directory: Path  # nginx config, pid file and logs
    procs: list[subprocess.Popen]

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)


@contextlib.contextmanager
def serving(workers: int, port: int, quiet: bool = True):
    """nginx on 127.0.0.1:port in front of `workers` streamlit processes; yields
    a Served. Everything is stopped and the temp dir removed on exit."""
    if not 1 <= workers <= 16:
        raise ValueError("workers must be from 1 to 16")
    directory = Path(tempfile.mkdtemp(prefix="collapse-serve-"))
    directory.chmod(0o755)
    out = subprocess.DEVNULL if quiet else None
    worker_ports = [free_port() for _ in range(workers)]
    cookie_secret = secrets.token_hex(32)
    procs: list[subprocess.Popen] = []
    try:
        for p in worker_ports:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "collapse_ui.serve", "--server.headless", "true",
                 "--server.port", str(p), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                 "false"],
                cwd=ROOT, stdout=out, stderr=out, env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}))
        for p in worker_ports:
            wait_until(lambda p=p: healthy(f"http://127.0.0.1:{p}"), procs, f"streamlit on port {p}")
        config = write_config(directory, port, worker_ports)
        nginx = subprocess.Popen([nginx_binary(), "-p", str(directory), "-c", str(config), "-e",
                                  str(directory / "error.log")], stdout=out, stderr=out)
        procs.append(nginx)
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: healthy(url), procs, "nginx")
        yield Served(url, [p.pid for p in procs[:-1]], directory, procs)
    finally:
        stop(procs[::-1])
        shutil.rmtree(directory, ignore_errors=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8080)
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops everything as Ctrl-C does
    try:
        with serving(args.workers, args.port, quiet=False) as served:
            print(f"serving {served.url} (nginx, {args.workers} streamlit processes: pids {served.pids}); "
                  f"config and logs in {served.directory}; Ctrl-C stops everything", flush=True)
            while served.alive():
                time.sleep(1)
            print("a process exited; stopping the rest", flush=True)
    except KeyboardInterrupt:
        print("stopped", flush=True)


def _interrupt(*_):
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
