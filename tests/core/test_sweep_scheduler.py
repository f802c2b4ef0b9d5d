"""A scheduler address that accepts and stays silent, one that answers garbage, and tls://
without Dask's TLS settings: one line on stderr and exit 1, within the --scheduler-timeout
(the subprocess's own timeout is only a generous bound against a hang)."""

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GARBAGE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nnot a dask scheduler\n" * 8


@pytest.fixture(params=["silent", "garbage"])
def bad_server(request):
    """A local TCP server that accepts connections and then stays silent or sends garbage."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()
    conns = []

    def serve():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conns.append(conn)
            if request.param == "garbage":
                try:
                    conn.sendall(GARBAGE)
                except OSError:
                    pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield request.param, srv.getsockname()[1]
    stop.set()
    t.join(timeout=5)
    for c in conns:
        c.close()
    srv.close()


def run_sweep(address: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "collapse_core",
            "sweep",
            "--family",
            "gaussian",
            "--vary",
            "sample_size=10,20",
            "--metric",
            "variance_ratio",
            "--generations",
            "5",
            "--replicates",
            "10",
            "--seed",
            "1",
            "--scheduler",
            address,
            "--scheduler-timeout",
            "2",
            "--no-progress",
            "--out",
            str(tmp_path / "s.parquet"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_scheduler_is_one_line_exit_1(bad_server, tmp_path):
    kind, port = bad_server
    run = run_sweep(f"tcp://127.0.0.1:{port}", tmp_path)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1, run.stderr
    assert f"127.0.0.1:{port}" in lines[0]
    assert (
        "did not answer within 2 s" if kind == "silent" else "did not answer as a Dask scheduler"
    ) in lines[0]
    assert not list(tmp_path.iterdir())


def test_tls_without_settings_is_one_line_exit_1(bad_server, tmp_path):
    _, port = bad_server
    run = run_sweep(f"tls://127.0.0.1:{port}", tmp_path)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1 and "TLS settings" in lines[0], run.stderr
