"""Saved plans, promote and rename against the stand-in Stripe: a plan file is checked against the
profile before anything is sent, promote refuses what it cannot map, and rename takes every sync
file with the profile. Each refusal shows its one-line message, and that nothing was sent or written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import LIVE_KEY, TEST_KEY, StandIn
from .sync_helpers import snapshot


def one_line(err: str) -> str:
    """stderr of a refusal: exactly one line, and never a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# --- saved plans --------------------------------------------------------------------------------


def planned(cli, tmp_path: Path, *settings: str) -> Path:
    """shop pulled, then changed (customer.tax_id on, unless other settings are given), and
    planned into a file."""
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", *(settings or ("customer.tax_id=true",))).code == 0
    out = tmp_path / "plan.json"
    made = cli("plan", "shop", "--out", str(out))
    assert made.code == 1 and out.exists(), made
    return out


def edit(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    saved = json.loads(path.read_text())
    change(saved)
    path.write_text(json.dumps(saved))


def test_push_plan_shows_the_changes_it_sends_and_sends_them(cli, default: dict[str, Any], stripe_api: StandIn,
                                                             tmp_path: Path) -> None:  # fmt: skip
    out = planned(cli, tmp_path)
    shown = cli("plan", "shop").out.splitlines()
    pushed = cli("push", "shop", "--plan", str(out), "--yes")
    assert pushed.code == 0, pushed
    assert pushed.out.splitlines() == [*shown, f"pushed the saved plan (1 change) to {default['id']} (test)"]
    assert len(stripe_api.posts()) == 1 and "tax_id" in default["features"]["customer_update"]["allowed_updates"]


@pytest.mark.parametrize("spoil, says", [
    (lambda p: p["params"]["features"].update(subscription_cancel={"enabled": False}),
     "the plan file's parameters are not what shop sends now"),
    (lambda p: p["params"].update(metadata={"evil": "1"}), "the plan file's parameters are not what shop sends now"),
    (lambda p: p["changes"][0].update(profile=["email"]), "the plan file's changes are not what shop changes now"),
    (lambda p: p["changes"].append({**p["changes"][0], "param": "name"}),
     "the plan file's changes are not what shop changes now"),
    (lambda p: p["expected"].update(name="other"), "the plan file's expected values are not what shop holds now"),
    (lambda p: p.update(products={"basic": ["price_month", "prod_basic"]}),
     "the plan file's lookup keys are not the ones shop resolves now"),
])  # fmt: skip
def test_push_plan_refuses_a_plan_file_edited_after_planning_and_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path, spoil: Any, says: str
) -> None:
    out = planned(cli, tmp_path)
    edit(out, spoil)
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1, refused
    assert says in one_line(refused.err) and "nothing sent" in refused.err
    assert not stripe_api.posts() and snapshot(config_dir) == before
    assert cli("status", "shop", "--offline").code == 1  # the sync state still reads, as it was


@pytest.mark.parametrize("field, value", [
    ("changes", ["x"]),
    ("changes", [{"param": "a"}]),
    ("changes", {"param": "a"}),
    ("created", 5),
    ("created", "yesterday"),
    ("created", "2026-12-05T00:00:00"),
    ("profile", ["shop"]),
    ("products", {"k": "x"}),
    ("products", {"k": ["price_1", "prod_1", "prod_2"]}),
    ("resolved", {"k": ["x"]}),
    ("sha256", 5),
    ("stripe_updated", "1"),
    ("stripe_updated", True),
    ("params", ["features"]),
    ("expected", None),
    ("portal_tui", 1),
    ("configuration", "bpc_\x1b[2J"),
    ("mode", "prod"),
])  # fmt: skip
def test_push_plan_refuses_a_malformed_plan_file_naming_the_field(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path, field: str, value: Any
) -> None:
    out = planned(cli, tmp_path)
    edit(out, lambda p: p.update({field: value}))
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 2, refused
    line = one_line(refused.err)
    assert f'"{field}"' in line and "not a plan file" in line and "\x1b" not in line
    assert not stripe_api.posts() and snapshot(config_dir) == before


def test_push_plan_refuses_a_plan_file_missing_a_field_naming_it(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path
) -> None:
    out = planned(cli, tmp_path)
    edit(out, lambda p: p.pop("products"))
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 2 and '"products"' in one_line(refused.err) and not stripe_api.posts()


def test_push_plan_refuses_a_plan_for_another_configuration_than_the_linked_one(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path
) -> None:
    out = planned(cli, tmp_path)
    edit(out, lambda p: p.update(configuration="bpc_other"))
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1, refused
    assert one_line(refused.err).endswith(f"the plan is for bpc_other, but shop is linked to {default['id']} (test); "
                                          "plan again")  # fmt: skip
    assert not stripe_api.posts() and snapshot(config_dir) == before


