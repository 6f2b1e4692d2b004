"""Saved plans: `plan --out FILE` writes what a push would send; `push --plan FILE` sends exactly that.

A reviewer approves a plan file; CI pushes exactly it. Before anything is sent the plan must
still hold: it names this profile, the profile file is byte for byte the one planned (SHA-256),
Stripe's configuration was not updated since, its lookup keys resolve to the same prices, and it
is at most 24 hours old. Any of these failing sends nothing (exit 1); a file that is not a plan
is exit 2.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..model.ids import is_id
from ..model.visible import visible
from ..store.links import SyncState
from ..stripe.client import Stripe, SyncError
from ..stripe.http import MAX_ANSWER
from .push import Update
from .resolve import resolve
from .sync import Plan, Refused, reach

FORMAT = "portal-tui plan 1"
MAX_AGE = timedelta(hours=24)


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
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return cls(FORMAT, _version(), the_plan.name, digest(raw), the_plan.mode, the_plan.account,
                   the_plan.configuration, the_plan.obj.get("updated"), created,
                   {r.key: r.price for r in the_plan.resolutions}, update.body, update.expected,
                   [c.as_json() for c in the_plan.changes], update.resolved)  # fmt: skip

    def write(self, path: Path) -> None:
        from ..store.write import atomic_write

        atomic_write(path, json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n")

    def update(self, state: SyncState | None, remote: dict[str, Any]) -> Update:
        return Update(self.profile, self.configuration, self.params, self.expected,
                      [str(c["param"]) for c in self.changes], self.products, state, remote)  # fmt: skip


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("portal-tui")
    except PackageNotFoundError:
        return "unknown"


class NotAPlan(SyncError):
    """The file cannot be read or is not a plan (exit 2)."""


def read_plan(path: str) -> SavedPlan:
    shown = visible(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ANSWER + 1)
        if len(raw) > MAX_ANSWER:
            raise NotAPlan(f"{shown}: over {MAX_ANSWER:,} bytes: not a plan file")
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise NotAPlan(f"cannot read the plan file {shown}: {exc.strerror}") from None
    except (ValueError, RecursionError):
        raise NotAPlan(f"{shown} is not a plan file (not JSON); portal-tui plan NAME --out FILE writes one") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotAPlan(f"{shown} is not a plan file of this portal-tui (format: {FORMAT})")
    try:
        saved = SavedPlan(**{k: data[k] for k in SavedPlan.__dataclass_fields__})
    except (KeyError, TypeError):
        raise NotAPlan(f"{shown}: a plan file with fields missing or of the wrong type") from None
    fine = (isinstance(saved.profile, str) and saved.mode in ("test", "live") and is_id("bpc", saved.configuration)
            and (saved.account is None or is_id("acct", saved.account)) and isinstance(saved.params, dict)
            and isinstance(saved.expected, dict) and isinstance(saved.changes, list)
            and isinstance(saved.resolved, dict) and isinstance(saved.products, dict))  # fmt: skip
    if not fine:
        raise NotAPlan(f"{shown}: a plan file with fields of the wrong shape")
    return saved


async def approve(
    stripe: Stripe, layout: Any, saved: SavedPlan, name: str, raw: bytes, values: dict[str, Any],
    state: SyncState | None, now: datetime | None = None,
) -> Update:  # fmt: skip
    """What push --plan sends, once every check holds; Refused (nothing sent) naming the first
    that does not."""
    if saved.profile != name:
        raise Refused(f"the plan is of {visible(saved.profile)}, not of {name}")
    created = datetime.fromisoformat(saved.created.replace("Z", "+00:00"))
    age = (now or datetime.now(UTC)) - created
    if age > MAX_AGE or age < -timedelta(minutes=5):
        raise Refused(f"the plan was made at {saved.created}: over 24 hours ago; plan again")
    if digest(raw) != saved.sha256:
        raise Refused(f"{name} changed since the plan was made (its file's SHA-256 differs); plan again")
    if (stripe.mode, stripe.account) != (saved.mode, saved.account):
        raise Refused(f"the plan is for {saved.mode} mode{f' on {saved.account}' if saved.account else ''}")
    own, obj, _ = await reach(stripe, layout, name, state, saved.configuration, writes=True)
    if obj.get("updated") != saved.stripe_updated:
        raise Refused(f"{saved.configuration} was updated in Stripe since the plan was made; plan again")
    now_resolved = {r.key: r.price for r in (await resolve(stripe, values)).resolutions}
    if now_resolved != saved.resolved:
        moved = sorted(k for k in {*now_resolved, *saved.resolved} if now_resolved.get(k) != saved.resolved.get(k))
        raise Refused(f"lookup keys resolve to other prices than when planned: {', '.join(map(visible, moved))}")
    from ..stripe.plan import stripe_params

    return saved.update(own, stripe_params(obj))
