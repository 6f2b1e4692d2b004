"""A run over many connected accounts on disk: the accounts file, and the journal that survives a run's death.

The journal (``<config>/sync/NAME.runs/<run-id>.jsonl``) has one line per event: the run's start,
each account's push about to be sent (its idempotency key: fsynced before the POST), and each
account's outcome. A resumed run skips the accounts done (pushed, in sync, not kept); the others
(failed and refused ones too) are planned again, and a push the run sent one of them that may
have landed is sent again first with the same key (the account's sync state keeps what it sent);
a push another run left is settled by reading instead, never sent again.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model.ids import is_id
from ..model.visible import visible
from .history import now, whoami
from .locks import MOST, Holder
from .paths import Layout, StoreError

MAX_ACCOUNTS_FILE = 4 * 1024 * 1024
DONE = ("pushed", "in-sync", "not-kept")
"""Outcomes that end an account's part in a run: a resumed run does not do it again. A failed
or refused account is tried again: what stood in its way (a revoked key, a missing price, the
network) is what a user fixes before resuming."""


class AccountsError(StoreError):
    """The accounts file cannot be used (exit 2 before any request), naming the line."""


def read_accounts(path: str) -> list[str]:
    """One ``acct_...`` a line; blank lines and ``#`` comments ignored. A malformed or
    duplicate line is an error naming the line, before anything is sent. A regular file or a
    pipe that ends (``--accounts <(grep ...)``), at most MAX_ACCOUNTS_FILE: never a FIFO nobody
    writes to, a device or a folder (store.inputs)."""
    from .inputs import InputError, read_input

    shown = visible(path)
    try:
        raw = read_input(path, "accounts file", MAX_ACCOUNTS_FILE).data
    except InputError as exc:
        raise AccountsError(f"{shown}: -: error: {exc}: the accounts file is text, one acct_... a line") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # the byte order mark some editors put first
    except UnicodeDecodeError:
        raise AccountsError(f"{shown}: -: error: not UTF-8 text") from None
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not is_id("acct", entry):
            raise AccountsError(f"{shown}:{number}: error: '{visible(entry)}' is not a connected account's ID "
                                "(acct_...)")  # fmt: skip
        if entry in found:
            raise AccountsError(f"{shown}:{number}: error: {entry} is listed twice (line {found[entry]} too)")
        found[entry] = number
    if not found:
        raise AccountsError(f"{shown}: -: error: no account in it (one acct_... a line)")
    return list(found)


def _runs_folder(layout: Layout, name: str) -> Path:
    folder = layout.runs(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{visible(str(folder))}: -: error: cannot make the runs folder: {exc.strerror}") from None
    return folder


class JournalError(StoreError):
    """The run's journal cannot be written: the run stops (as ctrl+c stops it) and says how to resume it."""


class RunBusy(StoreError):
    """Another run of the profile is under way (exit 2, before anything is sent)."""

    code = 2


@contextmanager
def one_run(layout: Layout, name: str, run_id: str) -> Iterator[None]:
    """Hold the profile's run lock while a run pushes: two runs of one profile at once would
    both plan an account before either pushed, and update it twice. ``flock`` on
    ``NAME.runs/lock``, which the kernel drops when the holder dies (even by SIGKILL), so a
    killed run never blocks its resume; the file says who holds it, for the refusal."""
    path = _runs_folder(layout, name) / "lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot make the run's lock: {exc.strerror}") from None
    try:
        _take(fd, path, name, "nothing sent")
        mine = {"user": whoami(), "host": socket.gethostname(), "pid": os.getpid(), "since": now(), "run": run_id}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(mine) + "\n").encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def no_run(layout: Layout, name: str, what: str) -> Iterator[None]:
    """Hold the profile's run lock while ``what`` (a rename) moves its files, refused while a
    run holds it: the run writes its journal and its accounts' sync files under the name, and
    would die part-way with them gone. A profile never run has no lock (none is made for it)."""
    path = layout.runs(name) / "lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        yield
        return
    except OSError as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot open the run's lock: {exc.strerror}") from None
    try:
        _take(fd, path, name, what)
        yield
    finally:
        os.close(fd)


