"""A profile's link to a Stripe configuration: the state of the last sync, and the log of pushes."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Any

from ..model.visible import visible
from .history import now, whoami
from .paths import Layout, StoreError
from .write import atomic_write


@dataclass(frozen=True)
class SyncState:
    """``<config>/sync/<name>.json``, written after every successful pull or push. It never
    holds a key: only what was synced, where, and when."""

    configuration: str
    account: str | None
    mode: str
    synced_at: str
    stripe_updated: int | None
    """The configuration's ``updated`` time as Stripe gave it at the sync."""
    params: dict[str, Any]
    """The Stripe parameters as last pulled or pushed (update form)."""


def read_state(layout: Layout, name: str) -> SyncState | None:
    """The profile's sync state; None when it was never synced. A damaged file is an error
    (exit 2) rather than "not linked", which could lead to pushing to the wrong place."""
    path = layout.sync_state(name)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot read the sync state: {visible(str(exc))}") from None
    try:
        return SyncState(
            configuration=str(data["configuration"]),
            account=data.get("account"),
            mode=str(data["mode"]),
            synced_at=str(data["synced_at"]),
            stripe_updated=data.get("stripe_updated"),
            params=dict(data["params"]),
        )
    except (KeyError, TypeError, ValueError):
        raise StoreError(f"{visible(str(path))}: -: error: not a sync state file; remove it to unlink") from None


def write_state(layout: Layout, name: str, state: SyncState) -> None:
    atomic_write(layout.sync_state(name), json.dumps(asdict(state), indent=2, sort_keys=True) + "\n")


def new_state(
    configuration: str, account: str | None, mode: str, updated: int | None, params: dict[str, Any]
) -> SyncState:
    return SyncState(configuration, account, mode, now(), updated, params)


def log_push(layout: Layout, name: str, configuration: str, mode: str, changed: list[str]) -> None:
    """One JSON line: when, by whom, where to, and which parameters changed."""
    line = json.dumps({"time": now(), "user": whoami(), "configuration": configuration, "mode": mode,
                       "changed": changed})  # fmt: skip
    path = layout.sync_log(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"{visible(str(path))}: -: error: cannot write the push log: {exc.strerror}") from None


def move_state(layout: Layout, old: str, new: str) -> None:
    """Rename: the link and the log go with the profile (delete keeps them; copy does not)."""
    for src, dst in ((layout.sync_state(old), layout.sync_state(new)), (layout.sync_log(old), layout.sync_log(new))):
        if src.exists():
            if dst.exists():
                raise StoreError(f"{visible(str(dst))} already exists; not moving the sync state over it")
            os.replace(src, dst)
