"""One writer at a time per folder (an OS lock held for a whole read-check-write), and writes
that a signal never cuts in half."""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .paths import StoreError

WAIT = 10.0
"""Seconds a writer waits for another to finish before giving up (exit 2, "busy")."""

_POLL = 0.01
_held: dict[Path, int] = {}
"""Folders this process holds, with how deep: a write inside a write does not wait for itself."""
_guard = threading.Lock()


class _Writes:
    """The writes of this process under way (see ``whole``), and what waits for them to end."""

    def __init__(self) -> None:
        self.depth = 0
        self.after: list[Callable[[], None]] = []


_writes = _Writes()


@contextmanager
def whole() -> Iterator[None]:
    """A write that must not be cut in half: ``when_clear`` waits for it to end. A hang-up
    that arrives mid-save lets the save finish (milliseconds) before the process ends, so
    no temp file is left behind and history and profile always agree."""
    _writes.depth += 1
    try:
        yield
    finally:
        _writes.depth -= 1
        if not _writes.depth:
            while _writes.after:
                _writes.after.pop(0)()


def when_clear(action: Callable[[], None]) -> None:
    """Run ``action`` now, or, if a write is under way, as soon as it has ended. Safe to call
    from a signal handler (it takes no lock: the handler may have interrupted one)."""
    if _writes.depth:
        _writes.after.append(action)
    else:
        action()


class Busy(StoreError):
    """Another process kept the folder's write lock for longer than WAIT (exit 2)."""

    code = 2


@contextmanager
def writing(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the folder's write lock: ``flock`` on the folder itself, so no file is made and
    none is left behind, and the kernel drops it when a holder dies (even by SIGKILL).

    Every write of a profile, its history and its sync state happens inside: two ``set``
    runs then take turns, each re-reading what the other wrote, and history IDs are taken
    one at a time. A folder that cannot be opened is written without the lock: the write
    itself then says what is wrong with the folder.
    """
    key = folder.absolute()
    with _guard:
        depth = _held.get(key, 0)
        if depth:
            _held[key] = depth + 1
    if depth:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    fd = _open(key)
    try:
        if fd is not None:
            _lock(fd, key, WAIT if wait is None else wait)  # waiting is not writing: a signal ends it
        with _guard:
            _held[key] = 1
        try:
            with whole():
                yield
        finally:
            with _guard:
                del _held[key]
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


def _open(folder: Path) -> int | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _lock(fd: int, folder: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return  # a file system without locks: write as before
        if time.monotonic() >= deadline:
            raise Busy(
                f"{folder}: -: error: busy: another portal-tui has been writing here for "
                f"{wait:g} s; nothing written, try again"
            )
        time.sleep(_POLL)