def test_push_plan_of_a_plan_with_nothing_to_change_says_in_sync_exits_0_and_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    out = tmp_path / "plan.json"
    assert cli("plan", "shop", "--out", str(out)).code == 0
    before = snapshot(config_dir)
    pushed = cli("push", "shop", "--plan", str(out), "--yes")  # as a push with nothing to change: CI goes on
    assert pushed.code == 0 and pushed.out.startswith("in sync: the saved plan holds no changes"), pushed
    assert not stripe_api.posts() and snapshot(config_dir) == before
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    before = snapshot(config_dir)
    spoiled = cli("push", "shop", "--plan", str(out), "--yes")  # the checks still hold for a plan of nothing
    assert spoiled.code == 1 and "changed since the plan was made" in one_line(spoiled.err), spoiled
    assert not stripe_api.posts() and snapshot(config_dir) == before


def test_push_plan_refuses_to_overwrite_what_the_dashboard_changed_unless_forced(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    default["features"]["invoice_history"]["enabled"] = False  # edited in the Dashboard, then planned over
    default["updated"] += 1
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    out = tmp_path / "plan.json"
    assert cli("plan", "shop", "--out", str(out)).code == 1
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1 and "changed in Stripe since the last sync" in refused.err, refused
    assert not stripe_api.posts() and snapshot(config_dir) == before
    forced = cli("push", "shop", "--plan", str(out), "--yes", "--force")
    assert forced.code == 0, forced
    assert default["features"]["invoice_history"]["enabled"] is True


def test_push_plan_refuses_a_price_archived_after_the_review_and_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path
) -> None:
    products = 'subscriptions.products=[{product="prod_basic", prices=["price_month"]}]'
    out = planned(cli, tmp_path, "subscriptions.switch_plan=true", products)
    stripe_api.prices[("test", None)]["price_month"]["active"] = False  # archived: the configuration is unchanged
    before = snapshot(config_dir)
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1 and "Stripe would refuse these products" in refused.err, refused
    assert "subscriptions.products[0].prices[0]" in refused.err
    assert not stripe_api.posts() and snapshot(config_dir) == before


# --- promote --------------------------------------------------------------------------------------


