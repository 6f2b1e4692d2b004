"""pull, plan, push, status against a stand-in Stripe on 127.0.0.1: every row of SPEC 7, every bad
input with its exit code and nothing local changed, and the traps users of the API hit."""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import LIVE_KEY, READ_ONLY_KEY, TEST_KEY, StandIn
from .sync_helpers import files_text, one_line, state

PRODUCTS = 'subscriptions.products=[{product="prod_basic", prices=["price_month", "price_year"]}]'


# --- the whole round ----------------------------------------------------------------------


@pytest.mark.parametrize("account", [None, "acct_1Connected"])
def test_pull_plan_edit_plan_push_plan_status(cli, config_dir: Path, stripe_api: StandIn, account: str | None) -> None:
    stripe_api.add_configuration("test", account=account)
    extra = ["--stripe-account", account] if account else []
    pulled = cli("pull", "shop", *extra)
    assert pulled.code == 0, pulled
    assert "pulled bpc_test" in pulled.out and "into new profile shop" in pulled.out
    assert cli("set", "shop", "business.business_name=Shop").code == 0  # Dashboard-only: not a change for Stripe
    nothing = cli("plan", "shop", *extra)
    assert nothing.code == 0 and "nothing to change" in nothing.out, nothing
    assert cli("set", "shop", "customer.tax_id=true", "cancellations.mode=immediately").code == 0
    planned = cli("plan", "shop", *extra)
    assert planned.code == 1
    assert planned.out.splitlines() == [
        "features.subscription_cancel.mode (When to cancel): at_period_end -> immediately",
        'features.customer_update.allowed_updates (Tax ID): ["email","address"] -> ["email","address","tax_id"]',
    ]
    pushed = cli("push", "shop", "--yes", *extra)
    assert pushed.code == 0, pushed
    assert pushed.out.splitlines()[-1].startswith("pushed 2 changes to bpc_test")
    assert cli("plan", "shop", *extra).code == 0
    status = cli("status", *extra)
    assert status.code == 0 and status.out.split()[-1] == "in-sync", status
    saved = state(config_dir, "shop")
    assert saved["account"] == account and saved["mode"] == "test" and saved["configuration"].startswith("bpc_")
    log = (config_dir / "sync" / "shop.log").read_text().splitlines()
    assert len(log) == 1 and json.loads(log[0])["changed"] == [
        "features.subscription_cancel.mode", "features.customer_update.allowed_updates",
    ]  # fmt: skip
    assert all(s.headers.get("stripe-account") == account for s in stripe_api.seen)
    assert TEST_KEY not in files_text(config_dir)


def test_every_fetch_expands_the_products_and_every_post_carries_an_idempotency_key(
    cli, default: dict[str, Any], stripe_api: StandIn
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "subscriptions.switch_plan=true", PRODUCTS).code == 0
    assert cli("push", "shop", "--yes").code == 0
    configurations = [s for s in stripe_api.seen if "billing_portal" in s.path]
    assert configurations and all(
        any("features.subscription_update.products" in e for e in s.query.get("expand", []))
        or s.method == "POST" for s in configurations
    )  # fmt: skip
    assert all(s.headers.get("idempotency-key") for s in stripe_api.posts())
    assert all(s.headers.get("stripe-version") == "2026-10-28.endive" for s in stripe_api.seen)


def test_an_emptied_list_is_sent_as_stripe_clears_a_list(cli, default: dict[str, Any], stripe_api: StandIn) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.email=false", "customer.billing_address=false").code == 0
    assert cli("push", "shop", "--yes").code == 0
    body = stripe_api.posts()[-1].body
    assert body["features"]["customer_update"]["allowed_updates"] == ""
    assert default["features"]["customer_update"]["allowed_updates"] == []


def test_metadata_keys_the_profile_no_longer_has_are_removed(cli, stripe_api: StandIn) -> None:
    stripe_api.add_configuration("test", metadata={"team": "billing", "old": "x"})
    assert cli("pull", "shop").code == 0
    assert cli("reset", "shop", "advanced.metadata.old").code == 0
    assert cli("push", "shop", "--yes").code == 0
    assert stripe_api.posts()[-1].body["metadata"] == {"old": ""}
    assert cli("plan", "shop").code == 0


