"""Where each linked profile stands with Stripe, for `status` (and CI): one state a profile, an exit code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..model.catalog import effective
from ..model.meta import Raw
from ..store.links import SyncState, read_state, write_state
from ..store.paths import Layout, StoreError
from ..stripe.client import Stripe, SyncError
from ..stripe.export import build
from ..stripe.lookup import apply, recorded
from ..stripe.plan import differences, stripe_params
from .resolve import resolve
from .sync import settle

CLEAN = ("in-sync", "not-linked")
CHANGED = ("local-changes", "remote-changes", "both-changed")
UNKNOWN = ("unreachable", "pending")
"""``pending``: a push may have landed and could not be checked (offline, or a create)."""


@dataclass
class Row:
    name: str
    configuration: str | None
    account: str | None
    mode: str | None
    synced_at: str | None
    state: str
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        found["notes"] = list(self.notes)
        return found


def exit_code(rows: list[Row]) -> int:
    """0 when every profile is in sync or not linked, 1 when any has changes on either side,
    2 when any could not be told (unreachable, a push that may have landed)."""
    states = {row.state for row in rows}
    if states & set(UNKNOWN):
        return 2
    return 1 if states & set(CHANGED) else 0


async def status_of(layout: Layout, name: str, data: Raw, offline: bool, connect: Callable[[SyncState], Stripe]) -> Row:
    """One profile: compared with its last sync, and (unless ``offline``) with Stripe now. A
    push that may have landed is settled first (reading only); agreeing sides are recorded."""
    mode = effective(data)["profile.mode"]
    try:
        state = read_state(layout, name)
    except StoreError as exc:
        return Row(name, None, None, mode, None, "unreachable", str(exc))
    if state is None:
        return Row(name, None, None, mode, None, "not-linked")
    row = Row(name, state.configuration, state.account, state.mode, state.synced_at, "in-sync")
    if state.pending is not None and (offline or state.pending.kind == "create"):
        how = (f"run portal-tui push {name} --create again to finish it" if state.pending.kind == "create"
               else "portal-tui status without --offline checks it")  # fmt: skip
        row.state, row.reason = "pending", f"the last push (at {state.pending.started}) may have landed: {how}"
        return row
    stripe = None
    if not offline:
        try:
            stripe = connect(state)
            state, notes = await settle(stripe, layout, name, state)
        except SyncError as exc:
            row.state, row.reason = "unreachable", str(exc)
            return row
        assert state is not None and state.configuration is not None
        row.notes, row.synced_at = tuple(notes), state.synced_at
    configuration = state.configuration or "bpc_"
    values = effective(data)
    local = build(apply(values, recorded(state.resolved)), [], update=configuration).params
    local_changed = bool(differences(state.params, local))
    if stripe is None:
        row.state = "local-changes" if local_changed else "in-sync"
        return row
    try:
        resolved = await resolve(stripe, values)
    except SyncError as exc:
        row.state, row.reason = "unreachable", str(exc)
        return row
    if resolved.problems:
        row.state, row.reason = "local-changes", "; ".join(resolved.problems)
        return row
    local = build(resolved.values, [], update=configuration).params
    try:
        obj = await stripe.retrieve(configuration)
    except SyncError as exc:
        row.state, row.reason = "unreachable", str(exc)
        return row
    remote = stripe_params(obj)
    remote_changed = bool(differences(state.params, remote))
    if not differences(remote, local):
        row.state = "in-sync"
        if local_changed or remote_changed:  # both sides agree now: that is the sync to compare with next time
            found = {r.key: [r.price, r.product] for r in resolved.resolutions}
            write_state(layout, name, state.settled(configuration, obj.get("updated"), remote, found))
    elif local_changed and remote_changed:
        row.state = "both-changed"
    else:
        row.state = "local-changes" if local_changed else "remote-changes"
    return row
