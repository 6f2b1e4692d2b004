"""Pushing a profile: the refusals, the link recorded before the POST, the read-back, the log line.

A push that may have landed is never forgotten: the link and the push (its idempotency key and
what it sends) are written before the POST, and only Stripe's answer that it did not apply it
(a 4xx) or the read-back clears them. Whatever ends the process in between, the next command
finds the record and settles it (workflows.sync.settle).
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
from ..stripe.client import Stripe, SyncError
from ..stripe.export import build
from ..stripe.plan import ParamChange, differences, payload, stripe_params
from .resolve import resolve
from .sync import Plan, Refused, settle

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


async def _sent(stripe: Stripe, layout: Layout, name: str, before: SyncState | None, request: Any) -> dict[str, Any]:
    """The POST: Stripe's answer that it did not apply it puts the record back as it was;
    any other failure leaves it for the next command to settle."""
    try:
        answer: dict[str, Any] = await request()
        return answer
    except SyncError as exc:
        if exc.refused:
            if before is None:
                clear_state(layout, name)
            else:
                write_state(layout, name, before)
            raise
        raise MayHaveLanded(f"{exc}; the push may have landed: portal-tui status {name} says") from None


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
    base = before or SyncState(update.configuration, stripe.account, stripe.mode, None, None, update.remote)
    key = str(uuid.uuid4())
    pending = Pending("update", key, now(), update.expected, update.changed, update.resolved, update.body)
    state = replace(base, pending=pending, unlanded=None)  # an earlier push not landed is superseded by this one
    write_state(layout, update.name, state)
    if before_post is not None:
        before_post(key)
    await _sent(stripe, layout, update.name, before,
          lambda: stripe.update(update.configuration, update.body, key))  # fmt: skip
    kept = await _read_back(stripe, layout, update.name, state, update.configuration)
    return differences(kept, update.expected)


async def resend(stripe: Stripe, layout: Layout, name: str, state: SyncState) -> list[ParamChange]:
    """A push that may have landed, sent again as it was, with its idempotency key: Stripe
    replays its first answer if it had landed, or applies it now, once either way. Then read
    back and recorded. For a run over many accounts resumed after its death (exactly once)."""
    pending = state.pending
    if pending is None or pending.kind != "update" or state.configuration is None or not pending.body:
        raise SyncError(f"{name}: no push to send again")
    if datetime.now(UTC) - _started(pending) > REPLAY_WINDOW:
        raise SyncError(f"the push to {state.where} of {pending.started} is over 24 hours old: Stripe no longer "
                        "replays it; portal-tui status settles it by reading")  # fmt: skip
    configuration = state.configuration
    await _sent(stripe, layout, name, replace(state, pending=None),
                lambda: stripe.update(configuration, pending.body, pending.idempotency_key))  # fmt: skip
    kept = await _read_back(stripe, layout, name, state, configuration)
    return differences(kept, pending.params)


def _started(pending: Pending) -> datetime:
    try:
        return datetime.fromisoformat(pending.started.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


async def create(
    stripe: Stripe, layout: Layout, name: str, values: dict[str, Any], problems: list[Problem]
) -> tuple[dict[str, Any], list[ParamChange], bool]:
    """A new configuration from the profile, linked to it: the configuration, what it did not
    keep, and whether this finished an earlier create that may have landed (sent again with
    its idempotency key, Stripe replays its answer: never a second configuration)."""
    state = read_state(layout, name)
    if state is not None and state.pending is not None and state.pending.kind == "update":
        state, _ = await settle(stripe, layout, name, state)
    again = state is not None and state.pending is not None and state.pending.kind == "create"
    if again:
        assert state is not None and state.pending is not None
        if (stripe.account, stripe.mode) != (state.account, state.mode):
            raise SyncError(f"the last push --create of {name} went to {where(None, state.account, state.mode)}: run "
                            "it again there to finish it")  # fmt: skip
        if datetime.now(UTC) - _started(state.pending) > REPLAY_WINDOW:
            raise SyncError(f"the last push --create of {name} (at {state.pending.started}) is over 24 hours old: "
                            "Stripe no longer replays it, so it may have made a configuration that is not linked; "
                            f"portal-tui configurations lists them; push {name} --relink --configuration bpc_... "
                            "links one")  # fmt: skip
        key = state.pending.idempotency_key
    else:
        key = str(uuid.uuid4())
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
    pending = Pending("create", key, state.pending.started if again and state and state.pending else now(),
                      expected, ["(created)"], {r.key: [r.price, r.product] for r in resolved.resolutions})  # fmt: skip
    before = state if state is not None and state.pending is None else None
    intent = SyncState(None, stripe.account, stripe.mode, None, None, {}, pending)
    write_state(layout, name, intent)
    obj = await _sent(stripe, layout, name, before, lambda: stripe.create(created.params, key))
    configuration = str(obj["id"])
    linked = replace(intent, configuration=configuration, pending=replace(pending, kind="update"))
    write_state(layout, name, linked)
    kept = await _read_back(stripe, layout, name, linked, configuration)
    return obj, [c for c in differences(kept, expected) if c.param != "active"], again