def test_pull_into_an_existing_profile_keeps_comments_and_dashboard_only_settings(
    cli, install, config_dir: Path, stripe_api: StandIn
) -> None:
    path = install("hand-edited", "shop")
    stripe_api.add_configuration("test", name="Remote name")
    comments = [line for line in path.read_text().splitlines() if line.strip().startswith("#")]
    before = tomllib.loads(path.read_text())
    pulled = cli("pull", "shop", "--force")
    assert pulled.code == 0, pulled
    assert "advanced.configuration_name (Configuration name):" in pulled.out
    text = path.read_text()
    assert all(c in text for c in comments)
    after = tomllib.loads(text)
    assert after["business"]["business_name"] == before["business"]["business_name"]
    assert after["advanced"]["configuration_name"] == "Remote name"
    assert (config_dir / "history" / "shop").exists()  # the old version is kept


# --- the refusals of SPEC 7 ----------------------------------------------------------------


def test_pull_over_work_not_pushed_yet_is_refused_and_writes_nothing(cli, install, default: dict[str, Any]) -> None:
    path = install("hand-edited", "shop")
    before = path.read_bytes()
    refused = cli("pull", "shop")
    assert refused.code == 1 and "not pulled: shop has changes not pushed" in refused.err
    assert "pull --force" in refused.err and path.read_bytes() == before


def test_a_dashboard_edit_since_the_last_sync_refuses_the_push_and_lists_it(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    default["features"]["invoice_history"]["enabled"] = False  # edited in the Dashboard
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and "changed in Stripe since the last sync" in refused.err
    assert "features.invoice_history.enabled (Invoice history visible)" in refused.err
    assert not stripe_api.posts()
    assert cli("status", "shop").out.split()[-1] == "both-changed"
    assert cli("push", "shop", "--yes", "--force").code == 0


def test_a_push_of_a_profile_with_errors_in_sent_settings_is_refused(cli, default: dict[str, Any], stripe_api: StandIn,
                                                                    config_dir: Path) -> None:  # fmt: skip
    assert cli("pull", "shop").code == 0
    path = config_dir / "profiles" / "shop.toml"
    path.write_text(path.read_text().replace("tax_id = false", 'tax_id = "yes"', 1))
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and "customer.tax_id: error" in refused.err and not stripe_api.posts()


@pytest.mark.parametrize(
    "setup, says",
    [
        (lambda s: s.add_price("price_once", "prod_basic", recurring=False), "price_once is a one-time price"),
        (lambda s: (s.add_product("prod_other"), s.add_price("price_once", "prod_other")),
         "price_once is a price of prod_other, not of prod_basic"),
        (lambda s: s.add_price("price_once", "prod_basic", active=False), "price_once is not active"),
        (lambda s: None, "price_once does not exist"),
    ],
)  # fmt: skip
def test_products_that_would_fail_are_named_by_setting_and_nothing_is_sent(
    cli, default: dict[str, Any], stripe_api: StandIn, setup: Any, says: str
) -> None:
    setup(stripe_api)
    assert cli("pull", "shop").code == 0
    products = 'subscriptions.products=[{product="prod_basic", prices=["price_month", "price_once"]}]'
    assert cli("set", "shop", "subscriptions.switch_plan=true", products).code == 0
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and f"subscriptions.products[0].prices[1]: {says}" in refused.err, refused
    assert not stripe_api.posts()


def test_an_inactive_product_is_named(cli, default: dict[str, Any], stripe_api: StandIn) -> None:
    stripe_api.add_product("prod_gone", active=False)
    stripe_api.add_price("price_gone", "prod_gone")
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "subscriptions.update_quantities=true",
               'subscriptions.products=[{product="prod_gone", prices=["price_gone"]}]').code == 0  # fmt: skip
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and "subscriptions.products[0].product: prod_gone is not active" in refused.err


