"""Special files for the output-rule tests: a FIFO, a character device (major 1, minor 3,
the kernel's null device, made in a temporary folder, never the real /dev/null) and a
symbolic link; `identity` says what a path is, so a test can check it is still that."""

from __future__ import annotations

import os
import stat

import pytest

KINDS = ("fifo", "chardev", "symlink")
KEEP = b"the link's target, which must stay as it was\n"


def need_root_for_mknod() -> None:
    """Skip (with the reason) unless root; under CI=true a missing check fails instead."""
    if os.geteuid() != 0:
        reason = "making a character device (mknod) needs root"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true: this check must run in CI, not be skipped")
        pytest.skip(reason)


def make(kind: str, path) -> None:
    """Make a `kind` special file at `path` (a symlink points at a regular file beside it)."""
    path = os.fspath(path)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "chardev":
        need_root_for_mknod()
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    elif kind == "symlink":
        target = path + ".target"
        with open(target, "wb") as fh:
            fh.write(KEEP)
        os.symlink(os.path.basename(target), path)
    else:
        raise ValueError(kind)


def identity(path) -> tuple:
    """(file type, device number, link target, link target's bytes): what a path is."""
    path = os.fspath(path)
    st = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    data = None
    if link is not None:
        with open(os.path.join(os.path.dirname(path), link), "rb") as fh:
            data = fh.read()
    rdev = st.st_rdev if stat.S_ISCHR(st.st_mode) else None
    return stat.S_IFMT(st.st_mode), rdev, link, data


class FifoReader:
    """A FIFO held open for reading (non-blocking) while a writer runs, so the writer finds a
    reader; what was written (up to the pipe's buffer, 64 KiB) is read back afterwards."""

    def __init__(self, path):
        self.fd = os.open(os.fspath(path), os.O_RDONLY | os.O_NONBLOCK)

    def read(self) -> bytes:
        chunks = []
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        os.close(self.fd)
