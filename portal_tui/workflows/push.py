"""Pushing a profile: the refusals, the link recorded before the POST, the read-back, the log line.

A push that may have landed is never forgotten: the link and the push (its idempotency key and
what it sends) are written before the POST, and only Stripe's refusal of its parameters (400,
402) or a read of the configuration clears them (a 401, 403, 409 or 429 says nothing of an
earlier attempt of the same POST, which may have landed). Whatever ends the process in
between, the next command finds the record and settles it (workflows.sync.settle).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..model.ids import where
from ..model.problems import Problem
from ..model.visible import visible
from ..store.history import now
from ..store.links import Pending, SyncState, clear_state, log_push, read_state, write_state
from ..store.paths import Layout
from ..stripe.client import NotFound, Stripe, SyncError
from ..stripe.export import build
from ..stripe.plan import ParamChange, differences, payload, stripe_params
from .resolve import resolve
from .sync import Plan, Refused, holds, landed, settle

REPLAY_WINDOW = timedelta(hours=24)
"""How long Stripe replays an idempotency key's first answer."""


class MayHaveLanded(SyncError):
    """The POST was sent and its outcome is not known: the record stays, the next command settles it."""


def lines(changes: list[ParamChange]) -> list[str]:
    return [visible(c.line()) for c in changes]


async def product_problems(stripe: Stripe, body: dict[str, Any]) -> list[str]:
    """Before products are sent: each price exists, is active, recurring and of its product."""
    update = body.get("features", {}).get("subscription_update", {})
    if not isinstance(update, dict) or not isinstance(update.get("products"), list):
        return []
    return await stripe.check_products(update["products"])


async def refuse(stripe: Stripe, the_plan: Plan, force: bool = False) -> None:
    """Raise Refused when a push of this plan must not be sent: errors in sent settings, Stripe's
    changes since the last sync that it would overwrite (unless ``force``), products Stripe
    would refuse. Nothing is sent by this but the product checks' reads."""
    if the_plan.unresolved:
        raise Refused(f"lookup keys that do not resolve in {stripe.where()}", [visible(p) for p in the_plan.unresolved])
    if the_plan.errors:
        raise Refused("the settings below are sent to Stripe and have errors",
                      [f"{visible(p.key)}: error: {p.message}" for p in the_plan.errors])  # fmt: skip
    if the_plan.conflicts and not force:
        raise Refused(f"{the_plan.where} changed in Stripe since the last sync (edited in the Dashboard?), and the "
                      "push would overwrite it:", lines(the_plan.conflicts),
                      "pull to take those changes, or push --force to overwrite them")  # fmt: skip
    if the_plan.changes and (refused := await product_problems(stripe, payload(the_plan.changes, the_plan.local))):
        raise Refused("Stripe would refuse these products", [visible(p) for p in refused])


async def _sent(
    stripe: Stripe, layout: Layout, name: str, state: SyncState, before: SyncState | None, request: Any
) -> dict[str, Any] | None:
    """The POST's answer, or None when it failed but the configuration read now holds the push
    (recorded then: an earlier attempt of it had landed, its answer lost). A failure says little
    of the attempts before it (a 429 or 403 is answered before Stripe looks at the idempotency
    key), so an update whose failure Stripe answered is read now. A refusal of the parameters,
    of the key with the push not found, or a configuration that is not there puts the record
    back as it was (``before``); any other failure stays for later: unlanded when read (an
    attempt may still be under way), pending when not (unanswered, or a create, whose
    configuration is not known yet)."""
    try:
        answer: dict[str, Any] = await request()
        return answer
    except SyncError as exc:
        failure = exc
    pending = state.pending
    assert pending is not None
    obj, gone = None, False
    if state.configuration is not None and failure.status is not None:
        try:
            obj = await stripe.retrieve(state.configuration)
        except NotFound:  # no such configuration for this key: nothing landed on it
            gone = True
        except SyncError:
            pass
    if obj is not None and holds(stripe_params(obj), pending):
        landed(layout, name, state, obj, pending, f"recorded after reading it back: Stripe answered the POST with "
               f"HTTP {failure.status}")  # fmt: skip
        return None
    if failure.refused or gone:
        _put_back(layout, name, before)
        raise failure
    if obj is not None and failure.status in (401, 403):  # the key refused, as at each attempt: none landed
        _put_back(layout, name, before)
        raise SyncError(f"{failure}; {state.where} does not hold the push", failure.code, failure.status)
    if obj is not None:  # an attempt may still be under way: the next commands look for it (unlanded)
        write_state(layout, name, replace(state, pending=None, unlanded=pending))
        raise SyncError(f"{failure}; {state.where} does not hold the push (if it lands later, the next command "
                        "records it)", failure.code, failure.status)  # fmt: skip
    if state.configuration is None:
        raise MayHaveLanded(f"{failure}; the push --create may have landed: run portal-tui push {name} --create "
                            "again to finish it (Stripe replays it: no second configuration is made)")  # fmt: skip
    raise MayHaveLanded(f"{failure}; the push may have landed: portal-tui status {name} says")


