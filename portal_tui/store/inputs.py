"""Files named on the command line (a key, a plan, accounts, --out): checked before read or written."""

from __future__ import annotations

import os
import select
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ..model.visible import visible
from .paths import StoreError

PIPE_WAIT = 10.0
"""Seconds a pipe (``--api-key-file <(pass show stripe)``) may take to give what it holds."""


class InputError(StoreError):
    """A file handed to a command that cannot be read as one: one line, nothing done."""


@dataclass(frozen=True)
class Input:
    data: bytes
    mode: int
    """The file's permission bits (a key file must be its owner's alone)."""


def read_input(path: str, what: str, limit: int, wait: float = PIPE_WAIT) -> Input:
    """The whole of a regular file or a pipe that ends within ``wait`` seconds, at most
    ``limit`` bytes. Why not ``open().read()``: a FIFO nobody writes to blocks the open for
    ever, a device (``/dev/zero``) never ends, a folder is not text."""
    shown = visible(path)
    try:
        fd = os.open(os.path.expanduser(path), os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once
    except OSError as exc:
        raise InputError(f"cannot read the {what} {shown}: {exc.strerror}") from None
    try:
        status = os.fstat(fd)
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
            raise InputError(f"the {what} {shown} is not a file (a folder or a device)")
        data = _drain(fd, limit, wait, f"the {what} {shown}")
    except OSError as exc:
        raise InputError(f"cannot read the {what} {shown}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"the {what} {shown} is over {limit:,} bytes")
    return Input(data, stat.S_IMODE(status.st_mode))


def _drain(fd: int, limit: int, wait: float, shown: str) -> bytes:
    deadline = time.monotonic() + wait
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        try:
            chunk = os.read(fd, limit + 1 - size)
        except BlockingIOError:  # a pipe whose writer has not written yet
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise InputError(
                    f"{shown} gave nothing more to read within {wait:g} s (a pipe nobody writes to?)"
                ) from None
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def output_file(path: str, root: Path, what: str) -> Path:
    """Where ``--out`` may write: a new file or a regular one, outside the config folder. Why:
    the write replaces what is there by a rename, which would turn a link or a device into a
    plain file and overwrite a profile or a sync file with no lock and no history."""
    shown = visible(path)
    target = Path(path).expanduser()
    if target.is_symlink():
        raise InputError(f"the {what} {shown} is a link: give the file itself")
    if target.exists() and not target.is_file():
        raise InputError(f"the {what} {shown} is not a file (a folder, a pipe or a device)")
    if target.resolve().is_relative_to(root.resolve()):
        raise InputError(f"the {what} {shown} is inside the config folder {visible(str(root))}: write it elsewhere")
    if not target.parent.is_dir():
        raise InputError(f"the {what} {shown}: no folder {visible(str(target.parent))}")
    return target
