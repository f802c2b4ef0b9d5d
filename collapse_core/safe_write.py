"""Writing an output file without harming what its name already points at.

Every writer of the package (`simulate --out`, `sweep --out`, the export command's files and
folders) goes through here, with one rule, decided by what the path is *now* (lstat, the last
component not followed):

- nothing there, or a regular file: written to a temporary file in the same folder, then
  renamed over it, so a failure never leaves a partly written file and an existing file is
  replaced whole or not at all;
- a character device (`/dev/null`, a terminal) or a FIFO: written through, opened for writing
  and never renamed over, so the device or pipe stays what it was; a FIFO nobody reads is
  refused at once rather than waited on;
- a symbolic link: refused, naming the link and its target; links are never followed, so an
  output path (or a folder of the export) cannot be redirected somewhere else;
- a folder, a block device or a socket: refused.

Refusals and failures are OSError with a one-line message (`one_line_error`); callers print it
and exit with status 1.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile

NEW, REGULAR, THROUGH = "new", "regular", "through"


class RefusedOutput(OSError):
    """An output path this package will not write (a link, a folder, a block device...)."""

    def __init__(self, message: str):
        super().__init__(errno.EPERM, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def classify(path) -> str:
    """NEW, REGULAR or THROUGH for a path that may be written; RefusedOutput otherwise.
    OSError (e.g. ENAMETOOLONG) from looking at the path is passed on."""
    path = os.fspath(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return NEW
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return REGULAR
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        raise RefusedOutput(
            f"{path} is a symbolic link (to {target}); links are not followed: "
            "name the file itself or remove the link"
        )
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return THROUGH
    what = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise RefusedOutput(f"{path} is {what}; give a file name")


def check_folder(path) -> bool:
    """True if `path` is a real folder, False if nothing is there; RefusedOutput for a link
    (never followed) or anything else."""
    path = os.fspath(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(st.st_mode):
        return True
    if stat.S_ISLNK(st.st_mode):
        raise RefusedOutput(
            f"{path} is a symbolic link (to {os.readlink(path)}); links are not followed: "
            "name the folder itself or remove the link"
        )
    raise RefusedOutput(f"{path} is not a folder")


def write_bytes(path, data: bytes) -> None:
    """Write `data` to `path` by the module's rule (see the module docstring)."""
    path = os.fspath(path)
    if classify(path) == THROUGH:
        _write_through(path, data)
    else:
        _write_atomic(path, data)


def write_text(path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def replace_from(tmp, path) -> None:
    """Move the finished temporary file `tmp` to `path` by the same rule: renamed over a new
    path or a regular file; copied through into a device or FIFO (and `tmp` removed)."""
    path = os.fspath(path)
    if classify(path) == THROUGH:
        with open(tmp, "rb") as fh:
            _write_through(path, fh.read())
        os.unlink(tmp)
    else:
        os.replace(tmp, path)


def _write_through(path: str, data: bytes) -> None:
    try:
        # O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of blocking forever;
        # O_NOFOLLOW: a link swapped in since classify() is not followed either.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(exc.errno, f"{path} is a FIFO that nobody is reading") from None
        raise
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by a file since classify(): do it safely
            os.close(fd)
            fd = -1
            _write_atomic(path, data)
            return
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        if fd >= 0:
            os.close(fd)


def _write_atomic(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        old_mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        old_mode = 0o666 & ~umask  # as open() would have made it, not mkstemp's 0600
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)[:40]}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, old_mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def one_line_error(exc: BaseException, path=None) -> str:
    """`cannot write PATH: reason` on one line (RefusedOutput's message as it is)."""
    if isinstance(exc, RefusedOutput):
        return exc.message
    reason = getattr(exc, "strerror", None) or str(exc)
    where = f" {os.fspath(path)}" if path is not None else ""
    if getattr(exc, "errno", None) == errno.ENAMETOOLONG:
        reason = "the name is too long for this file system"
    return f"cannot write{where}: {reason}"
