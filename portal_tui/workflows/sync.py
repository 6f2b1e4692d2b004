"""A profile and its Stripe configuration: connect, the link, a push that may have landed, and the plan.

Shared by the sync commands and the editor's Stripe screen, so both check the same things in
the same order and write the same records; they only present and confirm. Imported only when
they run: it brings the ``stripe`` library.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..model.catalog import effective
from ..model.ids import where
from ..model.meta import Raw
from ..model.problems import Problem
from ..model.visible import visible
from ..store.links import Pending, SyncState, log_push, logged, new_state, write_state
from ..store.paths import Layout
from ..stripe.client import Connection, Key, Stripe, SyncError, check_configuration_id, read_key
from ..stripe.export import build
from ..stripe.plan import PARAMS_IN_ORDER, ParamChange, differences, stripe_params
from .resolve import Resolution, Resolved, resolve

__all__ = ["Plan", "Refused", "SyncError", "connect", "holds", "landed", "linked", "plan", "reach", "settle", "target"]


class Refused(SyncError):
    """Nothing was sent: the profile or Stripe's side stands in the way (exit 1). ``lines``
    list what, ``hint`` says what to do."""

    def __init__(self, message: str, lines: list[str] | None = None, hint: str = "") -> None:
        super().__init__(message, 1)
        self.lines = lines or []
        self.hint = hint


def connect(
    mode: str,
    name: str,
    *,
    key_file: str | None = None,
    api_base: str | None = None,
    account: str | None = None,
    timeout: float | None = None,
) -> Stripe:
    """The connection for a profile of ``mode``, refused before any request when the key is
    for the other mode."""
    key: Key = key_of(key_file, mode)
    if key.mode != mode:
        raise SyncError(f"the key {key.masked} is for {key.mode} mode, but {name} is a {mode} profile "
                        f"(profile.mode): use a {mode} key")  # fmt: skip
    return Stripe(Connection.make(key, api_base, account, timeout))


def linked(
    state: SyncState | None, name: str, mode: str, account: str | None, relink: bool = False
) -> SyncState | None:
    """The profile's link, when it is where this command goes: ``--stripe-account`` naming
    another account than the link's, or a profile whose mode changed since, is refused unless
    ``relink`` (then the link is not used, and the push or pull makes a new one). ``state`` is
    the sync file as the command read it (once)."""
    if state is None:
        return None
    if relink:
        if state.pending is not None:
            raise SyncError(f"the last push of {name} to {state.where} may have landed: settle it before --relink "
                            f"(portal-tui status {name}; a create: push {name} --create again)")  # fmt: skip
        return None
    if account is not None and account != state.account:
        raise SyncError(f"{name} is linked to {state.where}, not to {account}: give --relink to link it to "
                        f"{account} instead")  # fmt: skip
    if mode != state.mode:
        raise SyncError(f"{name} is linked to {state.where}, but it is a {mode} profile now (profile.mode): "
                        "give --relink to link it in that mode instead")  # fmt: skip
    return state


def account_of(state: SyncState | None, asked: str | None) -> str | None:
    """The account a command acts on: ``--stripe-account``, else the link's."""
    if asked is not None:
        return asked
    return state.account if state is not None else None


async def settle(
    stripe: Stripe, layout: Layout, name: str, state: SyncState | None
) -> tuple[SyncState | None, list[str]]:
    """A push that may have landed (killed, cut off, unanswered, its read-back failed), settled
    by reading the configuration: if it holds what the push changed, the push is recorded now
    (sync state and log line; whatever else differs is Stripe's change since); if not, it did
    not land and is kept aside as unlanded, in case it still lands. A ``push --create`` not
    answered cannot be read (its ID is unknown): only running it again finishes it."""
    if state is None:
        return state, []
    if state.pending is None:
        return await _late(stripe, layout, name, state)
    pending = state.pending
    if pending.kind == "create" or state.configuration is None:
        raise SyncError(f"the last push --create of {name} (at {pending.started}) may have created a configuration "
                        f"in {where(None, state.account, state.mode).removeprefix('a new configuration ')}: run "
                        f"portal-tui push {name} --create again to finish it (Stripe replays it: no second "
                        "configuration is made)")  # fmt: skip
    obj = await stripe.retrieve(state.configuration)
    if holds(stripe_params(obj), pending):
        note = f"recorded after the fact: sent at {pending.started}"
        settled, since = landed(layout, name, state, obj, pending, note)
        return settled, [f"the last push to {state.where} (at {pending.started}) had landed: recorded now{since}"]
    unsettled = replace(state, pending=None, unlanded=pending)
    write_state(layout, name, unsettled)
    return unsettled, [f"the last push to {state.where} (at {pending.started}) did not land: Stripe does not hold "
                       "what it sent"]  # fmt: skip


