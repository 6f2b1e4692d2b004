"""A profile's link to a Stripe configuration: the last sync, a push under way, and the log of pushes."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model.ids import is_id, where
from ..model.visible import visible
from .history import now, whoami
from .paths import Layout, StoreError
from .write import atomic_write

MAX_STATE = 1024 * 1024
"""A sync file is a few KB; anything larger was not written by portal-tui."""


@dataclass(frozen=True)
class Pending:
    """A push that was about to be sent: written before the POST, cleared once its outcome is
    known, so a push killed, cut off or unanswered after the POST is never forgotten."""

    kind: str
    """"update" or "create"."""
    idempotency_key: str
    """Sent with the POST: the same key again makes Stripe replay the first answer (24 hours)."""
    started: str
    params: dict[str, Any]
    """What the configuration holds once the push has landed (the profile as update parameters)."""
    changed: list[str]
    """The parameters it changes, for the push log."""
    resolved: dict[str, list[str]] = field(default_factory=dict)
    """The profile's lookup keys as this push resolved them."""
    body: dict[str, Any] = field(default_factory=dict)
    """Exactly what the POST sends: a run resumed sends it again with the same idempotency
    key, so Stripe replays the first answer instead of applying it twice."""


@dataclass(frozen=True)
class SyncState:
    """``<config>/sync/<name>.json``. It never holds a key: only where the profile is linked,
    what was synced and when, and a push that may have landed."""

    configuration: str | None
    """None only while a ``push --create`` has not been answered yet."""
    account: str | None
    mode: str
    synced_at: str | None
    """None when the link was recorded for a push whose outcome is not known yet."""
    stripe_updated: int | None
    """The configuration's ``updated`` time as Stripe gave it at the sync."""
    params: dict[str, Any]
    """The Stripe parameters as last pulled or pushed (update form); empty before the first sync."""
    pending: Pending | None = None
    resolved: dict[str, list[str]] = field(default_factory=dict)
    """Each lookup key of the profile as last synced: [price ID, product ID] (offline comparisons use it)."""
    unlanded: Pending | None = None
    """A push found not to have landed: it may still have been on its way (a killed push's
    POST still being answered), so a configuration found holding it later is that push."""

    @property
    def where(self) -> str:
        return where(self.configuration, self.account, self.mode)

    def settled(
        self, configuration: str, updated: int | None, params: dict[str, Any],
        resolved: dict[str, list[str]] | None = None,
    ) -> SyncState:  # fmt: skip
        """The state once Stripe's configuration was seen to hold ``params`` (with the lookup
        keys resolved as they were then, when given)."""
        kept = self.resolved if resolved is None else resolved
        return replace(self, configuration=configuration, synced_at=now(), stripe_updated=updated, params=params,
                       pending=None, unlanded=None, resolved=kept)  # fmt: skip


def _damaged(path: Any, why: str) -> StoreError:
    return StoreError(f"{visible(str(path))}: -: error: not a sync state file ({why}); remove it to unlink")