def _put_back(layout: Layout, name: str, before: SyncState | None) -> None:
    """The sync state as it was before a push that did not land (none: the profile was not linked)."""
    if before is None:
        clear_state(layout, name)
    else:
        write_state(layout, name, before)


async def _read_back(stripe: Stripe, layout: Layout, name: str, state: SyncState, configuration: str) -> dict[str, Any]:
    """The configuration read back and recorded as synced, the log line first (a push killed
    between the two is settled by the next command, which finds the line and adds none)."""
    assert state.pending is not None
    try:
        fresh = await stripe.retrieve(configuration)
    except SyncError as exc:
        raise MayHaveLanded(f"Stripe took the push to {where(configuration, state.account, state.mode)}, but reading "
                            f"it back failed ({exc}): portal-tui status {name} checks it again") from None  # fmt: skip
    kept = stripe_params(fresh)
    settled = state.settled(configuration, fresh.get("updated"), kept, state.pending.resolved)
    log_push(layout, name, settled, state.pending.changed, state.pending.idempotency_key)
    write_state(layout, name, settled)
    return kept


@dataclass(frozen=True)
class Update:
    """Exactly what one push sends, and what the configuration holds once it has landed: made
    from a plan just fetched, or read from a saved plan file (push --plan)."""

    name: str
    configuration: str
    body: dict[str, Any]
    expected: dict[str, Any]
    """The profile as update parameters: what the read-back must find."""
    changed: list[str]
    resolved: dict[str, list[str]]
    state: SyncState | None
    """The link as it was (None: the profile was not linked yet)."""
    remote: dict[str, Any]
    """Stripe's parameters when it was planned (a new link starts from them)."""

    @classmethod
    def of(cls, the_plan: Plan) -> Update:
        return cls(the_plan.name, the_plan.configuration, payload(the_plan.changes, the_plan.local), the_plan.local,
                   [c.param for c in the_plan.changes],
                   {r.key: [r.price, r.product] for r in the_plan.resolutions}, the_plan.state,
                   the_plan.remote)  # fmt: skip


async def push(
    stripe: Stripe, layout: Layout, the_plan: Plan | Update, before_post: Callable[[str], object] | None = None
) -> list[ParamChange]:
    """One update with the plan's changes, then the configuration read back: what Stripe did
    not keep (empty when it kept everything). The link is written before the POST, then
    ``before_post`` hears the idempotency key (a run's journal)."""
    update = the_plan if isinstance(the_plan, Update) else Update.of(the_plan)
    before = update.state
    _not_superseding(layout, update.name, before)
    base = before or SyncState(update.configuration, stripe.account, stripe.mode, None, None, update.remote)
    key = str(uuid.uuid4())
    pending = Pending("update", key, now(), update.expected, update.changed, update.resolved, update.body)
    state = replace(base, pending=pending, unlanded=None)  # an earlier push not landed is superseded by this one
    write_state(layout, update.name, state)
    if before_post is not None:
        before_post(key)
    if await _sent(stripe, layout, update.name, state, before,
                   lambda: stripe.update(update.configuration, update.body, key)) is None:  # fmt: skip
        return []  # found landed: each parameter it changed holds what it sent
    kept = await _read_back(stripe, layout, update.name, state, update.configuration)
    return differences(kept, update.expected)


def _not_superseding(layout: Layout, name: str, before: SyncState | None) -> None:
    """Refuse, before anything is written or sent, a push whose plan was made before another
    push was recorded as under way (two commands at once, an editor's stale plan): writing this
    one's record would replace that push's, which may have landed, and it would never be logged."""
    current = read_state(layout, name)
    if current is None or current.pending is None or (before is not None and before.pending == current.pending):
        return
    raise SyncError(f"another push to {current.where} (at {current.pending.started}) may have landed since "
                    f"this plan was made: nothing sent; plan again (portal-tui status {name} settles it)")  # fmt: skip


async def resend(stripe: Stripe, layout: Layout, name: str, state: SyncState) -> list[ParamChange]:
    """A push that may have landed, sent again as it was, with its idempotency key: Stripe
    replays its first answer if it had landed, or applies it now, once either way. Then read
    back and recorded. For a run over many accounts resumed after its death (exactly once)."""
    pending = state.pending
    if pending is None or pending.kind != "update" or state.configuration is None or not pending.body:
        raise SyncError(f"{name}: no push to send again")
    if not replayable(pending):
        raise SyncError(f"the push to {state.where} of {pending.started} is over 24 hours old: Stripe no longer "
                        "replays it; portal-tui status settles it by reading")  # fmt: skip
    configuration = state.configuration
    if await _sent(stripe, layout, name, state, replace(state, pending=None),
                   lambda: stripe.update(configuration, pending.body, pending.idempotency_key)) is None:  # fmt: skip
        return []
    kept = await _read_back(stripe, layout, name, state, configuration)
    return differences(kept, pending.params)