def _pushed(pending: Pending) -> set[str]:
    """The parameters a push changed (none named: a create, which set them all)."""
    return set(pending.changed) & {p.path for p in PARAMS_IN_ORDER}


def holds(kept: dict[str, Any], pending: Pending) -> bool:
    """Whether a configuration read now shows the push landed: each parameter it changed holds
    what it sent. Another parameter that differs from the profile says nothing of the push (an
    edit in the Dashboard since, another profile's push); a create is judged on all it set."""
    pushed = _pushed(pending)
    return not [c for c in differences(kept, pending.params) if not pushed or c.param in pushed]


def landed(
    layout: Layout, name: str, state: SyncState, obj: dict[str, Any], pending: Pending, note: str
) -> tuple[SyncState, str]:
    """A push found to have landed, recorded: its log line (once) and the sync state as the push
    left the configuration (the parameters it was sent to make), so that whatever else differs
    now is Stripe's change since, never blamed on the push; and those changes, for the message."""
    settled = state.settled(str(obj["id"]), obj.get("updated"), pending.params, pending.resolved or None)
    if not logged(layout, name, pending.idempotency_key):
        log_push(layout, name, settled, pending.changed, pending.idempotency_key, note=note)
    write_state(layout, name, settled)
    since = [c.param for c in differences(pending.params, stripe_params(obj))]
    return settled, f"; changed in Stripe since: {', '.join(since)}" if since else ""


async def _late(stripe: Stripe, layout: Layout, name: str, state: SyncState) -> tuple[SyncState, list[str]]:
    """A push found not to have landed may land a moment later (its POST was still being
    answered when the process was killed): a configuration holding what it changed, where the
    last sync held something else, is that push, recorded now. Looked for a day, then forgotten."""
    late = state.unlanded
    if late is None or state.configuration is None:
        return state, []
    started = datetime.fromisoformat(late.started.replace("Z", "+00:00"))
    if datetime.now(UTC) - started > timedelta(hours=24):
        forgotten = replace(state, unlanded=None)
        write_state(layout, name, forgotten)
        return forgotten, []
    obj = await stripe.retrieve(state.configuration)
    kept = stripe_params(obj)
    pushed = _pushed(late)
    moved = [c for c in differences(kept, state.params) if not pushed or c.param in pushed]
    if not holds(kept, late) or not moved:
        return state, []
    settled, since = landed(layout, name, state, obj, late, f"landed after it was found not to have: sent at "
                            f"{late.started}")  # fmt: skip
    return settled, [f"the push to {state.where} of {late.started} landed after all: recorded now{since}"]


async def target(stripe: Stripe, configuration: str | None, state: SyncState | None) -> dict[str, Any]:
    """``configuration``, else the profile's link, else the account's default configuration.
    A link is never passed over for the default: ``linked`` refuses what does not fit it."""
    if configuration:
        return await stripe.retrieve(check_configuration_id(configuration))
    if state is not None and state.configuration is not None:
        return await stripe.retrieve(state.configuration)
    return await stripe.default()


@dataclass
class Plan:
    """What a push of a profile would change in a configuration, and what stands in its way."""

    name: str
    mode: str
    account: str | None
    configuration: str
    obj: dict[str, Any]
    local: dict[str, Any]
    """The profile as update parameters."""
    remote: dict[str, Any]
    """The configuration as update parameters (the same mapping both ways)."""
    changes: list[ParamChange]
    state: SyncState | None
    """The link, when this configuration is the one linked."""
    edited: list[ParamChange] = field(default_factory=list)
    """Parameters Stripe's side changed since the last sync (an edit in the Dashboard)."""
    resolutions: list[Resolution] = field(default_factory=list)
    """Each lookup key of the profile, resolved in this mode and account."""
    unresolved: list[str] = field(default_factory=list)
    """Lookup keys that do not resolve, each naming its setting: a push is refused."""
    errors: list[Problem] = field(default_factory=list)
    """Errors in settings Stripe would receive: a push is refused."""
    notices: list[str] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)
    """What became of a push that may have landed (settle)."""

    @property
    def where(self) -> str:
        return where(self.configuration, self.account, self.mode)

    @property
    def conflicts(self) -> list[ParamChange]:
        """Stripe's changes since the last sync that a push would overwrite (a change Stripe
        made that the profile now holds too is no conflict)."""
        pushed = {c.param for c in self.changes}
        return [c for c in self.edited if c.param in pushed]