def read_state(layout: Layout, name: str) -> SyncState | None:
    """The profile's sync state; None when it was never synced. A damaged file is an error
    (exit 2) rather than "not linked", which could lead to pushing to the wrong place. What it
    holds is checked as an answer from Stripe is: a hand-edited ID is never printed raw."""
    path = layout.sync_state(name)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATE + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot read the sync state: {exc.strerror}") from None
    if len(raw) > MAX_STATE:
        raise _damaged(path, "over 1 MiB")
    try:
        data = json.loads(raw.decode("utf-8"))
        pending = data.get("pending")
        state = SyncState(
            configuration=data["configuration"],
            account=data.get("account"),
            mode=data["mode"],
            synced_at=data.get("synced_at"),
            stripe_updated=data.get("stripe_updated"),
            params=dict(data.get("params") or {}),
            pending=Pending(**pending) if pending is not None else None,
            unlanded=Pending(**data["unlanded"]) if data.get("unlanded") is not None else None,
            resolved={str(k): [str(x) for x in v] for k, v in dict(data.get("resolved") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise _damaged(path, "unreadable") from None
    if state.configuration is not None and not is_id("bpc", state.configuration):
        raise _damaged(path, "the configuration is not a bpc_ ID")
    if state.configuration is None and (state.pending is None or state.pending.kind != "create"):
        raise _damaged(path, "no configuration")
    if state.account is not None and not is_id("acct", state.account):
        raise _damaged(path, "the account is not an acct_ ID")
    if state.mode not in ("test", "live"):
        raise _damaged(path, "the mode is neither test nor live")
    if state.pending is not None and state.pending.kind not in ("update", "create"):
        raise _damaged(path, "a push of an unknown kind")
    if any(len(v) != 2 or not is_id("price", v[0]) or not is_id("prod", v[1]) for v in state.resolved.values()):
        raise _damaged(path, "a lookup key resolved to something other than a price and its product")
    return state


def write_state(layout: Layout, name: str, state: SyncState) -> None:
    atomic_write(layout.sync_state(name), json.dumps(asdict(state), indent=2, sort_keys=True) + "\n")


def new_state(
    configuration: str | None, account: str | None, mode: str, updated: int | None, params: dict[str, Any]
) -> SyncState:
    return SyncState(configuration, account, mode, now(), updated, params)


def logged(layout: Layout, name: str, idempotency_key: str) -> bool:
    """Whether the push with this key already has its log line (its last lines are read)."""
    try:
        with open(layout.sync_log(name), "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return f'"push": "{idempotency_key}"' in tail


def log_push(
    layout: Layout, name: str, state: SyncState, changed: list[str], key: str | None = None, note: str | None = None
) -> None:
    """One JSON line: when, by whom, where to (configuration, account, mode), which parameters
    changed, the push's idempotency key (so a push is logged once however it ended), and a note
    where the push was recorded later than it landed."""
    entry = {"time": now(), "user": whoami(), "configuration": state.configuration, "account": state.account,
             "mode": state.mode, "changed": changed}  # fmt: skip
    if key:
        entry["push"] = key
    if note:
        entry["note"] = note
    path = layout.sync_log(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, (json.dumps(entry) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot write the push log: {exc.strerror}") from None


def sync_files(layout: Layout, name: str) -> list[Path]:
    """Every sync file of a profile: its link, each connected account's (``NAME@acct_...``, of
    runs over many accounts), the push log, and the runs' journals (a folder)."""
    root = layout.sync_root
    try:
        accounts = sorted(p for p in root.glob(f"{name}@*.json") if is_id("acct", p.stem.partition("@")[2]))
    except OSError:
        accounts = []
    found = [layout.sync_state(name), *accounts, layout.sync_log(name), layout.runs(name)]
    return [p for p in found if p.exists()]


def sync_moves(layout: Layout, old: str, new: str) -> list[tuple[Path, Path]]:
    """Where each sync file of OLD goes under NEW. Refused (StoreError, nothing moved) when NEW
    has sync files already: its links and OLD's mixed would send pushes where neither meant."""
    moves = [(p, p.with_name(new + p.name[len(old) :])) for p in sync_files(layout, old)]
    there = sync_files(layout, new)
    if moves and there:
        raise StoreError(f"{visible(str(there[0]))} already exists; not moving the sync state of {old} over it "
                         f"(remove it if {new}'s old link is not wanted)")  # fmt: skip
    return moves


def move_state(layout: Layout, old: str, new: str) -> None:
    """Rename: the links (every account's), the log and the runs' journals go with the profile
    (delete keeps them; copy does not). Each is moved whole by one rename, so a crash part way
    leaves each file under one name or the other, never lost; the folder is synced after."""
    moves = sync_moves(layout, old, new)
    for src, dst in moves:
        try:
            os.replace(src, dst)
        except OSError as exc:
            raise StoreError(f"{visible(str(src))}: -: error: cannot move it to {visible(dst.name)}: "
                             f"{exc.strerror}") from None  # fmt: skip
    if moves:
        try:
            fd = os.open(layout.sync_root, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the renames are done either way
        finally:
            os.close(fd)


def clear_state(layout: Layout, name: str) -> None:
    """Unlink: the sync file goes (a push to a profile never linked that Stripe refused)."""
    try:
        os.unlink(layout.sync_state(name))
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"{visible(str(layout.sync_state(name)))}: -: error: cannot remove: {exc.strerror}") from None


Links = dict[tuple[str, str | None, str], str]
"""(configuration, account, mode) -> the local profile linked to it."""


def linked_profiles(layout: Layout) -> Links:
    """Each configuration's linked profile, from the sync files (the first by name when several
    are; a damaged file is passed over): what `configurations` and the editor's `C` show."""
    found: Links = {}
    try:
        names = sorted(p.stem for p in layout.sync_root.glob("*.json"))
    except OSError:
        return found
    for name in names:
        try:
            state = read_state(layout, name)
        except (StoreError, ValueError):
            continue
        if state is not None and state.configuration is not None:
            found.setdefault((state.configuration, state.account, state.mode), name.partition("@")[0])
    return found
