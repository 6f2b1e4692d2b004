"""Who has a profile open in an editor: ``.NAME.lock`` holds user@host, pid and since when."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model.visible import visible
from .history import now, whoami
from .paths import Layout, StoreError
from .write import pid_alive

MOST = 4096
"""Bytes of a lock file read at most: a lock is one short JSON line, so anything longer is
damaged (a lock file made a link to /dev/zero must not be read for ever)."""


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def __str__(self) -> str:
        """user@host (pid, since): a bare login name in the user field (older locks, other
        programs) is given the lock's host, which the pid belongs to."""
        who = self.user if "@" in self.user else f"{self.user}@{self.host}"
        return f"{visible(who)} (pid {self.pid}, since {visible(self.since)})"

    @property
    def alive(self) -> bool:
        """A holder on another host is taken to be alive: its pid cannot be checked from here."""
        return self.host != socket.gethostname() or pid_alive(self.pid)

    def same(self, other: Holder) -> bool:
        return (self.pid, self.host) == (other.pid, other.host)


class Locked(StoreError):
    """The profile is open in an editor elsewhere (exit 2)."""

    def __init__(self, name: str, holder: Holder) -> None:
        super().__init__(f'"{name}" is open in an editor by {holder}; --force writes anyway')
        self.holder = holder
        self.code = 2


class Unlockable(StoreError):
    """The lock file cannot be made: the folder is read-only, not ours, or gone wrong. The
    editor then opens read-only; ``reason`` is short enough for its header."""

    def __init__(self, path: Path, error: OSError) -> None:
        if error.errno == errno.EROFS:
            self.reason = "read-only file system"
        elif error.errno in (errno.EACCES, errno.EPERM):
            self.reason = "no permission to write the profiles folder"
        else:
            self.reason = f"cannot lock: {error.strerror or error}"
        super().__init__(f"cannot write the lock file {visible(str(path))} ({error.strerror or error})")


def inspect(path: Path) -> tuple[Holder | None, str]:
    """The lock's holder, or None and why not: "" when there is no lock file, else what is
    wrong with it. Never follows a link and reads at most MOST bytes of a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "it is a link, not a lock file"
        return None, f"it cannot be read ({exc.strerror})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, "it is not a regular file"
        data = os.read(fd, MOST + 1)
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror})"
    finally:
        os.close(fd)
    if len(data) > MOST:
        return None, f"it is larger than a lock ({MOST} bytes at most)"
    try:
        fields = json.loads(data.decode("utf-8"))
        return Holder(str(fields["user"]), str(fields["host"]), int(fields["pid"]), str(fields["since"])), ""
    except (ValueError, KeyError, TypeError):
        return None, "it does not hold user, host, pid and since"


def read_holder(path: Path) -> Holder | None:
    """The lock's holder, or None when there is no lock (or it cannot be read as one)."""
    return inspect(path)[0]


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
        """Take the lock; returns it and a notice when a stale, forced or damaged lock was
        taken over. Unlockable when the folder will not take a lock file."""
        lock = cls(layout.lock(name))
        body = json.dumps(asdict(lock.mine)) + "\n"
        try:
            lock.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            holder, damage = inspect(lock.path)
            if holder is not None and holder.alive and holder.pid != os.getpid() and not force:
                raise Locked(name, holder) from None
            if holder is None:
                why = f"replaced a damaged lock file {visible(str(lock.path))}: {damage}"
            else:
                taken = " (forced)" if holder.alive else " (that process no longer runs)"
                why = f"took over the lock of {holder}{taken}"
            from .write import atomic_write

            try:
                atomic_write(lock.path, body)  # replaces a link itself, never what it points to
            except StoreError as exc:
                raise Unlockable(lock.path, OSError(errno.EIO, str(exc))) from None
            return lock, why
        except OSError as exc:
            raise Unlockable(lock.path, exc) from None
        with os.fdopen(fd, "w") as handle:
            handle.write(body)
        return lock, None

    def taken_by(self) -> Holder | None:
        """Who holds the lock now when it is someone else (``T`` in another editor, or
        ``edit --force``); None while it is still ours. Nobody else holds a lock file that
        went missing or was damaged, so this editor still does: a missing one is made again."""
        holder, damage = inspect(self.path)
        if holder is not None:
            return None if holder.same(self.mine) else holder
        if not damage:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o644)
            except FileExistsError:  # another editor made it just now: it holds the lock
                holder = read_holder(self.path)
                return holder if holder is not None and not holder.same(self.mine) else None
            except OSError:
                return None  # the folder refuses now; a save will say so in its turn
            with os.fdopen(fd, "w") as handle:
                handle.write(json.dumps(asdict(self.mine)) + "\n")
        return None

    def release(self) -> None:
        """Remove the lock if it is still ours (someone may have forced it away)."""
        holder = read_holder(self.path)
        if holder is not None and holder.same(self.mine):
            try:
                self.path.unlink()
            except OSError:
                pass
