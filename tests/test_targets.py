"""SPEC 9 against the stand-in Stripe: lookup keys, test to live, every configuration, products,
sessions, saved plans. Each refusal shows its message, and that nothing was sent or written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import LIVE_KEY, TEST_KEY, StandIn
from .sync_helpers import snapshot

KEYED = 'subscriptions.products=[{lookup_keys=["basic_monthly", "basic_yearly"]}]'


@pytest.fixture
def both_modes(stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """The same catalogue in both modes: products with explicit IDs, prices with lookup keys
    (and one without), and a default configuration in each mode."""
    monkeypatch.delenv("STRIPE_API_KEY")
    monkeypatch.setenv("STRIPE_API_KEY_TEST", TEST_KEY)
    monkeypatch.setenv("STRIPE_API_KEY_LIVE", LIVE_KEY)
    for mode, tag in (("test", "t"), ("live", "l")):
        stripe_api.add_product("prod_pro", mode)
        stripe_api.add_price(f"price_{tag}_monthly", "prod_pro", mode, lookup_key="basic_monthly", amount=1000)
        stripe_api.add_price(f"price_{tag}_yearly", "prod_pro", mode, lookup_key="basic_yearly", amount=10000,
                             interval="year")  # fmt: skip
        stripe_api.add_price(f"price_{tag}_weekly", "prod_pro", mode, amount=300, interval="week")
        stripe_api.add_configuration(mode)
    return stripe_api


# --- lookup keys --------------------------------------------------------------------------------


def test_plan_resolves_lookup_keys_once_each_and_push_sends_the_ids(cli, both_modes: StandIn) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "subscriptions.switch_plan=true", KEYED).code == 0
    planned = cli("plan", "shop")
    assert planned.code == 1, planned
    lines = planned.out.splitlines()
    assert lines[:2] == ["basic_monthly -> price_t_monthly (prod_pro)", "basic_yearly -> price_t_yearly (prod_pro)"]
    as_json = json.loads(cli("plan", "shop", "--json").out)
    assert as_json["resolved"] == {"basic_monthly": "price_t_monthly", "basic_yearly": "price_t_yearly"}
    assert cli("push", "shop", "--yes").code == 0
    sent = both_modes.posts()[-1].body["features"]["subscription_update"]["products"]
    assert sent == [{"product": "prod_pro", "prices": ["price_t_monthly", "price_t_yearly"]}]
    again = cli("plan", "shop")
    assert again.code == 0 and again.out.splitlines()[-1].startswith("nothing to change"), again
    assert cli("status", "shop", "--offline").out.split()[-1] == "in-sync"


def test_ten_keys_a_request_at_most(cli, both_modes: StandIn) -> None:
    for i in range(12):
        both_modes.add_price(f"price_many{i}", "prod_pro", lookup_key=f"k{i}")
    keys = ", ".join(f'"k{i}"' for i in range(12))
    assert cli("pull", "shop").code == 0
    assert (
        cli("set", "shop", "subscriptions.switch_plan=true", f"subscriptions.products=[{{lookup_keys=[{keys}]}}]").code
        == 0
    )
    assert cli("plan", "shop").code == 1
    batches = [s.query["lookup_keys"] for s in both_modes.seen if s.path == "/v1/prices" and "lookup_keys" in s.query]
    assert [len(b) for b in batches] == [10, 2]


@pytest.mark.parametrize(
    "table, says",
    [
        ('{lookup_keys=["nope"]}', "subscriptions.products[0].lookup_keys[0]: no price has the lookup key nope in "
                                   "test mode"),
        ('{lookup_keys=["basic_monthly", "other_monthly"]}', "lookup keys name prices of several products"),
        ('{product="prod_other", lookup_keys=["basic_monthly"]}', "subscriptions.products[0].product: prod_other, "
                                                                  "but its lookup keys name prices of prod_pro"),
        ('{lookup_keys=["once"]}', "once is price_once, a one-time price"),
        ('{lookup_keys=["gone"]}', "gone is price_gone, which is not active"),
    ],
)  # fmt: skip
def test_lookup_keys_that_do_not_resolve_refuse_the_push_naming_the_setting_and_send_nothing(
    cli, both_modes: StandIn, config_dir: Path, table: str, says: str
) -> None:
    both_modes.add_product("prod_other")
    both_modes.add_price("price_other", "prod_other", lookup_key="other_monthly")
    both_modes.add_price("price_once", "prod_pro", lookup_key="once", recurring=False)
    both_modes.add_price("price_gone", "prod_pro", lookup_key="gone", active=False)
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "subscriptions.switch_plan=true", f"subscriptions.products=[{table}]").code == 0
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--yes")
    assert refused.code == 1 and says in refused.err, refused
    assert not both_modes.posts() and snapshot(config_dir) == before
    planned = cli("plan", "shop", "--out", str(config_dir.parent / "p.json"))
    assert planned.code == 1 and says in planned.err and not (config_dir.parent / "p.json").exists()


def test_offline_export_of_lookup_keys_refuses_naming_them_and_resolve(cli, both_modes: StandIn) -> None:
    assert cli("new", "shop").code == 0
    assert cli("set", "shop", "subscriptions.switch_plan=true", KEYED).code == 0
    refused = cli("export", "shop")
    assert refused.code == 1 and refused.out == ""
    assert "subscriptions.products[0].lookup_keys" in refused.err and "basic_monthly, basic_yearly" in refused.err
    assert "export --resolve" in refused.err
    resolved = cli("export", "shop", "--resolve")
    assert resolved.code == 0, resolved
    assert json.loads(resolved.out)["features"]["subscription_update"]["products"][0]["prices"] == [
        "price_t_monthly", "price_t_yearly"]  # fmt: skip


@pytest.mark.parametrize("value, says", [
    ('[{product="prod_pro", prices=["price_t_monthly"], lookup_keys=["basic_monthly"]}]', "not both"),
    ('[{lookup_keys=["a", "a"]}]', "listed twice"),
    ('[{lookup_keys=[""]}]', "at least 1 character"),
    ('[{lookup_keys=["a\\u001bb"]}]', "control"),
    ('[{prices=["price_t_monthly"]}]', "needs its product ID"),
])  # fmt: skip
def test_a_lookup_key_table_the_schema_refuses_is_not_written(cli, install, config_dir: Path, value: str,
                                                              says: str) -> None:  # fmt: skip
    install("minimal", "shop")
    before = snapshot(config_dir)
    refused = cli("set", "shop", "subscriptions.switch_plan=true", f"subscriptions.products={value}")
    assert refused.code == 1 and says in refused.err, refused
    assert snapshot(config_dir) == before


def test_pull_lookup_keys_writes_keys_and_the_profile_serves_live_mode_too(
    cli, both_modes: StandIn, config_dir: Path
) -> None:
    for mode, tag in (("test", "t"), ("live", "l")):
        obj = next(iter(both_modes.configurations[(mode, None)].values()))
        update = obj["features"]["subscription_update"]
        update.update(enabled=True, default_allowed_updates=["price"],
                      products=[{"product": "prod_pro", "prices": [f"price_{tag}_monthly", f"price_{tag}_yearly"],
                                 "adjustable_quantity": {"enabled": False, "minimum": 0,
                                                         "maximum": None}}])  # fmt: skip
    pulled = cli("pull", "shop", "--lookup-keys")
    assert pulled.code == 0, pulled
    saved = tomllib.loads((config_dir / "profiles" / "shop.toml").read_text())
    assert saved["subscriptions"]["products"] == [{"lookup_keys": ["basic_monthly", "basic_yearly"]}]
    assert cli("plan", "shop").out.splitlines()[-1].startswith("nothing to change")
    assert cli("copy", "shop", "shoplive").code == 0 and cli("set", "shoplive", "profile.mode=live").code == 0
    live = cli("plan", "shoplive")
    assert "basic_monthly -> price_l_monthly (prod_pro)" in live.out, live


# --- promote --------------------------------------------------------------------------------------


def test_promote_maps_each_test_price_to_its_live_price_and_keeps_everything_else(
    cli, both_modes: StandIn, config_dir: Path
) -> None:
    assert cli("new", "shop").code == 0
    path = config_dir / "profiles" / "shop.toml"
    path.write_text("# our test portal\n" + path.read_text() + "\n[x-ours]\nkept = 1\n")
    products = 'subscriptions.products=[{product="prod_pro", prices=["price_t_monthly", "price_t_weekly"]}]'
    assert cli("set", "shop", "subscriptions.switch_plan=true", products, "business.business_name=Acme").code == 0
    promoted = cli("promote", "shop", "shoplive")
    assert promoted.code == 0, promoted
    assert promoted.out.splitlines()[:2] == ["price_t_monthly (basic_monthly) -> price_l_monthly",
                                             "price_t_weekly -> price_l_weekly"]  # fmt: skip
    text = (config_dir / "profiles" / "shoplive.toml").read_text()
    live = tomllib.loads(text)
    assert live["profile"]["mode"] == "live" and live["business"]["business_name"] == "Acme"
    assert live["subscriptions"]["products"][0]["prices"] == ["price_l_monthly", "price_l_weekly"]
    assert "# our test portal" in text and live["x-ours"] == {"kept": 1}
    assert not both_modes.posts()


def test_promote_with_lookup_keys_writes_keys_where_every_price_has_one(cli, both_modes: StandIn,
                                                                       config_dir: Path) -> None:  # fmt: skip
    assert cli("new", "shop").code == 0
    products = 'subscriptions.products=[{product="prod_pro", prices=["price_t_monthly", "price_t_yearly"]}]'
    assert cli("set", "shop", "subscriptions.switch_plan=true", products).code == 0
    assert cli("promote", "shop", "shoplive", "--lookup-keys").code == 0
    live = tomllib.loads((config_dir / "profiles" / "shoplive.toml").read_text())
    assert live["subscriptions"]["products"] == [{"lookup_keys": ["basic_monthly", "basic_yearly"]}]


def test_promote_refuses_prices_that_map_to_none_or_several_and_writes_nothing(
    cli, both_modes: StandIn, config_dir: Path
) -> None:
    both_modes.add_price("price_t_daily", "prod_pro", "test", amount=50, interval="day")
    both_modes.add_price("price_t_twice", "prod_pro", "test", amount=700, interval="month")
    for ident in ("price_l_twice_a", "price_l_twice_b"):
        both_modes.add_price(ident, "prod_pro", "live", amount=700, interval="month")
    assert cli("new", "shop").code == 0
    products = 'subscriptions.products=[{product="prod_pro", prices=["price_t_daily", "price_t_twice"]}]'
    assert cli("set", "shop", "subscriptions.switch_plan=true", products).code == 0
    before = snapshot(config_dir)
    refused = cli("promote", "shop", "shoplive")
    assert refused.code == 1, refused
    assert "subscriptions.products[0].prices[0]: price_t_daily: no active live price of prod_pro at 50 usd a day" \
        in refused.err  # fmt: skip
    assert "prices[1]: price_t_twice: 2 live prices" in refused.err and "price_l_twice_a" in refused.err
    assert snapshot(config_dir) == before and not both_modes.posts()


def test_promote_over_an_existing_profile_needs_force_and_keeps_its_history(
    cli, both_modes: StandIn, config_dir: Path
) -> None:
    assert cli("new", "shop").code == 0 and cli("new", "shoplive").code == 0
    before = snapshot(config_dir)
    refused = cli("promote", "shop", "shoplive")
    assert refused.code == 2 and "--force" in refused.err and snapshot(config_dir) == before
    assert cli("promote", "shop", "shoplive", "--force").code == 0
    assert any((config_dir / "history" / "shoplive").iterdir())


def test_promote_needs_a_key_for_each_mode(cli, both_modes: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("new", "shop").code == 0
    monkeypatch.delenv("STRIPE_API_KEY_LIVE")
    refused = cli("promote", "shop", "shoplive")
    assert refused.code == 2 and "no Stripe API key" in refused.err


# --- the account's lists --------------------------------------------------------------------------


def test_configurations_lists_every_page_with_its_linked_profile_and_counts_the_inactive(
    cli, both_modes: StandIn
) -> None:
    for i in range(104):
        both_modes.add_configuration("test", active=i % 4 != 0, is_default=False, name=f"tenant {i}")
    assert cli("pull", "shop").code == 0
    listed = cli("configurations")
    assert listed.code == 0, listed
    rows = listed.out.splitlines()[1:]
    assert len(rows) == 105 and "105 configurations in test mode, 26 inactive" in listed.err
    default = next(r for r in rows if " default " in f" {r} ")
    assert default.split()[-1] == "shop"
    found = json.loads(cli("configurations", "--json").out)
    assert len(found) == 105 and {"id", "name", "is_default", "active", "updated", "profile"} <= set(found[0])
    assert len([s for s in both_modes.seen if s.path == "/v1/billing_portal/configurations"]) >= 4


def test_products_lists_active_products_with_their_recurring_prices(cli, both_modes: StandIn) -> None:
    both_modes.add_product("prod_old", active=False)
    listed = cli("products", "--mode", "live")
    assert listed.code == 0, listed
    assert "prod_pro" in listed.out and "prod_old" not in listed.out
    assert "price_l_yearly" in listed.out and "100.00 usd" in listed.out and "basic_yearly" in listed.out
    found = {p["id"]: p for p in json.loads(cli("products", "--json").out)}
    assert found["prod_pro"]["prices"][0]["lookup_key"] == "basic_monthly"


# --- session --------------------------------------------------------------------------------------


def test_a_session_opens_on_the_linked_configuration_of_a_profile_in_sync(cli, both_modes: StandIn) -> None:
    both_modes.add_customer("cus_1")
    assert cli("pull", "shop").code == 0
    opened = cli("session", "shop", "--customer", "cus_1", "--return-url", "https://example.com/back")
    assert opened.code == 0 and opened.out.startswith("https://billing.stripe.com/p/session/"), opened
    made = both_modes.sessions[-1]
    assert made["configuration"].startswith("bpc_test") and made["return_url"] == "https://example.com/back"


def test_a_session_is_refused_out_of_sync_without_a_return_url_or_for_an_unknown_customer(
    cli, both_modes: StandIn
) -> None:
    both_modes.add_customer("cus_1")
    assert cli("pull", "shop").code == 0
    no_url = cli("session", "shop", "--customer", "cus_1")
    assert no_url.code == 2 and "--return-url" in no_url.err and "default_redirect_url" in no_url.err
    assert cli("set", "shop", "business.default_redirect_url=https://example.com/back").code == 0
    out_of_sync = cli("session", "shop", "--customer", "cus_1")
    assert out_of_sync.code == 1 and "not in sync" in out_of_sync.err and "push shop first" in out_of_sync.err
    assert cli("push", "shop", "--yes").code == 0
    unknown = cli("session", "shop", "--customer", "cus_404")
    assert unknown.code == 1 and "No such customer" in unknown.err
    assert not both_modes.sessions
    assert cli("session", "shop", "--customer", "cus_1").code == 0


# --- saved plans ----------------------------------------------------------------------------------


def saved_plan(cli, stripe_api: StandIn, tmp_path: Path) -> Path:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    out = tmp_path / "plan.json"
    assert cli("plan", "shop", "--out", str(out)).code == 1
    return out


def test_push_plan_sends_exactly_the_saved_plan(cli, both_modes: StandIn, tmp_path: Path) -> None:
    out = saved_plan(cli, both_modes, tmp_path)
    saved = json.loads(out.read_text())
    assert saved["profile"] == "shop" and saved["mode"] == "test" and len(saved["sha256"]) == 64
    pushed = cli("push", "shop", "--plan", str(out), "--yes")
    assert pushed.code == 0, pushed
    body = both_modes.posts()[-1].body
    body.pop("expand", None)
    assert body == json.loads(json.dumps(saved["params"]).replace("true", '"true"').replace("false", '"false"'))


@pytest.mark.parametrize("spoil, says", [
    (lambda cli, api, plan: cli("set", "shop", "customer.phone=true"), "changed since the plan was made"),
    (lambda cli, api, plan: next(iter(api.configurations[("test", None)].values())).update(updated=1), "was updated"),
    (lambda cli, api, plan: plan.write_text(plan.read_text().replace('"profile": "shop"', '"profile": "other"')),
     "the plan is of other"),
    (lambda cli, api, plan: plan.write_text(plan.read_text().replace('"created": "2', '"created": "1')),
     "over 24 hours ago"),
])  # fmt: skip
def test_push_plan_refuses_a_plan_that_no_longer_holds_and_sends_nothing(
    cli, both_modes: StandIn, tmp_path: Path, spoil: Any, says: str
) -> None:
    out = saved_plan(cli, both_modes, tmp_path)
    spoil(cli, both_modes, out)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1 and says in refused.err, refused
    assert not both_modes.posts()


def test_push_plan_refuses_when_a_lookup_key_now_names_another_price(cli, both_modes: StandIn,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "subscriptions.switch_plan=true", KEYED).code == 0
    out = tmp_path / "plan.json"
    assert cli("plan", "shop", "--out", str(out)).code == 1
    both_modes.prices[("test", None)]["price_t_yearly"]["lookup_key"] = None
    both_modes.add_price("price_t_yearly2", "prod_pro", lookup_key="basic_yearly", interval="year")
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1 and "resolve to other prices than when planned: basic_yearly" in refused.err
    assert not both_modes.posts()


@pytest.mark.parametrize("content", ["not json", '{"format": "something else"}', '{"format": "portal-tui plan 1"}'])
def test_a_file_that_is_not_a_plan_is_exit_2(cli, both_modes: StandIn, tmp_path: Path, content: str) -> None:
    assert cli("pull", "shop").code == 0
    (tmp_path / "p.json").write_text(content)
    refused = cli("push", "shop", "--plan", str(tmp_path / "p.json"), "--yes")
    assert refused.code == 2 and "plan file" in refused.err and not both_modes.posts()
    missing = cli("push", "shop", "--plan", str(tmp_path / "none.json"), "--yes")
    assert missing.code == 2 and "cannot read the plan file" in missing.err
