"""Saved plans: `plan --out FILE` writes what a push would send; `push --plan FILE` sends exactly that.

A reviewer approves a plan file; CI pushes exactly it. Before anything is sent the plan must
still hold: it names this profile, the profile file is byte for byte the one planned (SHA-256),
Stripe's configuration was not updated since, its lookup keys resolve to the same prices, and it
is at most 24 hours old. Then the push is planned again from the profile, and what the file says
(parameters, changes, expected values, lookup keys) must be exactly that plan: a file edited by
hand is refused, and what is shown and sent is what the profile says. The refusals of a plain push
follow. Any of these failing sends nothing (exit 1); a file that is not a plan is exit 2.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..model.ids import is_id
from ..model.meta import Raw
from ..model.problems import Problem
from ..model.visible import visible
from ..store.links import SyncState
from ..store.paths import Layout
from ..stripe.client import Stripe, SyncError
from ..stripe.http import MAX_ANSWER
from .push import Update, refuse
from .sync import Plan, Refused
from .sync import plan as make_plan

FORMAT = "portal-tui plan 1"
MAX_AGE = timedelta(hours=24)
CREATED = "%Y-%m-%dT%H:%M:%SZ"


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class SavedPlan:
    format: str
    portal_tui: str
    profile: str
    sha256: str
    mode: str
    account: str | None
    configuration: str
    stripe_updated: int | None
    created: str
    resolved: dict[str, str]
    params: dict[str, Any]
    """Exactly what the push sends."""
    expected: dict[str, Any]
    """The profile as update parameters: what the read-back must find."""
    changes: list[dict[str, Any]]
    products: dict[str, list[str]]
    """Each lookup key's [price, product], as the sync state keeps them."""

    @classmethod
    def of(cls, the_plan: Plan, raw: bytes) -> SavedPlan:
        update = Update.of(the_plan)
        created = datetime.now(UTC).strftime(CREATED)
        return cls(FORMAT, _version(), the_plan.name, digest(raw), the_plan.mode, the_plan.account,
                   the_plan.configuration, the_plan.obj.get("updated"), created,
                   {r.key: r.price for r in the_plan.resolutions}, update.body, update.expected,
                   [c.as_json() for c in the_plan.changes], update.resolved)  # fmt: skip

    def write(self, path: Path) -> None:
        from ..store.write import atomic_write

        atomic_write(path, json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("portal-tui")
    except PackageNotFoundError:
        return "unknown"


class NotAPlan(SyncError):
    """The file cannot be read or is not a plan (exit 2)."""


def _created(value: Any) -> bool:
    try:
        datetime.strptime(value, CREATED)
    except (TypeError, ValueError):
        return False
    return True


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _change(value: Any) -> bool:
    return (isinstance(value, dict) and set(value) == {"param", "key", "label", "stripe", "profile"}
            and all(isinstance(value[k], str) for k in ("param", "key", "label")))  # fmt: skip


SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "portal_tui": (_text, "a version (text)"),
    "profile": (lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", v) is not None,
                "a profile's name"),
    "sha256": (lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None,
               "a SHA-256 (64 hex digits)"),
    "mode": (lambda v: v in ("test", "live"), '"test" or "live"'),
    "account": (lambda v: v is None or is_id("acct", v), "null or an acct_ ID"),
    "configuration": (lambda v: is_id("bpc", v), "a bpc_ ID"),
    "stripe_updated": (lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)), "a time (a number)"),
    "created": (_created, "a time such as 2026-01-31T12:00:00Z"),
    "resolved": (lambda v: isinstance(v, dict) and all(_text(k) and is_id("price", p) for k, p in v.items()),
                 "lookup keys each with a price_ ID"),
    "params": (lambda v: isinstance(v, dict), "parameters (an object)"),
    "expected": (lambda v: isinstance(v, dict), "parameters (an object)"),
    "changes": (lambda v: isinstance(v, list) and all(_change(c) for c in v),
                "a list of changes ({param, key, label, stripe, profile})"),
    "products": (lambda v: isinstance(v, dict) and all(
        _text(k) and isinstance(p, list) and len(p) == 2 and is_id("price", p[0]) and is_id("prod", p[1])
        for k, p in v.items()), "lookup keys each with [price_ ID, prod_ ID]"),
}  # fmt: skip
"""Each field of a plan file, and what it must hold (checked before anything else reads it)."""