def test_test_mode_ids_in_a_live_push_fail_with_a_message_that_says_why(
    cli, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    stripe_api.add_configuration("live")
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    assert cli("pull", "live-shop").code == 0
    assert cli("set", "live-shop", "subscriptions.switch_plan=true", PRODUCTS).code == 0  # test-mode IDs
    refused = cli("push", "live-shop", "--yes")
    assert refused.code == 1
    assert "price_month exists only in test mode: product and price IDs differ between test and live" in refused.err


def test_without_a_terminal_and_without_yes_a_push_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    refused = cli("push", "shop")
    assert refused.code == 2 and one_line(refused.err) and "--yes" in refused.err
    assert not stripe_api.posts()


def test_a_push_asks_once_and_a_live_push_wants_the_profiles_name(
    cli, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("portal_tui.cli.sync.has_terminal", lambda: True)
    stripe_api.add_configuration("test")
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    asked = cli("push", "shop")
    assert asked.code == 1 and "Push 1 change to bpc_test" in asked.err and "(test)? [y/N]" in asked.err
    assert not stripe_api.posts()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert cli("push", "shop").code == 0 and len(stripe_api.posts()) == 1

    stripe_api.add_configuration("live")
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    assert cli("pull", "live-shop").code == 0
    assert cli("set", "live-shop", "customer.tax_id=true").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    wrong = cli("push", "live-shop")
    assert wrong.code == 1 and "Type the profile's name (live-shop)" in wrong.err and len(stripe_api.posts()) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("live-shop\n"))
    assert cli("push", "live-shop").code == 0 and len(stripe_api.posts()) == 2


# --- the key ---------------------------------------------------------------------------------


def test_no_key_says_how_to_set_one(cli, install, default: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    install("minimal", "shop")
    monkeypatch.delenv("STRIPE_API_KEY")
    for command in ("pull", "plan", "push"):
        result = cli(command, "shop", "--yes") if command == "push" else cli(command, "shop")
        assert result.code == 2 and one_line(result.err) and "STRIPE_API_KEY" in result.err, (command, result)


@pytest.mark.parametrize("key", ["pk_test_abcdefghij", "sk_test_short", "hello", "sk_prod_abcdefghijk"])
def test_a_malformed_key_is_refused_without_showing_it(cli, install, default: dict[str, Any],
                                                      monkeypatch: pytest.MonkeyPatch, key: str) -> None:  # fmt: skip
    install("minimal", "shop")
    monkeypatch.setenv("STRIPE_API_KEY", key)
    result = cli("plan", "shop")
    assert result.code == 2 and one_line(result.err) and "not a Stripe secret or restricted key" in result.err
    assert key not in result.err


def test_a_key_of_the_other_mode_is_refused_before_any_request(
    cli, install, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "shop")  # a test profile
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    result = cli("plan", "shop")
    assert result.code == 2 and one_line(result.err) and "is for live mode" in result.err
    assert LIVE_KEY not in result.err and "sk_live_…5678" in result.err
    assert not stripe_api.seen


def test_a_key_from_a_file_and_a_key_stripe_refuses(
    cli, install, default: dict[str, Any], tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "shop")
    monkeypatch.delenv("STRIPE_API_KEY")
    bad = "sk_test_refusedrefused00004321"
    (tmp_path / "key").write_text(bad + "\nsecond line\n")
    (tmp_path / "key").chmod(0o600)
    result = cli("plan", "shop", "--api-key-file", str(tmp_path / "key"))
    assert result.code == 2 and one_line(result.err) and "Stripe refused the key sk_test_…4321" in result.err
    assert bad not in result.err + result.out + files_text(config_dir)


def test_a_restricted_key_without_write_access_is_exit_2(
    cli, default: dict[str, Any], stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0  # reading is allowed
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    monkeypatch.setenv("STRIPE_API_KEY", READ_ONLY_KEY)
    before = state(config_dir, "shop")
    result = cli("push", "shop", "--yes")
    assert result.code == 2 and one_line(result.err) and "may not do this" in result.err
    assert READ_ONLY_KEY not in result.err and state(config_dir, "shop") == before


# --- talking to Stripe -------------------------------------------------------------------------


def test_an_unknown_configuration_is_exit_2_in_one_line(cli, install, stripe_api: StandIn) -> None:
    install("minimal", "shop")
    result = cli("plan", "shop", "--configuration", "bpc_nothere")
    assert result.code == 2 and one_line(result.err) and "No such billing portal configuration" in result.err
    assert "[req_standin" in result.err
    malformed = cli("plan", "shop", "--configuration", "nope")
    assert malformed.code == 2 and "bpc_123" in malformed.err


def test_no_default_configuration_says_what_to_do(cli, install, stripe_api: StandIn) -> None:
    install("minimal", "shop")
    result = cli("plan", "shop")
    assert result.code == 2 and one_line(result.err) and "no default portal configuration in test mode" in result.err


def test_stripe_unreachable_and_a_time_out_are_exit_2_and_change_nothing(
    cli, install, default: dict[str, Any], stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    install("minimal", "shop")
    before = files_text(config_dir)
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    result = cli("pull", "shop", "--force")
    assert result.code == 2 and one_line(result.err) and "cannot reach Stripe" in result.err
    monkeypatch.setenv("STRIPE_API_BASE", stripe_api.url)
    for _ in range(3):  # every attempt, the first and the library's two retries
        stripe_api.inject(slow=1.0)
    slow = cli("plan", "shop", "--timeout", "0.2")
    assert slow.code == 2 and one_line(slow.err) and "cannot reach Stripe" in slow.err
    assert files_text(config_dir) == before


def test_a_rate_limit_and_server_errors_are_retried_with_the_same_idempotency_key(
    cli, default: dict[str, Any], stripe_api: StandIn
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.seen.clear()
    stripe_api.inject(status=429, method="POST")
    stripe_api.inject(status=500, method="POST")
    pushed = cli("push", "shop", "--yes")
    assert pushed.code == 0, pushed
    posts = stripe_api.posts()
    assert len(posts) == 3 and len({p.headers["idempotency-key"] for p in posts}) == 1
    for _ in range(3):
        stripe_api.inject(status=429, method="POST")
    assert cli("set", "shop", "customer.phone=true").code == 0
    limited = cli("push", "shop", "--yes")
    assert limited.code == 2 and "limiting requests (tried 3 times)" in limited.err


def test_a_dropped_connection_is_retried(cli, default: dict[str, Any], stripe_api: StandIn) -> None:
    stripe_api.inject(drop=True)
    assert cli("pull", "shop").code == 0


def test_a_400_names_the_profiles_key_and_label(cli, default: dict[str, Any], stripe_api: StandIn) -> None:
    assert cli("pull", "shop").code == 0
    # What Stripe refuses, the profile's rules refuse first; so the stand-in refuses here what
    # the profile allows, to see how a 400 naming a parameter is said.
    assert cli("set", "shop", "cancellations.mode=immediately", "cancellations.proration=create_prorations").code == 0
    stripe_api.refuse = _refuse_cancel_prorations
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and one_line(refused.err)
    assert "cancellations.proration (Prorate cancellations)" in refused.err and "[req_standin" in refused.err


def _refuse_cancel_prorations(obj: dict[str, Any]) -> None:
    from .stripe_standin import Refused

    if obj["features"]["subscription_cancel"]["proration_behavior"] == "create_prorations":
        raise Refused(400, "Prorations are not available for this account.",
                      "features[subscription_cancel][proration_behavior]")  # fmt: skip


def test_a_change_stripe_did_not_keep_is_named_after_the_read_back(
    cli, default: dict[str, Any], stripe_api: StandIn
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "cancellations.mode=immediately").code == 0
    stripe_api.inject(forget="features.subscription_cancel.mode")
    result = cli("push", "shop", "--yes")
    assert result.code == 1 and "did not keep" in result.err
    assert "features.subscription_cancel.mode (When to cancel): at_period_end -> immediately" in result.err
    assert cli("status", "shop").out.split()[-1] == "local-changes"


# --- configurations, the link and status ------------------------------------------------------


def test_push_never_creates_unless_asked_and_says_configurations_cannot_be_deleted(
    cli, install, stripe_api: StandIn, config_dir: Path
) -> None:
    install("maximal", "shop")  # a live profile: use a test copy
    assert cli("set", "shop", "profile.mode=test", "business.business_name=Shop").code == 0
    stripe_api.add_product("prod_basic")
    for product, prices in (
        ("prod_basic", ["price_basic_month", "price_basic_year"]),
        ("prod_pro", ["price_pro_month"]),
    ):
        stripe_api.add_product(product)
        for price in prices:
            stripe_api.add_price(price, product)
    no_default = cli("push", "shop", "--yes")
    assert no_default.code == 2 and "push --create" in no_default.err and not stripe_api.posts()
    created = cli("push", "shop", "--yes", "--create")
    assert created.code == 0, created
    assert "Stripe cannot delete configurations" in created.err
    link = state(config_dir, "shop")["configuration"]
    assert link.startswith("bpc_") and cli("plan", "shop").code == 0
    again = cli("push", "shop", "--yes")
    assert again.code == 0 and "in sync" in again.out and len(stripe_api.posts()) == 1


def test_status_of_every_linked_profile_offline_and_unreachable_with_exit_codes_ci_can_gate_on(
    cli, install, default: dict[str, Any], stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("minimal", "loose")
    assert cli("pull", "shop").code == 0
    synced = cli("status")
    assert synced.code == 0 and synced.out.split()[-1] == "in-sync"
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    offline = cli("status", "--offline")
    assert offline.code == 1 and offline.out.split()[-1] == "local-changes" and "loose" not in offline.out
    assert "the last known state" in offline.err
    assert json.loads(cli("status", "--offline", "--json").out)["offline"] is True
    loose = cli("status", "loose")
    assert loose.code == 0 and loose.out.split()[-1] == "not-linked"
    default["features"]["invoice_history"]["enabled"] = False
    both = cli("status", "shop")
    assert both.code == 1 and both.out.split()[-1] == "both-changed"
    assert cli("reset", "shop", "customer.tax_id").code == 0
    remote = cli("status", "shop")
    assert remote.code == 1 and remote.out.split()[-1] == "remote-changes"
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    unreachable = cli("status", "shop", "--json")
    row = json.loads(unreachable.out)[0]
    assert unreachable.code == 2 and row["state"] == "unreachable" and "cannot reach Stripe" in row["reason"]
    assert "\\u000a" not in unreachable.out and "\\n" not in row["reason"]  # one line, as text
    missing = cli("status", "ghost")
    assert missing.code == 2


def test_rename_moves_the_link_delete_keeps_it_copy_does_not_copy_it(
    cli, default: dict[str, Any], config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("copy", "shop", "shop2").code == 0
    assert not (config_dir / "sync" / "shop2.json").exists()
    assert cli("rename", "shop", "store").code == 0
    assert (config_dir / "sync" / "store.json").exists() and not (config_dir / "sync" / "shop.json").exists()
    assert cli("delete", "store").code == 0
    assert (config_dir / "sync" / "store.json").exists()


def test_sync_commands_take_names_not_paths(cli, tmp_path: Path) -> None:
    path = tmp_path / "shop.toml"
    path.write_text("")
    for command in ("pull", "push"):
        result = cli(command, str(path), "--yes") if command == "push" else cli(command, str(path))
        assert result.code == 2 and "takes a profile name, not a path" in result.err


@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="needs tmux")
def test_the_editors_stripe_screen_shows_the_plan_and_pushes_with_p(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    from .test_tmux import Terminal

    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    env = {"STRIPE_API_KEY": TEST_KEY, "STRIPE_API_BASE": stripe_api.url, "NO_PROXY": "127.0.0.1"}
    t = Terminal("stripe", config_dir, "edit shop", env)
    try:
        t.wait_for("not pushed")
        t.keys("S")
        shown = t.wait_for("1 change to push to bpc_test")
        assert "features.customer_update.allowed_updates" in shown and "Linked to bpc_test" in shown
        t.keys("P")
        t.wait_for("Push 1 change to bpc_test")
        t.keys("y")
        t.wait_for("pushed 1 change to bpc_test")
        t.wait_for("In sync")
        t.keys("Escape")
        t.wait_for(" pushed ")
    finally:
        t.close()
    assert len(stripe_api.posts()) == 1
    assert cli("status", "shop").out.split()[-1] == "in-sync"


async def test_the_stripe_screen_without_a_key_says_how_to_set_one(config_dir: Path) -> None:
    from textual.widgets import Static

    from portal_tui.tui.screens.stripe import StripeScreen

    from .editor_helpers import make_app

    app = make_app(config_dir, "minimal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("S")
        for _ in range(50):
            await pilot.pause(0.05)
            said = str(app.screen.query_one("#said", Static).render())
            if "STRIPE_API_KEY" in said:
                break
        assert isinstance(app.screen, StripeScreen)
        assert "no Stripe API key: set STRIPE_API_KEY" in said and "Not linked yet" in str(
            app.screen.query_one("#link", Static).render()
        )
        await pilot.press("P")  # nothing to push without a plan
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.editor


def test_the_stand_in_replays_an_idempotency_key_only_for_the_same_account_and_parameters(
    stripe_api: StandIn,
) -> None:
    """As Stripe does: a key's first answer is replayed to the same account with the same
    parameters, the same key with other parameters is a 400, and another account's key is its own."""
    import httpx

    made = stripe_api.add_configuration("test", account="acct_1Other")
    path = f"{stripe_api.url}/v1/billing_portal/configurations/{made['id']}"

    def post(account: str | None, body: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TEST_KEY}", "Stripe-Version": "2026-10-28.endive",
                   "Idempotency-Key": "k-1", "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        if account:
            headers["Stripe-Account"] = account
        return httpx.post(path, content=body, headers=headers)

    first = post("acct_1Other", "features[customer_update][enabled]=true")
    again = post("acct_1Other", "features[customer_update][enabled]=true")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert stripe_api.updates[("test", "acct_1Other", made["id"])] == 1
    other = post("acct_1Other", "features[customer_update][enabled]=false")
    assert other.status_code == 400 and other.json()["error"]["type"] == "idempotency_error"
    elsewhere = post(None, "features[customer_update][enabled]=true")  # the platform's world: no such ID
    assert elsewhere.status_code == 404
    assert stripe_api.updates[("test", "acct_1Other", made["id"])] == 1
