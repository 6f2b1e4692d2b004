"""A push that may have landed is never forgotten: Stripe's answers that say nothing of an earlier
attempt (429, 409, 401, 403) keep its record until a read settles it, a landing is judged on what
the push changed, and push --create moves a link only when told to. Against the stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .stripe_standin import StandIn

TAX_ID = "features.customer_update.allowed_updates"
LIMITED = {"status": 429, "message": "Too many requests hit the API too quickly."}
IN_USE = {"status": 409, "message": "There is currently another in-progress request using this Idempotent Key."}
FORBIDDEN = {"status": 403, "message": "The provided key does not have access to account"}
REVOKED = {"status": 401, "message": "Invalid API Key provided: sk_test_********1234"}


def state(config_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((config_dir / "sync" / f"{name}.json").read_text())


def log(config_dir: Path, name: str) -> list[dict[str, Any]]:
    path = config_dir / "sync" / f"{name}.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n")


def snapshot(config_dir: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(config_dir.rglob("*")) if p.is_file()}


def lands_then(stripe_api: StandIn, answers: list[dict[str, Any]]) -> None:
    """The next POST is carried out and its connection dropped before the answer; the library's
    and our own retries of it (the same idempotency key) then meet ``answers``."""
    stripe_api.inject(method="POST", landed=True)
    for answer in answers:
        stripe_api.inject(method="POST", **answer)


def created(stripe_api: StandIn, default: dict[str, Any]) -> list[str]:
    return [c for c in stripe_api.configurations[("test", None)] if c != default["id"]]


# --- 7: a landing is judged on what the push changed ----------------------------------------------


def test_a_push_that_landed_then_met_another_change_is_recorded_and_only_that_change_is_stripes(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    lands_then(stripe_api, [{"drop": True}, {"drop": True}])
    assert cli("push", "shop", "--yes").code == 2
    default["business_profile"]["headline"] = "Edited in the Dashboard"  # after the push landed
    default["updated"] += 1
    status = cli("status", "shop")
    assert "had landed: recorded now" in status.err and status.out.split()[-1] == "remote-changes", status
    assert "business_profile.headline" in status.err
    lines = log(config_dir, "shop")
    assert len(lines) == 1 and lines[0]["changed"] == [TAX_ID]
    planned = cli("plan", "shop")
    assert "business_profile.headline" in planned.err and TAX_ID not in planned.err, planned
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and "business_profile.headline" in refused.err and TAX_ID not in refused.err, refused
    assert stripe_api.updates[("test", None, default["id"])] == 1
    pulled = cli("pull", "shop")
    assert pulled.code == 0, pulled
    assert cli("plan", "shop").code == 0


def test_a_push_found_not_landed_that_lands_later_beside_another_change_is_recorded_as_ours(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="POST", slow=1.5)  # answered after the client gave up
    assert cli("push", "shop", "--yes", "--timeout", "0.5").code == 2
    early = cli("status", "shop")
    assert "did not land" in early.err, early
    stripe_api.settle()
    default["business_profile"]["headline"] = "Edited in the Dashboard"
    default["updated"] += 1
    late = cli("status", "shop")
    assert "landed after all: recorded now" in late.err and late.out.split()[-1] == "remote-changes", late
    planned = cli("plan", "shop")
    assert "business_profile.headline" in planned.err and TAX_ID not in planned.err, planned
    assert len(log(config_dir, "shop")) == 1