def replayable(pending: Pending) -> bool:
    """Whether Stripe still replays the pending push's idempotency key (it keeps them 24
    hours): sent again with it, the push is applied once. A time that cannot be read is not."""
    try:
        started = datetime.fromisoformat(pending.started.replace("Z", "+00:00"))
    except ValueError:
        return False
    return started.tzinfo is not None and datetime.now(UTC) - started < REPLAY_WINDOW


def may_create(state: SyncState | None, name: str, relink: bool) -> None:
    """push --create links the profile to the configuration it makes: a profile linked already
    keeps its link unless ``relink`` (as a push to another account or configuration does); an
    earlier create that may have landed is finished by running it again."""
    if state is None or relink or (state.pending is not None and state.pending.kind == "create"):
        return
    raise SyncError(f"{name} is linked to {state.where}: push --create would link it to a new configuration "
                    f"instead; give --relink to do that, or push without --create to update "
                    f"{state.configuration}")  # fmt: skip


async def create(
    stripe: Stripe, layout: Layout, name: str, values: dict[str, Any], problems: list[Problem], relink: bool = False
) -> tuple[dict[str, Any], list[ParamChange], bool]:
    """A new configuration from the profile, linked to it: the configuration, what it did not
    keep, and whether this finished an earlier create that may have landed (sent again as it
    was, with its idempotency key: Stripe replays its answer, never a second configuration)."""
    state = read_state(layout, name)
    may_create(state, name, relink)
    if state is not None and state.pending is not None and state.pending.kind == "update":
        state, _ = await settle(stripe, layout, name, state)
    if state is not None and state.pending is not None and state.pending.kind == "create":
        pending = _again(stripe, name, state, state.pending)
        if not pending.body:  # written before the request was kept: built again from the profile
            body, pending = await _creation(stripe, values, problems, pending.idempotency_key, pending.started)
        again, body, before = True, pending.body, None
    else:
        body, pending = await _creation(stripe, values, problems, str(uuid.uuid4()), now())
        again, before = False, state
    intent = SyncState(None, stripe.account, stripe.mode, None, None, {}, pending)
    write_state(layout, name, intent)
    obj = await _sent(stripe, layout, name, intent, before, lambda: stripe.create(body, pending.idempotency_key))
    assert obj is not None  # a create is never read before its answer: no ID to read
    configuration = str(obj["id"])
    linked = replace(intent, configuration=configuration, pending=replace(pending, kind="update"))
    write_state(layout, name, linked)
    kept = await _read_back(stripe, layout, name, linked, configuration)
    return obj, [c for c in differences(kept, pending.params) if c.param != "active"], again


def _again(stripe: Stripe, name: str, state: SyncState, pending: Pending) -> Pending:
    """An earlier create that may have landed, to be sent again: where it went, within Stripe's replay window."""
    if (stripe.account, stripe.mode) != (state.account, state.mode):
        raise SyncError(f"the last push --create of {name} went to {where(None, state.account, state.mode)}: run "
                        "it again there to finish it")  # fmt: skip
    if not replayable(pending):
        raise SyncError(f"the last push --create of {name} (at {pending.started}) is over 24 hours old: "
                        "Stripe no longer replays it, so it may have made a configuration that is not linked; "
                        f"portal-tui configurations lists them; push {name} --relink --configuration bpc_... "
                        "links one")  # fmt: skip
    return pending


async def _creation(
    stripe: Stripe, values: dict[str, Any], problems: list[Problem], key: str, started: str
) -> tuple[dict[str, Any], Pending]:
    """The create request from the profile, checked as a push is (lookup keys, errors, products),
    and its record: what it sends, exactly, so that running it again sends the same."""
    resolved = await resolve(stripe, values)
    if resolved.problems:
        raise Refused(f"lookup keys that do not resolve in {stripe.where()}", [visible(p) for p in resolved.problems])
    values = resolved.values
    created = build(values, problems)
    if created.errors:
        raise Refused("the settings below are sent to Stripe and have errors",
                      [f"{visible(p.key)}: error: {p.message}" for p in created.errors])  # fmt: skip
    if refused := await product_problems(stripe, created.params):
        raise Refused("Stripe would refuse these products", [visible(p) for p in refused])
    expected = {**build(values, problems, update="bpc_new").params, "active": True}  # a new one is active
    pending = Pending("create", key, started, expected, ["(created)"],
                      {r.key: [r.price, r.product] for r in resolved.resolutions}, created.params)  # fmt: skip
    return created.params, pending