def read_plan(path: str) -> SavedPlan:
    """The plan file, every field checked for its type and shape: NotAPlan (exit 2) naming the
    first field that is not what ``plan --out`` writes, so nothing later meets a surprise."""
    from ..store.inputs import InputError, read_input

    shown = visible(path)
    try:
        data = json.loads(read_input(path, "plan file", MAX_ANSWER).data.decode("utf-8"))
    except InputError as exc:
        raise NotAPlan(str(exc)) from None
    except (ValueError, RecursionError):
        raise NotAPlan(f"{shown} is not a plan file (not JSON); portal-tui plan NAME --out FILE writes one") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotAPlan(f"{shown} is not a plan file of this portal-tui (format: {FORMAT})")
    for field, (fits, what) in SHAPES.items():
        if field not in data:
            raise NotAPlan(f'{shown} is not a plan file: it has no "{field}"; portal-tui plan NAME --out FILE '
                           "writes one")  # fmt: skip
        if not fits(data[field]):
            raise NotAPlan(f'{shown} is not a plan file: its "{field}" is not {what}; portal-tui plan NAME --out '
                           "FILE writes one")  # fmt: skip
    return SavedPlan(**{k: data[k] for k in SavedPlan.__dataclass_fields__})


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (the file's side was read from JSON; the plan's holds tuples and the like)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _edited(saved: SavedPlan, fresh: Plan) -> str | None:
    """Which part of the file is not what the profile gives now (None: all of it is)."""
    update = Update.of(fresh)
    name = saved.profile
    if not _same(saved.params, update.body):
        return f"the plan file's parameters are not what {name} sends now"
    if not _same(saved.changes, [c.as_json() for c in fresh.changes]):
        return f"the plan file's changes are not what {name} changes now"
    if not _same(saved.expected, update.expected):
        return f"the plan file's expected values are not what {name} holds now"
    if not _same(saved.products, update.resolved):
        return f"the plan file's lookup keys are not the ones {name} resolves now"
    return None


async def approve(
    stripe: Stripe, layout: Layout, saved: SavedPlan, name: str, raw: bytes, data: Raw, problems: list[Problem],
    state: SyncState | None, force: bool = False, now: datetime | None = None,
) -> Plan:  # fmt: skip
    """The plan push --plan sends (planned again from the profile, equal to the file), once
    every check holds; Refused (nothing sent) naming the first that does not."""
    if saved.profile != name:
        raise Refused(f"the plan is of {visible(saved.profile)}, not of {name}")
    created = datetime.strptime(saved.created, CREATED).replace(tzinfo=UTC)
    age = (now or datetime.now(UTC)) - created
    if age < -timedelta(minutes=5):
        raise Refused(f"the plan says it was made at {saved.created}, later than now (a clock set wrong?); plan again")
    if age > MAX_AGE:
        raise Refused(f"the plan was made at {saved.created}: over 24 hours ago; plan again")
    if digest(raw) != saved.sha256:
        raise Refused(f"{name} changed since the plan was made (its file's SHA-256 differs); plan again")
    if (stripe.mode, stripe.account) != (saved.mode, saved.account):
        raise Refused(f"the plan is for {saved.mode} mode{f' on {saved.account}' if saved.account else ''}")
    if state is not None and state.configuration not in (None, saved.configuration):
        raise Refused(f"the plan is for {saved.configuration}, but {name} is linked to {state.where}; plan again")
    fresh = await make_plan(stripe, layout, name, data, problems, state, saved.configuration, writes=True)
    if fresh.obj.get("updated") != saved.stripe_updated:
        raise Refused(f"{saved.configuration} was updated in Stripe since the plan was made; plan again")
    now_resolved = {r.key: r.price for r in fresh.resolutions}
    if now_resolved != saved.resolved:
        moved = sorted(k for k in {*now_resolved, *saved.resolved} if now_resolved.get(k) != saved.resolved.get(k))
        raise Refused(f"lookup keys resolve to other prices than when planned: {', '.join(map(visible, moved))}")
    if edited := _edited(saved, fresh):
        raise Refused(f"{edited} (edited after planning?); nothing sent: plan again")
    if fresh.changes:  # a plan of nothing that still holds is "in sync", as a push of nothing is
        await refuse(stripe, fresh, force)
    return fresh
