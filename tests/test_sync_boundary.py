"""SPEC 7.1 against a stand-in Stripe turned hostile: what comes back is checked before it reaches the
terminal, a file or a decision; a push that may have landed is never forgotten; Connect links name
their account. Each test failed before the boundary was built."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import LIVE_KEY, TEST_KEY, StandIn
from .sync_helpers import files_text, log, snapshot, state

ESC = "\x1b"
CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"


def set_id(value: str) -> Any:
    def mutate(reply: dict[str, Any]) -> dict[str, Any]:
        target = reply["data"][0] if "data" in reply else reply
        target["id"] = value
        return target if "data" not in reply else reply

    return mutate


def at(path: str, value: Any) -> Any:
    """A mutation putting ``value`` at a dotted path of the configuration answered."""

    def mutate(reply: dict[str, Any]) -> dict[str, Any]:
        node = reply["data"][0] if "data" in reply else reply
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value
        return reply

    return mutate


def deep(levels: int) -> Any:
    node: Any = {}
    for _ in range(levels):
        node = {"x": node}
    return node


# --- 1, 3: what is shown comes checked ----------------------------------------------------------


@pytest.mark.parametrize("command", [("plan", "shop"), ("push", "shop", "--yes"), ("status", "shop")])
def test_an_id_holding_an_escape_sequence_is_a_malformed_answer_never_printed(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, command: tuple[str, ...]
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    stripe_api.inject(method="GET", mutate=set_id(f"bpc_{CLIPBOARD}"))
    result = cli(*command)
    assert result.code == 2, result
    assert ESC not in result.out + result.err and "\x07" not in result.out + result.err
    text = result.out + result.err
    assert "malformed answer" in text and "expected a bpc_ ID" in text
    assert snapshot(config_dir) == before and not stripe_api.posts()


def test_a_sync_file_edited_to_hold_an_escape_sequence_is_refused_not_printed(
    cli, default: dict[str, Any], config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    path = config_dir / "sync" / "shop.json"
    path.write_text(path.read_text().replace('"bpc_test', '"bpc_\\u001b[2J', 1))
    for args in (("status", "--offline"), ("status",), ("plan", "shop")):
        result = cli(*args)
        assert ESC not in result.out + result.err
        assert "not a sync state file" in result.out + result.err, (args, result)


def test_an_error_whose_message_param_and_request_id_hold_escapes_or_the_key_shows_neither(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    body = {"error": {"type": "invalid_request_error", "message": f"no\n{ESC}]0;pwned{chr(7)} with {TEST_KEY}",
                      "param": f"features{ESC}[2J"}}  # fmt: skip
    stripe_api.inject(method="POST", status=400, mutate=lambda reply: body)
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and refused.err.count("\n") == 1, refused
    assert ESC not in refused.err and TEST_KEY not in refused.err and "sk_test_…1234" in refused.err
    assert "[2J" not in refused.err  # the param did not read as one: left out
    for header in (TEST_KEY, f"req_{ESC}[2J"):
        stripe_api.inject(method="GET", status=400, headers={"Request-Id": header})
        result = cli("plan", "shop")
        assert result.code == 2 and TEST_KEY not in result.err and ESC not in result.err, result
        assert "Request-Id that is not a req_ ID" in result.err
    assert TEST_KEY not in files_text(config_dir)


# --- 5, 6, 7: limits and shapes ------------------------------------------------------------------


def test_an_answer_over_8_mib_is_refused_without_reading_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    stripe_api.inject(method="GET", size=50 * 1024 * 1024)
    started = time.monotonic()
    result = cli("pull", "shop")
    assert result.code == 2 and "over the 8,388,608" in result.err and len(result.err) < 400, result
    assert time.monotonic() - started < 5
    assert not (config_dir / "profiles" / "shop.toml").exists()


def test_a_gzip_bomb_stops_at_8_mib(cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path) -> None:
    import gzip

    bomb = gzip.compress(b'{"a":"' + b"0" * (64 * 1024 * 1024) + b'"}', compresslevel=9)
    assert len(bomb) < 200 * 1024
    stripe_api.inject(method="GET", body=bomb, gzip=False, headers={"Content-Encoding": "gzip"})
    result = cli("pull", "shop")
    assert result.code == 2 and "passed 8,388,608 bytes" in result.err, result
    assert not (config_dir / "profiles" / "shop.toml").exists()


def test_a_gzip_answer_within_the_limit_is_read(cli, default: dict[str, Any], stripe_api: StandIn) -> None:
    stripe_api.inject(method="GET", gzip=True)
    assert cli("pull", "shop").code == 0


def test_timeout_bounds_the_whole_request_even_when_the_answer_drips(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    stripe_api.inject(method="GET", drip=0.05)  # ~2 KB at 20 bytes a second: ~100 s
    started = time.monotonic()
    result = cli("pull", "shop", "--timeout", "1")
    took = time.monotonic() - started
    assert result.code == 2 and "no whole answer within 1 s" in result.err, result
    assert took < 3, took
    assert not (config_dir / "profiles" / "shop.toml").exists()


MALFORMED = {
    "metadata is a list": at("metadata", ["a", "b"]),
    "products is text": at("features.subscription_update.products", "prod_1"),
    "no id": at("id", KeyError),
    "features null": at("features", None),
    "500 levels deep": at("metadata", deep(500)),
    "not JSON": "not json",
    "metadata over Stripe's limits": at("metadata", {f"k{i}": "v" * 5000 for i in range(2000)}),
    "a live configuration answering a test key": at("livemode", True),
    "a nested null": at("features.subscription_cancel", None),
}


@pytest.mark.parametrize("how", list(MALFORMED))
@pytest.mark.parametrize("command", ["pull", "plan", "push", "status", "pull-new"])
def test_a_malformed_configuration_is_one_line_exit_2_and_nothing_written(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path, how: str, command: str
) -> None:
    if command != "pull-new":
        assert cli("pull", "shop").code == 0
        assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    hostile = MALFORMED[how]
    if isinstance(hostile, str):
        stripe_api.inject(method="GET", body=hostile.encode())
    else:
        stripe_api.inject(method="GET", mutate=hostile)
    args = {"pull": ("pull", "shop", "--force"), "plan": ("plan", "shop"), "push": ("push", "shop", "--yes"),
            "status": ("status", "shop"), "pull-new": ("pull", "shop")}[command]  # fmt: skip
    result = cli(*args)
    assert result.code == 2, result
    text = result.out + result.err
    assert "malformed answer" in text or "over the 8,388,608" in text, text
    assert "Traceback" not in text and len(text) < 600
    assert snapshot(config_dir) == before and not stripe_api.posts()


# --- 2, 4: a push that may have landed -------------------------------------------------------------


def test_a_push_whose_answer_was_lost_is_recorded_by_the_next_command_never_blamed_on_the_dashboard(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="POST", landed=True)  # carried out, then the link drops: no answer
    stripe_api.inject(method="POST", drop=True)  # and the library's two retries (the same idempotency key)
    stripe_api.inject(method="POST", drop=True)
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 2 and "may have landed" in pushed.err and "status shop" in pushed.err, pushed
    assert "tax_id" in json.dumps(default["features"]["customer_update"])  # it did land
    assert state(config_dir, "shop")["pending"]["kind"] == "update"
    offline = cli("status", "shop", "--offline")
    assert offline.code == 2 and "  pending (the last push" in offline.out, offline
    status = cli("status", "shop")
    assert status.code == 0 and "had landed: recorded now" in status.err and status.out.split()[-1] == "in-sync"
    assert state(config_dir, "shop")["pending"] is None
    lines = log(config_dir, "shop")
    assert len(lines) == 1 and lines[0]["changed"] == ["features.customer_update.allowed_updates"]
    assert "recorded after the fact" in lines[0]["note"]
    again = cli("push", "shop", "--yes")
    assert again.code == 0 and "in sync" in again.out and "Dashboard" not in again.err
    assert len({p.headers["idempotency-key"] for p in stripe_api.posts()}) == 1


def test_a_push_whose_read_back_failed_leaves_it_linked_and_the_next_plan_settles_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "cancellations.mode=immediately").code == 0
    pushed_before = len(stripe_api.posts())
    for _ in range(3):  # the read-back after the POST, and the library's two retries
        stripe_api.inject(method="GET", status=500, when=lambda s: len(s.posts()) > pushed_before)
    result = cli("push", "shop", "--yes")
    assert result.code == 2 and "reading it back failed" in result.err and "status shop" in result.err, result
    assert len(stripe_api.posts()) == pushed_before + 1
    planned = cli("plan", "shop")
    assert planned.code == 0 and "had landed: recorded now" in planned.err, planned


def test_a_create_whose_read_back_failed_stays_linked_and_a_push_never_falls_back_to_the_default(
    cli, install, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    install("minimal", "shop")
    for _ in range(3):
        stripe_api.inject(method="GET", status=500, when=lambda s: bool(s.posts()))
    created = cli("push", "shop", "--create", "--yes")
    assert created.code == 2 and "reading it back failed" in created.err, created
    link = state(config_dir, "shop")
    assert link["configuration"] not in (None, default["id"])
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 0 and link["configuration"] in pushed.out and default["id"] not in pushed.out, pushed
    assert all(default["id"] not in p.path for p in stripe_api.posts())


def test_a_create_killed_after_its_post_run_again_makes_no_second_configuration(
    cli, install, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    install("minimal", "shop")
    for failure in ({"landed": True}, {"drop": True}, {"drop": True}):
        stripe_api.inject(method="POST", **failure)
    first = cli("push", "shop", "--create", "--yes")
    assert first.code == 2 and "may have landed" in first.err, first
    assert state(config_dir, "shop")["pending"]["kind"] == "create"
    refused = cli("push", "shop", "--yes")
    assert refused.code == 2 and "push shop --create again" in refused.err and default["id"] not in refused.err
    status = cli("status", "shop")
    assert status.code == 2 and "pending" in status.out
    again = cli("push", "shop", "--create", "--yes")
    assert again.code == 0 and "sent again with its idempotency key" in again.err, again
    made = [c for c in stripe_api.configurations[("test", None)] if c != default["id"]]
    assert len(made) == 1 and state(config_dir, "shop")["configuration"] == made[0]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGTERM"), reason="POSIX signals")
def test_sigterm_while_a_push_is_under_way_says_it_may_have_landed(
    default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "STRIPE_API_BASE": stripe_api.url, "STRIPE_API_KEY": TEST_KEY}
    run = [sys.executable, "-m", "portal_tui"]
    assert subprocess.run([*run, "pull", "shop"], env=env, capture_output=True).returncode == 0
    assert subprocess.run([*run, "set", "shop", "customer.tax_id=true"], env=env, capture_output=True).returncode == 0
    stripe_api.inject(method="POST", slow=3)
    child = subprocess.Popen([*run, "push", "shop", "--yes"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)  # fmt: skip
    deadline = time.monotonic() + 10
    while not stripe_api.posts() and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=10)
    assert child.returncode == 143 and "may have landed" in err and "Traceback" not in err, err


# --- 8: keys ---------------------------------------------------------------------------------------


def test_a_key_file_others_can_read_is_refused(
    cli, install, default: dict[str, Any], tmp_path: Path, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "shop")
    monkeypatch.delenv("STRIPE_API_KEY")
    key = tmp_path / "key"
    key.write_text(TEST_KEY + "\n")
    key.chmod(0o644)
    refused = cli("plan", "shop", "--api-key-file", str(key))
    assert refused.code == 2 and "chmod 600" in refused.err and not stripe_api.seen
    key.chmod(0o600)
    assert cli("plan", "shop", "--api-key-file", str(key)).code in (0, 1)


def test_a_live_key_is_never_sent_over_http_except_to_this_machine(
    cli, install, config_dir: Path, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "shop")
    assert cli("set", "shop", "profile.mode=live").code == 0
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    refused = cli("plan", "shop", "--api-base", "http://stripe.example.com")
    assert refused.code == 2 and "only over https" in refused.err and LIVE_KEY not in refused.err
    stripe_api.add_configuration("live")
    assert cli("plan", "shop").code in (0, 1)  # http://127.0.0.1 is this machine: allowed


def test_keys_by_mode_are_taken_from_their_own_variables(
    cli, install, default: dict[str, Any], stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "shop")
    monkeypatch.delenv("STRIPE_API_KEY")
    monkeypatch.setenv("STRIPE_API_KEY_LIVE", LIVE_KEY)
    assert "no Stripe API key" in cli("plan", "shop").err
    monkeypatch.setenv("STRIPE_API_KEY_TEST", TEST_KEY)
    assert cli("plan", "shop").code in (0, 1)


# --- 9: Connect -------------------------------------------------------------------------------------


def test_the_account_is_part_of_the_link_and_another_one_needs_relink(
    cli, config_dir: Path, stripe_api: StandIn
) -> None:
    stripe_api.add_configuration("test", account="acct_123")
    other = stripe_api.add_configuration("test", account="acct_999")
    pulled = cli("pull", "shop", "--stripe-account", "acct_123")
    assert pulled.code == 0 and " on acct_123 (test)" in pulled.out, pulled
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    planned = cli("plan", "shop")
    assert planned.code == 1 and all(s.headers.get("stripe-account") == "acct_123" for s in stripe_api.seen)
    refused = cli("push", "shop", "--yes", "--stripe-account", "acct_999")
    assert refused.code == 2 and "linked to bpc_test0 on acct_123 (test), not to acct_999" in refused.err, refused
    assert "--relink" in refused.err and not stripe_api.posts()
    pushed = cli("push", "shop", "--yes", "--stripe-account", "acct_999", "--relink")
    assert pushed.code == 0 and f"{other['id']} on acct_999 (test)" in pushed.out, pushed
    assert state(config_dir, "shop")["account"] == "acct_999"
    assert log(config_dir, "shop")[-1]["account"] == "acct_999"
    status = cli("status", "shop")
    assert "on acct_999" in status.out


# --- 11, 12: what changed where ---------------------------------------------------------------------


def test_pull_lists_only_this_profiles_own_changes_not_another_profiles_push(
    cli, default: dict[str, Any], stripe_api: StandIn
) -> None:
    assert cli("pull", "mine").code == 0
    assert cli("pull", "theirs").code == 0
    assert cli("set", "theirs", "cancellations.mode=immediately").code == 0
    assert cli("push", "theirs", "--yes").code == 0
    assert cli("set", "mine", "customer.tax_id=true").code == 0
    refused = cli("pull", "mine")
    assert refused.code == 1 and "allowed_updates" in refused.err
    assert "subscription_cancel.mode" not in refused.err, refused.err


def test_plan_warns_that_stripe_changed_since_the_last_sync(cli, default: dict[str, Any]) -> None:
    assert cli("pull", "shop").code == 0
    default["features"]["invoice_history"]["enabled"] = False
    planned = cli("plan", "shop")
    assert planned.code == 1 and "changed in Stripe since the last sync" in planned.err
    assert "features.invoice_history.enabled" in planned.err


def test_taking_stripes_change_then_pushing_says_in_sync_and_records_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    default["features"]["invoice_history"]["enabled"] = False  # edited in the Dashboard
    assert cli("set", "shop", "invoices.history_visible=false").code == 0  # the editor's L, then save
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 0 and "in sync" in pushed.out and not stripe_api.posts(), pushed
    assert state(config_dir, "shop")["params"]["features"]["invoice_history"]["enabled"] is False
    assert cli("status", "shop", "--offline").out.split()[-1] == "in-sync"


# --- 17: import -------------------------------------------------------------------------------------


def test_import_takes_exports_own_output(cli, install, tmp_path: Path, config_dir: Path) -> None:
    install("maximal", "shop")
    exported = cli("export", "shop")
    assert exported.code == 0
    (tmp_path / "params.json").write_text(exported.out)
    imported = cli("import", str(tmp_path / "params.json"), "--name", "again")
    assert imported.code == 0, imported
    assert cli("export", "again").out == exported.out
    nameless = cli("import", str(tmp_path / "params.json"))
    assert nameless.code == 2 and "--name" in nameless.err


def test_a_configuration_without_features_is_refused(cli, tmp_path: Path, config_dir: Path) -> None:
    (tmp_path / "in.json").write_text(json.dumps({"object": "billing_portal.configuration"}))
    refused = cli("import", str(tmp_path / "in.json"), "--name", "x")
    assert refused.code == 2 and "nothing written" in refused.err
    assert not (config_dir / "profiles" / "x.toml").exists()


def test_a_push_still_on_its_way_when_found_not_to_have_landed_is_recorded_when_it_lands(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="POST", slow=1.5)  # answered after the client gave up
    gave_up = cli("push", "shop", "--yes", "--timeout", "0.5")
    assert gave_up.code == 2 and "may have landed" in gave_up.err, gave_up
    early = cli("status", "shop")
    assert "did not land" in early.err and early.out.split()[-1] == "local-changes", early
    stripe_api.settle()
    late = cli("status", "shop")
    assert late.code == 0 and "landed after all: recorded now" in late.err and late.out.split()[-1] == "in-sync"
    lines = log(config_dir, "shop")
    assert len(lines) == 1 and "landed after it was found not to have" in lines[0]["note"]
    assert "Dashboard" not in cli("push", "shop", "--yes").err
