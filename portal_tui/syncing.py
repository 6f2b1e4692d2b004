"""One profile and its Stripe configuration: connect, plan a push, push it, and record the sync.

Shared by the sync commands and the editor's Stripe screen, so both check the same things in
the same order. Imported only when they run: it brings the ``stripe`` library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model.catalog import effective
from .model.problems import Problem
from .store.paths import Layout
from .store.sync import SyncState, log_push, new_state, read_state, write_state
from .stripe.export import build
from .stripe.plan import Change, differences, payload, stripe_params
from .stripe.sync import Connection, Key, Stripe, SyncError, check_configuration_id, read_key

__all__ = ["Plan", "SyncError", "connect", "plan", "product_problems", "push", "record", "target"]


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
    key: Key = read_key(key_file)
    if key.mode != mode:
        raise SyncError(f"the key {key.masked} is for {key.mode} mode, but {name} is a {mode} profile "
                        f"(profile.mode): use a {mode} key")  # fmt: skip
    return Stripe(Connection.make(key, api_base, account, timeout))


def target(stripe: Stripe, configuration: str | None, state: SyncState | None) -> dict[str, Any]:
    """``configuration``, else the profile's link, else the account's default configuration."""
    if configuration:
        return stripe.retrieve(check_configuration_id(configuration))
    if state is not None and state.account == stripe.connection.account and state.mode == stripe.connection.key.mode:
        return stripe.retrieve(state.configuration)
    return stripe.default()


@dataclass
class Plan:
    """What a push of a profile would change in a configuration, and what stands in its way."""

    name: str
    mode: str
    configuration: str
    obj: dict[str, Any]
    local: dict[str, Any]
    """The profile as update parameters."""
    remote: dict[str, Any]
    """The configuration as update parameters (the same mapping both ways)."""
    changes: list[Change]
    edited: list[Change] = field(default_factory=list)
    """Parameters Stripe's side changed since the last sync (an edit in the Dashboard)."""
    errors: list[Problem] = field(default_factory=list)
    """Errors in settings Stripe would receive: a push is refused."""
    notices: list[str] = field(default_factory=list)


def plan(
    stripe: Stripe,
    layout: Layout,
    name: str,
    data: dict[str, Any],
    problems: list[Problem],
    configuration: str | None = None,
) -> Plan:
    state = read_state(layout, name)
    obj = target(stripe, configuration, state)
    ident = str(obj["id"])
    local = build(effective(data), problems, update=ident)
    remote = stripe_params(obj)
    edited = differences(state.params, remote) if state is not None and state.configuration == ident else []
    mode = "live" if obj.get("livemode") else "test"
    return Plan(name, mode, ident, obj, local.params, remote, differences(remote, local.params), edited,
                local.errors, local.notices)  # fmt: skip


def record(stripe: Stripe, layout: Layout, name: str, obj: dict[str, Any], params: dict[str, Any]) -> None:
    """The link and the state of this sync, in ``<config>/sync/NAME.json``."""
    mode = "live" if obj.get("livemode") else "test"
    write_state(layout, name, new_state(str(obj["id"]), stripe.connection.account, mode, obj.get("updated"), params))


def product_problems(stripe: Stripe, body: dict[str, Any]) -> list[str]:
    """Before products are sent: each price exists, is active, recurring and of its product."""
    update = body.get("features", {}).get("subscription_update", {})
    if not isinstance(update, dict) or not isinstance(update.get("products"), list):
        return []
    return stripe.check_products(update["products"])


def push(stripe: Stripe, layout: Layout, the_plan: Plan) -> list[Change]:
    """One update with the plan's changes, then the configuration read back: what Stripe did
    not keep (empty when it kept everything). The state and the push log are written."""
    body = payload(the_plan.changes, the_plan.local)
    stripe.update(the_plan.configuration, body)
    fresh = stripe.retrieve(the_plan.configuration)
    kept = stripe_params(fresh)
    record(stripe, layout, the_plan.name, fresh, kept)
    log_push(layout, the_plan.name, the_plan.configuration, the_plan.mode, [c.param for c in the_plan.changes])
    return differences(kept, the_plan.local)