async def reach(
    stripe: Stripe,
    layout: Layout,
    name: str,
    state: SyncState | None,
    configuration: str | None = None,
    relink: bool = False,
    writes: bool = False,
) -> tuple[SyncState | None, dict[str, Any], list[str]]:
    """The link (a push that may have landed settled first) and the configuration a command
    acts on, fetched; with what became of that push. A command that ``writes`` (push, pull)
    to another configuration than the linked one is refused unless ``relink``."""
    state, notes = await settle(stripe, layout, name, linked(state, name, stripe.mode, stripe.account, relink))
    if writes and configuration and state is not None and state.configuration not in (None, configuration):
        raise SyncError(f"{name} is linked to {state.where}; --configuration {configuration} is another: give "
                        f"--relink to link it to {configuration} instead")  # fmt: skip
    obj = await target(stripe, configuration, state)
    own = state if state is not None and state.configuration == obj["id"] else None
    return own, obj, notes


async def plan(
    stripe: Stripe,
    layout: Layout,
    name: str,
    data: Raw,
    problems: list[Problem],
    state: SyncState | None,
    configuration: str | None = None,
    relink: bool = False,
    writes: bool = False,
) -> Plan:
    """Compare the profile with its configuration. Never POSTs; when they agree and the
    configuration is the linked one, the link's record is brought up to date (the header's
    pushed / not pushed, and a later push's check for edits in the Dashboard, read it)."""
    own, obj, notes = await reach(stripe, layout, name, state, configuration, relink, writes)
    ident = str(obj["id"])
    resolved = await resolve(stripe, effective(data))
    local = build(resolved.values, problems, update=ident)
    remote = stripe_params(obj)
    edited = differences(own.params, remote) if own is not None else []
    changes = differences(remote, local.params)
    errors = [p for p in local.errors if p.rule != "unresolved_lookup_keys" or not resolved.problems]
    if own is not None and not changes and not local.errors:
        own = own.settled(ident, obj.get("updated"), remote, kept(resolved))
        write_state(layout, name, own)
    return Plan(name, stripe.mode, stripe.account, ident, obj, local.params, remote, changes, own, edited=edited,
                resolutions=resolved.resolutions, unresolved=resolved.problems, errors=errors,
                notices=local.notices, settled=notes)  # fmt: skip


def kept(resolved: Resolved) -> dict[str, list[str]]:
    """The resolutions as the sync state keeps them."""
    return {r.key: [r.price, r.product] for r in resolved.resolutions}


def record(
    stripe: Stripe, layout: Layout, name: str, obj: dict[str, Any], params: dict[str, Any],
    resolved: dict[str, list[str]] | None = None,
) -> SyncState:  # fmt: skip
    """The link and the state of this sync, in ``<config>/sync/NAME.json`` (with the profile's
    lookup keys as resolved now, when it has any)."""
    state = replace(new_state(str(obj["id"]), stripe.account, stripe.mode, obj.get("updated"), params),
                    resolved=resolved or {})  # fmt: skip
    write_state(layout, name, state)
    return state


def unpushed(state: SyncState | None, local: dict[str, Any], remote: dict[str, Any]) -> list[ParamChange]:
    """What the profile changed since the last sync that Stripe does not hold: work a pull
    would replace. A change another profile pushed to the same configuration is not one
    (it is Stripe's); with no sync state, every difference counts."""
    if state is None:
        return differences(remote, local)
    mine = {c.param for c in differences(state.params, local)}
    return [c for c in differences(remote, local) if c.param in mine]


def key_mode(key_file: str | None, mode: str | None) -> str:
    """The mode of the key a command would use, for commands no profile gives a mode."""
    return key_of(key_file, mode).mode


def key_of(key_file: str | None, mode: str | None) -> Key:
    """The key from ``--api-key-file`` (its owner's alone, as ssh wants of keys; a pipe such as
    ``<(pass show stripe)`` will do), else from the environment for ``mode``."""
    if not key_file:
        return read_key(mode)
    from ..store.inputs import InputError, read_input

    try:
        found = read_input(key_file, "key file", 4096)
    except InputError as exc:
        raise SyncError(str(exc)) from None
    if found.mode & 0o077:
        raise SyncError(f"the key file {visible(key_file)} can be read by others: chmod 600 {visible(key_file)}")
    return read_key(mode, (key_file, found.data.decode("utf-8", "replace")))


async def link(stripe: Stripe, layout: Layout, name: str, state: SyncState | None, configuration: str) -> SyncState:
    """Link the profile to another configuration of the account (the editor's `C`): the next
    plan compares with it. Refused while a push may have landed where it is linked now."""
    if state is not None and state.pending is not None:
        raise SyncError(f"the last push of {name} to {state.where} may have landed: settle it first (R in the "
                        f"Stripe screen, or portal-tui status {name})")  # fmt: skip
    obj = await stripe.retrieve(check_configuration_id(configuration))
    return record(stripe, layout, name, obj, stripe_params(obj))
