"""Who has a profile open in an editor: ``.NAME.lock`` holds user@host, pid and since when."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model.visible import visible
from .history import now, whoami
from .paths import Layout, StoreError
from .write import pid_alive


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def __str__(self) -> str:
        return f"{visible(self.user)} (pid {self.pid}, since {visible(self.since)})"

    @property
    def alive(self) -> bool:
        """A holder on another host is taken to be alive: its pid cannot be checked from here."""
        return self.host != socket.gethostname() or pid_alive(self.pid)


class Locked(StoreError):
    """The profile is open in an editor elsewhere (exit 2)."""

    def __init__(self, name: str, holder: Holder) -> None:
        super().__init__(f'"{name}" is open in an editor by {holder}; --force writes anyway')
        self.holder = holder
        self.code = 2


def read_holder(path: Path) -> Holder | None:
    """The lock's holder, or None when there is no lock (or it cannot be read as one)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_unlocked(layout: Layout, name: str | None, force: bool) -> None:
    """For CLI writes: refuse while a live editor holds the profile, unless forced."""
    if name is None or force:
        return
    holder = read_holder(layout.lock(name))
    if holder is not None and holder.alive and holder.pid != os.getpid():
        raise Locked(name, holder)


class Lock:
    """This process's hold on a profile, released on every exit path it can see."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mine = Holder(whoami(), socket.gethostname(), os.getpid(), now())

    @classmethod
    def acquire(cls, layout: Layout, name: str, force: bool = False) -> tuple[Lock, str | None]:
        """Take the lock; returns it and a notice when a stale or forced lock was taken over."""
        lock = cls(layout.lock(name))
        body = json.dumps(asdict(lock.mine)) + "\n"
        lock.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(lock.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = read_holder(lock.path)
            if holder is not None and holder.alive and holder.pid != os.getpid() and not force:
                raise Locked(name, holder) from None
            why = (
                "took over the lock of "
                + str(holder)
                + (" (forced)" if holder.alive else " (that process no longer runs)")
                if holder
                else "replaced an unreadable lock file"
            )
            from .write import atomic_write

            atomic_write(lock.path, body)
            return lock, why
        with os.fdopen(fd, "w") as handle:
            handle.write(body)
        return lock, None

    def release(self) -> None:
        """Remove the lock if it is still ours (someone may have forced it away)."""
        holder = read_holder(self.path)
        if holder is not None and holder.pid == self.mine.pid and holder.host == self.mine.host:
            try:
                self.path.unlink()
            except OSError:
                pass