@pytest.fixture
def both_modes(stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """The same product and prices in both modes, a key for each."""
    monkeypatch.delenv("STRIPE_API_KEY")
    monkeypatch.setenv("STRIPE_API_KEY_TEST", TEST_KEY)
    monkeypatch.setenv("STRIPE_API_KEY_LIVE", LIVE_KEY)
    for mode, tag in (("test", "t"), ("live", "l")):
        stripe_api.add_product("prod_pro", mode)
        stripe_api.add_price(f"price_{tag}_monthly", "prod_pro", mode, lookup_key="basic_monthly", amount=1000)
        stripe_api.add_configuration(mode)
    return stripe_api


def with_products(path: Path, tables: str) -> None:
    """Products as a hand-edited file may hold them (set refuses what is invalid)."""
    path.write_text(path.read_text().replace("[cancellations]", f"{tables}\n\n[cancellations]", 1))


@pytest.mark.parametrize("options", [(), ("--lookup-keys",)])
def test_promote_refuses_a_product_without_prices_naming_it_and_writes_nothing(
    cli, both_modes: StandIn, config_dir: Path, options: tuple[str, ...]
) -> None:
    assert cli("new", "shop").code == 0
    table = '[[subscriptions.products]]\nproduct = "prod_pro"\nprices = []'
    with_products(config_dir / "profiles" / "shop.toml", table)
    before = snapshot(config_dir)
    refused = cli("promote", "shop", "shoplive", *options)
    assert refused.code == 1, refused
    assert "subscriptions.products[0]: prod_pro has no prices" in refused.err and "Traceback" not in refused.err
    assert refused.err.strip().splitlines()[-1] == "portal-tui: not promoted: nothing written to shoplive"
    assert snapshot(config_dir) == before and not both_modes.posts()


def test_promote_refuses_a_product_with_both_prices_and_lookup_keys_and_writes_nothing(
    cli, both_modes: StandIn, config_dir: Path
) -> None:
    assert cli("new", "shop").code == 0
    table = '[[subscriptions.products]]\nproduct = "prod_pro"\nprices = ["price_t_monthly"]\nlookup_keys = ["other"]'
    with_products(config_dir / "profiles" / "shop.toml", table)
    before = snapshot(config_dir)
    refused = cli("promote", "shop", "shoplive")
    assert refused.code == 1 and "subscriptions.products[0]: holds both prices and lookup_keys" in refused.err
    assert snapshot(config_dir) == before and not both_modes.posts()


@pytest.mark.parametrize("options", [(), ("--force",)])
def test_promote_refuses_a_profile_onto_itself(cli, both_modes: StandIn, config_dir: Path,
                                               options: tuple[str, ...]) -> None:  # fmt: skip
    assert cli("new", "shop").code == 0
    products = 'subscriptions.products=[{product="prod_pro", prices=["price_t_monthly"]}]'
    assert cli("set", "shop", "subscriptions.switch_plan=true", products).code == 0
    before = snapshot(config_dir)
    seen = len(both_modes.seen)
    refused = cli("promote", "shop", "shop", *options)
    assert refused.code == 2, refused
    assert "promote makes another profile" in one_line(refused.err)
    assert snapshot(config_dir) == before and len(both_modes.seen) == seen
    assert cli("get", "shop", "profile.mode").out.strip() == "test"


@pytest.mark.parametrize("where, text, says", [
    ("[subscriptions.pause]", 'products = "prod_pro"', "subscriptions.products: not a list of product tables"),
    ("[subscriptions.pause]", "products = [1]", "subscriptions.products[0]: not a product table"),
    ("[cancellations]", '[[subscriptions.products]]\nproduct = "prod_pro"\nprices = "price_t_monthly"',
     "subscriptions.products[0]: its prices or lookup_keys are not a list of text"),
])  # fmt: skip
def test_promote_refuses_product_tables_of_the_wrong_shape_and_writes_nothing(
    cli, both_modes: StandIn, config_dir: Path, where: str, text: str, says: str
) -> None:
    assert cli("new", "shop").code == 0
    path = config_dir / "profiles" / "shop.toml"
    path.write_text(path.read_text().replace(where, f"{text}\n\n{where}", 1))
    before = snapshot(config_dir)
    refused = cli("promote", "shop", "shoplive")
    assert refused.code == 1 and says in refused.err and "Traceback" not in refused.err, refused
    assert snapshot(config_dir) == before and not both_modes.posts()


# --- rename ---------------------------------------------------------------------------------------

ACCOUNTS = ["acct_one", "acct_two"]


@pytest.fixture
def rolled_out(cli, stripe_api: StandIn, tmp_path: Path) -> Path:
    """std pushed to two connected accounts: its per-account sync files, log and run journal."""
    for account in ACCOUNTS:
        stripe_api.add_configuration("test", account=account)
    accounts = tmp_path / "accounts.txt"
    accounts.write_text("\n".join(ACCOUNTS) + "\n")
    assert cli("new", "std").code == 0 and cli("set", "std", "customer.tax_id=true").code == 0
    assert cli("push", "std", "--accounts", str(accounts), "--yes").code == 0
    return accounts


def sync_files(config_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(config_dir / "sync")) for p in (config_dir / "sync").rglob("*") if p.is_file())


def test_rename_moves_every_accounts_sync_state_the_log_and_the_runs_with_the_profile(
    cli, rolled_out: Path, stripe_api: StandIn, config_dir: Path
) -> None:
    before = {p.replace("std", "std2", 1): (config_dir / "sync" / p).read_bytes() for p in sync_files(config_dir)}
    assert {"std@acct_one.json", "std@acct_two.json", "std.log"} <= {p.replace("std2", "std") for p in before}
    assert any(p.startswith("std2.runs/") for p in before)
    renamed = cli("rename", "std", "std2")
    assert renamed.code == 0, renamed
    after = {p: (config_dir / "sync" / p).read_bytes() for p in sync_files(config_dir)}
    assert after == before
    status = cli("status", "std2", "--accounts", str(rolled_out), "--offline")
    assert status.code == 0 and all(line.endswith("in-sync") for line in status.out.splitlines()), status
    resumed = cli("push", "std2", "--resume", "last", "--yes")
    assert resumed.code == 0, resumed
    assert sum(stripe_api.updates.values()) == len(ACCOUNTS)


@pytest.mark.parametrize("leftover", ["std2@acct_two.json", "std2.runs/x.jsonl", "std2.log"])
def test_rename_refuses_when_the_new_names_sync_files_exist_and_moves_nothing(
    cli, rolled_out: Path, config_dir: Path, leftover: str
) -> None:
    path = config_dir / "sync" / leftover
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}\n")
    before = snapshot(config_dir)
    refused = cli("rename", "std", "std2")
    assert refused.code == 2, refused
    assert leftover.split("/")[0] in one_line(refused.err) and "already exists" in refused.err
    assert snapshot(config_dir) == before


# --- files named on the command line -----------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    import os

    path = tmp_path / "fifo"
    os.mkfifo(path, 0o600)  # its owner's alone, as a key file must be
    return path


