"""A push that may have landed is never forgotten: Stripe's answers that say nothing of an earlier
attempt (429, 409, 401, 403) keep its record until a read settles it, a landing is judged on what
the push changed, and push --create moves a link only when told to. Against the stand-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import StandIn
from .sync_helpers import log, one_line, snapshot, state

TAX_ID = "features.customer_update.allowed_updates"
LIMITED = {"status": 429, "message": "Too many requests hit the API too quickly."}
IN_USE = {"status": 409, "message": "There is currently another in-progress request using this Idempotent Key."}
FORBIDDEN = {"status": 403, "message": "The provided key does not have access to account"}
REVOKED = {"status": 401, "message": "Invalid API Key provided: sk_test_********1234"}


def lands_then(stripe_api: StandIn, answers: list[dict[str, Any]]) -> None:
    """The next POST is carried out and its connection dropped before the answer; the library's
    and our own retries of it (the same idempotency key) then meet ``answers``."""
    stripe_api.inject(method="POST", landed=True)
    for answer in answers:
        stripe_api.inject(method="POST", **answer)


def created(stripe_api: StandIn, default: dict[str, Any]) -> list[str]:
    return [c for c in stripe_api.configurations[("test", None)] if c != default["id"]]


# --- 3: an answer that says nothing of an earlier attempt keeps the record ----------------------

AFTER_LANDING = {
    "429s": [LIMITED] * 3,  # the library does not retry a plain 429; we retry it twice
    "409s": [IN_USE] * 2,  # the library retries 409 twice: the key is in use, the first attempt runs
    "403": [FORBIDDEN],
    "401": [REVOKED],
}


@pytest.mark.parametrize("answers", AFTER_LANDING.values(), ids=AFTER_LANDING.keys())
def test_a_push_that_landed_before_its_retries_were_refused_is_recorded_as_pushed_once(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, answers: list[dict[str, Any]]
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    lands_then(stripe_api, answers)
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 0 and "pushed 1 change" in pushed.out, pushed
    link = state(config_dir, "shop")
    assert link["pending"] is None and link["unlanded"] is None
    assert "tax_id" in link["params"]["features"]["customer_update"]["allowed_updates"]
    lines = log(config_dir, "shop")
    assert len(lines) == 1 and lines[0]["changed"] == [TAX_ID]
    status = cli("status", "shop")
    assert status.code == 0 and status.out.split()[-1] == "in-sync", status
    planned = cli("plan", "shop")
    assert planned.code == 0 and TAX_ID not in planned.out and "changed in Stripe" not in planned.err, planned
    again = cli("push", "shop", "--yes")
    assert again.code == 0 and "in sync" in again.out, again
    assert stripe_api.updates[("test", None, default["id"])] == 1
    assert len({p.headers["idempotency-key"] for p in stripe_api.posts()}) == 1


@pytest.mark.parametrize("answers", AFTER_LANDING.values(), ids=AFTER_LANDING.keys())
def test_a_push_that_landed_and_could_not_be_read_back_stays_pending_and_the_next_command_records_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, answers: list[dict[str, Any]]
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    lands_then(stripe_api, answers)
    stripe_api.inject(method="GET", when=lambda s: bool(s.posts()), **REVOKED)  # the read after it fails too
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 2 and one_line(pushed.err) and "may have landed" in pushed.err, pushed
    assert "status shop" in pushed.err and "sk_test_standin" not in pushed.err
    assert state(config_dir, "shop")["pending"]["kind"] == "update"
    offline = cli("status", "shop", "--offline")
    assert offline.code == 2 and "pending" in offline.out, offline
    status = cli("status", "shop")
    assert status.code == 0 and "had landed: recorded now" in status.err and status.out.split()[-1] == "in-sync"
    planned = cli("plan", "shop")
    assert planned.code == 0 and TAX_ID not in planned.out and "changed in Stripe" not in planned.err, planned
    assert len(log(config_dir, "shop")) == 1
    assert stripe_api.updates[("test", None, default["id"])] == 1


def test_a_push_refused_by_a_403_that_did_not_land_says_so_and_sends_nothing_more(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = state(config_dir, "shop")
    stripe_api.inject(method="POST", **FORBIDDEN)
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 2 and one_line(pushed.err) and "may not do this" in pushed.err, pushed
    assert "does not hold the push" in pushed.err
    after = state(config_dir, "shop")
    assert after["pending"] is None and (after["params"], after["synced_at"]) == (before["params"], before["synced_at"])
    assert len(stripe_api.posts()) == 1 and stripe_api.updates[("test", None, default["id"])] == 0
    planned = cli("plan", "shop")
    assert planned.code == 1 and TAX_ID in planned.out and "changed in Stripe" not in planned.err, planned


def test_a_refusal_of_the_parameters_puts_the_link_back_as_it_was(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    stripe_api.inject(method="POST", status=400, message="Invalid array")
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 1 and one_line(pushed.err) and "Invalid array" in pushed.err, pushed
    assert snapshot(config_dir) == before
    assert len(stripe_api.posts()) == 1 and stripe_api.updates[("test", None, default["id"])] == 0


def test_a_push_to_a_configuration_the_key_cannot_find_puts_the_link_back_as_it_was(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    missing = {"status": 404, "message": f"No such billing portal configuration: '{default['id']}'"}
    stripe_api.inject(method="POST", **missing)
    stripe_api.inject(method="GET", when=lambda s: bool(s.posts()), **missing)
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 2 and one_line(pushed.err) and "No such billing portal configuration" in pushed.err, pushed
    assert snapshot(config_dir) == before
    assert len(stripe_api.posts()) == 1 and stripe_api.updates[("test", None, default["id"])] == 0


@pytest.mark.parametrize("answers", AFTER_LANDING.values(), ids=AFTER_LANDING.keys())
def test_a_create_that_landed_before_its_retries_were_refused_is_finished_by_running_it_again(
    cli, install, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, answers: list[dict[str, Any]]
) -> None:
    install("minimal", "shop")
    lands_then(stripe_api, answers)
    first = cli("push", "shop", "--create", "--yes")
    assert first.code == 2 and one_line(first.err) and "push shop --create again" in first.err, first
    assert len(created(stripe_api, default)) == 1  # it landed
    assert state(config_dir, "shop")["pending"]["kind"] == "create"
    status = cli("status", "shop")
    assert status.code == 2 and "pending" in status.out and "--create again" in status.out, status
    again = cli("push", "shop", "--create", "--yes")
    assert again.code == 0 and "sent again with its idempotency key" in again.err, again
    made = created(stripe_api, default)
    assert len(made) == 1 and state(config_dir, "shop")["configuration"] == made[0]
    assert cli("status", "shop").out.split()[-1] == "in-sync"


def test_a_create_whose_answer_was_lost_and_whose_resend_met_a_revoked_key_is_never_made_twice(
    cli, install, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    install("minimal", "shop")
    lands_then(stripe_api, [{"drop": True}, {"drop": True}])
    assert cli("push", "shop", "--create", "--yes").code == 2
    stripe_api.inject(method="POST", **REVOKED)  # Stripe answers 401 before it looks at the idempotency key
    revoked = cli("push", "shop", "--create", "--yes")
    assert revoked.code == 2 and one_line(revoked.err) and "--create again" in revoked.err, revoked
    assert "sk_test_standin" not in revoked.err
    assert state(config_dir, "shop")["pending"]["kind"] == "create"
    assert "pending (the last push" in cli("status", "shop").out
    again = cli("push", "shop", "--create", "--yes")
    assert again.code == 0 and "sent again with its idempotency key" in again.err, again
    made = created(stripe_api, default)
    assert len(made) == 1 and state(config_dir, "shop")["configuration"] == made[0]


def test_a_create_run_again_after_the_profile_changed_sends_what_it_sent_then_plans_the_change(
    cli, install, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    install("minimal", "shop")
    lands_then(stripe_api, [{"drop": True}, {"drop": True}])
    assert cli("push", "shop", "--create", "--yes").code == 2
    assert cli("set", "shop", "customer.tax_id=true").code == 0  # Stripe would refuse the key with other parameters
    again = cli("push", "shop", "--create", "--yes")
    assert again.code == 0 and "sent again with its idempotency key" in again.err, again
    posts = stripe_api.posts()
    assert all(p.body == posts[0].body for p in posts), "the same request, with the same key"
    made = created(stripe_api, default)
    assert len(made) == 1 and state(config_dir, "shop")["configuration"] == made[0]
    planned = cli("plan", "shop")
    assert planned.code == 1 and TAX_ID in planned.out and "changed in Stripe" not in planned.err, planned


def test_a_push_over_many_accounts_whose_resend_met_a_403_records_the_push_that_had_landed(
    cli, stripe_api: StandIn, config_dir: Path, tmp_path: Path
) -> None:
    """The resumed run sends the push whose answer was lost again with its key; the key lost write
    access meanwhile (403), but the first attempt had landed: read back, it is recorded and counted."""
    account = "acct_landing001"
    stripe_api.add_configuration("test", account=account)
    accounts = tmp_path / "accounts.txt"
    accounts.write_text(account + "\n")
    assert cli("new", "std").code == 0
    assert cli("set", "std", "customer.tax_id=true").code == 0
    lands_then(stripe_api, [{"drop": True}, {"drop": True}])
    first = cli("push", "std", "--accounts", str(accounts), "--yes")
    assert first.code == 2 and "failed 1" in first.out, first
    assert state(config_dir, f"std@{account}")["pending"]["body"]
    stripe_api.inject(method="POST", **FORBIDDEN)
    again = cli("push", "std", "--resume", "last", "--yes")  # the failed account is tried again
    assert again.code == 0 and "pushed 1 (1 account" in again.out, again  # its push, finished now
    assert len(stripe_api.posts()) == 4  # the landed one, its two retries, and the resend met by the 403
    link = state(config_dir, f"std@{account}")
    assert link["pending"] is None and link["unlanded"] is None
    assert [line["account"] for line in log(config_dir, "std")] == [account]
    assert sum(n for (_, a, _), n in stripe_api.updates.items() if a == account) == 1
    planned = cli("plan", "std", "--accounts", str(accounts))
    assert planned.code == 0 and "changed in Stripe" not in planned.err, planned


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


# --- 15: push --create moves a link only with --relink --------------------------------------------


def test_push_create_on_a_linked_profile_is_refused_without_relink_and_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    before = snapshot(config_dir)
    stripe_api.seen.clear()
    refused = cli("push", "shop", "--create", "--yes")
    assert refused.code == 2 and one_line(refused.err), refused
    assert f"shop is linked to {default['id']}" in refused.err and "--relink" in refused.err
    assert not stripe_api.posts() and snapshot(config_dir) == before
    assert created(stripe_api, default) == []
    relinked = cli("push", "shop", "--create", "--relink", "--yes")
    assert relinked.code == 0, relinked
    made = created(stripe_api, default)
    assert len(made) == 1 and state(config_dir, "shop")["configuration"] == made[0]