def _take(fd: int, path: Path, name: str, refused: str) -> None:
    """The lock taken at once, or RunBusy naming the run that holds it; ``refused`` says what was not done."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StoreError(f"{visible(str(path))}: -: error: cannot lock the runs: {exc.strerror}") from None
        raise RunBusy(_busy(name, os.pread(fd, MOST, 0), refused)) from None


def _busy(name: str, said: bytes, refused: str) -> str:
    """The refusal, naming the run under way and who runs it, as far as its lock file says."""
    try:
        fields = json.loads(said.decode("utf-8"))
        holder = Holder(str(fields["user"]), str(fields["host"]), int(fields["pid"]), str(fields["since"]))
        run = f"run {visible(str(fields['run']))} of {visible(name)} is under way by {holder}"
    except (ValueError, KeyError, TypeError):  # taken this very moment: its holder is not written yet
        run = f"another run of {visible(name)} is under way"
    return f"{run}: {refused}; wait for it to end (a run it leaves unfinished: portal-tui push {name} --resume last)"


def new_run_id() -> str:
    """Sortable by when the run began (to the millisecond: two runs in one second sorted by
    their process IDs as text put the older last), then the process, to be unique."""
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f".{now.microsecond // 1000:03d}Z-{os.getpid()}"


@dataclass
class Journal:
    """Appends a run's events, one JSON line each."""

    path: Path
    run_id: str

    @classmethod
    def start(cls, layout: Layout, name: str, meta: dict[str, Any], run_id: str | None = None) -> Journal:
        folder = _runs_folder(layout, name)
        run_id = run_id or new_run_id()
        journal = cls(folder / f"{run_id}.jsonl", run_id)
        journal.write({"event": "run", "run": run_id, "user": whoami(), **meta}, durable=True)
        return journal

    @classmethod
    def resume(cls, layout: Layout, name: str, run: str) -> Journal:
        folder = layout.runs(name)
        if run == "last":
            runs = sorted(p.stem for p in folder.glob("*.jsonl")) if folder.is_dir() else []
            if not runs:
                raise StoreError(f"{visible(name)}: no run to resume (none in {visible(str(folder))})")
            run = runs[-1]
        if "/" in run or run.startswith("."):
            raise StoreError(f"--resume takes a run's ID (or last), not {visible(run)!r}")
        path = folder / f"{run}.jsonl"
        if not path.is_file():
            raise StoreError(f"{visible(name)}: no run {visible(run)!r} in {visible(str(folder))}")
        return cls(path, run)

    def write(self, entry: dict[str, Any], durable: bool = False) -> None:
        """One line; ``durable``: fsynced before returning (a push's key, before its POST)."""
        line = (json.dumps({"time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **entry}) + "\n").encode()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise JournalError(f"{visible(str(self.path))}: -: error: cannot write the run's journal: "
                             f"{exc.strerror}") from None  # fmt: skip

    def events(self) -> Iterator[dict[str, Any]]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by the run's death
                    if isinstance(entry, dict):
                        yield entry
        except OSError as exc:
            raise StoreError(f"{visible(str(self.path))}: -: error: cannot read the run's journal: "
                             f"{exc.strerror}") from None  # fmt: skip

    def meta(self) -> dict[str, Any]:
        return next((e for e in self.events() if e.get("event") == "run"), {})

    def finished(self) -> dict[str, str]:
        """Each account the run finished, with its outcome."""
        return {str(e["account"]): str(e["outcome"]) for e in self.events()
                if e.get("event") == "done" and e.get("outcome") in DONE}  # fmt: skip

    def sent(self) -> dict[str, frozenset[str]]:
        """The accounts this run sent a push to (before it was resumed), each with the idempotency
        keys it sent: only a push of this run is sent again with its key when it is resumed."""
        found: dict[str, set[str]] = {}
        for e in self.events():
            if e.get("event") in ("sending", "resending") and isinstance(e.get("account"), str):
                found.setdefault(e["account"], set()).add(str(e.get("key")))
        return {account: frozenset(keys) for account, keys in found.items()}