def test_a_plan_file_or_key_file_that_is_a_pipe_nobody_writes_to_is_refused_at_once(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO nobody writes to blocked push --plan and --api-key-file for ever."""
    import time

    assert cli("pull", "shop").code == 0
    fifo = _fifo(tmp_path)
    before = snapshot(config_dir)
    started = time.monotonic()
    plan = cli("push", "shop", "--plan", str(fifo), "--yes")
    assert plan.code == 2 and "not a plan file" in one_line(plan.err), plan
    monkeypatch.delenv("STRIPE_API_KEY")
    key = cli("plan", "shop", "--api-key-file", str(fifo))
    assert key.code == 2 and "no Stripe API key" in one_line(key.err), key
    for device in ("/dev/zero", str(tmp_path)):
        refused = cli("plan", "shop", "--api-key-file", device)
        assert refused.code == 2 and "is not a file (a folder or a device)" in one_line(refused.err), refused
    assert time.monotonic() - started < 10
    assert not stripe_api.posts() and snapshot(config_dir) == before


def test_a_key_file_that_is_a_pipe_with_a_writer_gives_its_key(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As --api-key-file <(pass show stripe) does: the key comes a moment later, through a pipe."""
    import os
    import threading
    import time

    assert cli("pull", "shop").code == 0
    monkeypatch.delenv("STRIPE_API_KEY")
    fifo = _fifo(tmp_path)

    def write() -> None:
        fd = os.open(fifo, os.O_WRONLY)  # waits for the reader, as a shell's process substitution does
        time.sleep(0.3)
        os.write(fd, (TEST_KEY + "\n").encode())
        os.close(fd)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.1)
    planned = cli("plan", "shop", "--api-key-file", str(fifo))
    writer.join()
    assert planned.code == 0 and "nothing to change" in planned.out, planned


@pytest.mark.parametrize("where, says", [
    ("link", "is a link: give the file itself"),
    ("fifo", "is not a file (a folder, a pipe or a device)"),
    ("folder", "is not a file (a folder, a pipe or a device)"),
    ("profile", "is inside the config folder"),
    ("nowhere", "no folder"),
])  # fmt: skip
def test_plan_out_writes_only_a_new_or_regular_file_outside_the_config_folder(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path, config_dir: Path, where: str, says: str
) -> None:
    """The write replaces by a rename: a link to /dev/stdout became a plain file, a FIFO's reader got
    nothing, a device node was replaced, a profile was overwritten with JSON and no history."""
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    target = {"link": tmp_path / "link", "fifo": tmp_path / "fifo", "folder": tmp_path,
              "profile": config_dir / "profiles" / "shop.toml",
              "nowhere": tmp_path / "no" / "plan.json"}[where]  # fmt: skip
    if where == "link":
        (tmp_path / "real.json").write_text("{}")
        target.symlink_to(tmp_path / "real.json")
    if where == "fifo":
        _fifo(tmp_path)
    outside = {str(p): p.read_bytes() for p in tmp_path.glob("*") if p.is_file() and not p.is_symlink()}
    before = snapshot(config_dir)
    seen = len(stripe_api.seen)
    refused = cli("plan", "shop", "--out", str(target))
    assert refused.code == 2 and says in one_line(refused.err), refused
    assert len(stripe_api.seen) == seen and snapshot(config_dir) == before  # refused before asking Stripe
    assert {str(p): p.read_bytes() for p in tmp_path.glob("*") if p.is_file() and not p.is_symlink()} == outside
    assert where != "link" or target.is_symlink()
    assert where != "fifo" or target.is_fifo()


def test_a_plan_from_the_future_says_the_clock_not_the_age(
    cli, default: dict[str, Any], stripe_api: StandIn, tmp_path: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    out = tmp_path / "plan.json"
    assert cli("plan", "shop", "--out", str(out)).code == 1
    saved = json.loads(out.read_text())
    out.write_text(json.dumps({**saved, "created": "2099-01-01T00:00:00Z"}))
    refused = cli("push", "shop", "--plan", str(out), "--yes")
    assert refused.code == 1 and "later than now (a clock set wrong?)" in one_line(refused.err), refused
    assert not stripe_api.posts()


@pytest.mark.parametrize("command", ["plan", "push", "pull"])
def test_a_run_s_account_copy_name_is_refused_outside_status_saying_what_to_give(cli, stripe_api: StandIn,
                                                                                 command: str) -> None:  # fmt: skip
    refused = cli(command, "std@acct_1Shop0001")
    assert refused.code == 2 and "which only status takes" in one_line(refused.err), refused
    assert "std --stripe-account acct_..." in refused.err and not stripe_api.seen
    empty = cli("status", "std@")
    assert empty.code == 2 and "is not a connected account's ID" in one_line(empty.err), empty
