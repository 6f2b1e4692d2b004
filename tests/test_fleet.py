"""Many connected accounts (SPEC 10) against the stand-in: a rollout, drift, refusals per account,
bad accounts files, 429 storms, and a run killed at random moments then resumed: exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import TEST_KEY, StandIn

ACCOUNTS = [f"acct_fleet{i:03d}" for i in range(12)]


@pytest.fixture
def fleet(stripe_api: StandIn, tmp_path: Path) -> Path:
    """A default configuration and the catalogue on each account; the accounts file."""
    for account in ACCOUNTS:
        stripe_api.add_configuration("test", account=account)
        stripe_api.add_product("prod_basic", account=account)
        stripe_api.add_price("price_month", "prod_basic", account=account)
    path = tmp_path / "accounts.txt"
    path.write_text("# the platform's accounts\n" + "\n".join(ACCOUNTS) + "\n\n")
    return path


def configuration(stripe_api: StandIn, account: str) -> dict[str, Any]:
    return next(iter(stripe_api.configurations[("test", account)].values()))


def updates(stripe_api: StandIn) -> list[int]:
    return [sum(n for (m, a, _), n in stripe_api.updates.items() if a == account) for account in ACCOUNTS]


def standard(cli) -> None:
    assert cli("new", "std").code == 0
    assert cli("set", "std", "customer.tax_id=true", "cancellations.mode=immediately").code == 0


def test_a_rollout_pushes_every_account_once_and_says_so_in_one_line(
    cli, fleet: Path, stripe_api: StandIn, config_dir: Path
) -> None:
    standard(cli)
    pushed = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert pushed.code == 0, pushed
    assert pushed.out.splitlines()[-1].startswith("pushed 12 (12 accounts, ")
    assert updates(stripe_api) == [1] * 12
    assert all(configuration(stripe_api, a)["features"]["subscription_cancel"]["mode"] == "immediately"
               for a in ACCOUNTS)  # fmt: skip
    assert all((config_dir / "sync" / f"std@{a}.json").exists() for a in ACCOUNTS)
    assert all(s.headers.get("stripe-account") in ACCOUNTS for s in stripe_api.seen)
    runs = list((config_dir / "sync" / "std.runs").glob("*.jsonl"))
    events = [json.loads(line) for line in runs[0].read_text().splitlines()]
    assert sum(e["event"] == "done" and e["outcome"] == "pushed" for e in events) == 12
    again = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert again.code == 0 and again.out.startswith("in-sync 12")
    assert updates(stripe_api) == [1] * 12


def test_the_fleet_view_lists_drifted_accounts_first(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    synced = cli("status", "std", "--accounts", str(fleet))
    assert synced.code == 0 and all(line.endswith("in-sync") for line in synced.out.splitlines())
    configuration(stripe_api, ACCOUNTS[7])["features"]["invoice_history"]["enabled"] = False  # its own Dashboard
    drifted = cli("status", "std", "--accounts", str(fleet))
    assert drifted.code == 1, drifted
    first = drifted.out.splitlines()[0]
    assert first.startswith(ACCOUNTS[7]) and first.endswith("remote-changes")
    assert "remote-changes 1, in-sync 11" in drifted.err
    planned = cli("plan", "std", "--accounts", str(fleet))
    assert planned.code == 1 and "refused 1" in planned.out and "in-sync 11" in planned.out


@pytest.mark.parametrize("content, says", [
    ("acct_ok1\nacct_ok1\n", "accounts.txt:2: error: acct_ok1 is listed twice (line 1 too)"),
    ("acct_ok1\nnot an account\n", "accounts.txt:2: error: 'not an account' is not a connected account's ID"),
    ("# nothing\n", "no account in it"),
])  # fmt: skip
def test_a_bad_accounts_file_is_exit_2_naming_the_line_before_any_request(
    cli, stripe_api: StandIn, tmp_path: Path, content: str, says: str
) -> None:
    standard(cli)
    path = tmp_path / "accounts.txt"
    path.write_text(content)
    for command in ("plan", "push", "status"):
        refused = cli(command, "std", "--accounts", str(path), "--yes") if command == "push" else \
            cli(command, "std", "--accounts", str(path))  # fmt: skip
        assert refused.code == 2 and says in refused.err, (command, refused)
    assert not stripe_api.seen


def test_an_account_the_key_cannot_reach_fails_alone_and_a_refusal_never_stops_the_run(
    cli, fleet: Path, stripe_api: StandIn
) -> None:
    stripe_api.forbidden.add(ACCOUNTS[2])
    standard(cli)
    products = 'subscriptions.products=[{product="prod_basic", prices=["price_month"]}]'
    assert cli("set", "std", "subscriptions.switch_plan=true", products).code == 0
    del stripe_api.prices[("test", ACCOUNTS[5])]["price_month"]  # that account lacks the price
    run = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert run.code == 2, run
    assert "pushed 10, refused 1, failed 1" in run.out
    assert f"{ACCOUNTS[2]}: failed: Stripe: the key sk_test_…1234 may not do this: The provided key" in run.err
    assert f"{ACCOUNTS[5]}: refused: Stripe would refuse these products" in run.err
    assert "price_month does not exist" in run.err
    stripe_api.forbidden.clear()  # the access granted again, the price made: the run is finished by resuming it
    stripe_api.add_price("price_month", "prod_basic", account=ACCOUNTS[5])
    resumed = cli("push", "std", "--resume", "last", "--yes")
    assert resumed.code == 0 and "10 of 12 accounts done, 2 left" in resumed.err, resumed
    assert "pushed 2 (2 accounts" in resumed.out
    assert updates(stripe_api) == [1] * 12


def few(fleet: Path, count: int) -> Path:
    path = fleet.with_name("few.txt")
    path.write_text("\n".join(ACCOUNTS[:count]) + "\n")
    return path


def test_a_storm_of_429s_slows_the_run_and_every_account_is_pushed(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    stripe_api.rate = 8  # a fifth of the rate asked
    run = cli("push", "std", "--accounts", str(few(fleet, 6)), "--yes", "--rate", "40", "--jobs", "8")
    assert run.code == 0 and run.out.startswith("pushed 6"), run
    assert stripe_api.limited > 0 and "rate-limited (429)" in run.out
    assert updates(stripe_api)[:6] == [1] * 6


def test_retry_after_is_honoured(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    stripe_api.rate, stripe_api.retry_after = 4, True
    started = time.monotonic()
    run = cli("push", "std", "--accounts", str(few(fleet, 3)), "--yes", "--rate", "20")
    assert run.code == 0 and updates(stripe_api)[:3] == [1] * 3, run
    assert stripe_api.limited > 0 and time.monotonic() - started >= 1.0  # a Retry-After: 1 was waited out


# --- a run's death ---------------------------------------------------------------------------


def _kill_when(stripe_api: StandIn, env: dict[str, str], moment: Any, config_dir: Path, fleet: Path) -> None:
    child = subprocess.Popen([sys.executable, "-m", "portal_tui", "push", "std", "--accounts", str(fleet), "--yes",
                              "--rate", "500", "--jobs", "3"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 30
    while child.poll() is None and not moment(stripe_api) and time.monotonic() < deadline:
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    child.wait()
    stripe_api.settle()


@pytest.mark.parametrize("moment, resends", [
    pytest.param(lambda s: len(s.seen) >= 1 and not s.posts(), False, id="before-the-first-post"),
    pytest.param(lambda s: len(s.posts()) >= 5, False, id="mid-run"),
    pytest.param(lambda s: len(s.posts()) >= 3 and s.active > 0 and s.seen[-1].method == "POST", True,
                 id="a-post-sent-and-not-answered"),
])  # fmt: skip
def test_a_run_killed_then_resumed_updates_every_account_exactly_once(
    cli, fleet: Path, stripe_api: StandIn, config_dir: Path, moment: Any, resends: bool
) -> None:
    standard(cli)
    for _ in range(4):  # POSTs answered slowly: the kill often falls between a POST and its answer
        stripe_api.inject(method="POST", slow=0.3)
    env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir), "STRIPE_API_KEY": TEST_KEY,
           "STRIPE_API_BASE": stripe_api.url, "NO_PROXY": "127.0.0.1"}  # fmt: skip
    _kill_when(stripe_api, env, moment, config_dir, fleet)
    before = updates(stripe_api)
    assert max(before) <= 1 and sum(before) < 12, before
    resumed = cli("push", "std", "--resume", "last", "--yes")
    assert resumed.code == 0, resumed
    assert "resuming run" in resumed.err
    assert updates(stripe_api) == [1] * 12
    assert cli("status", "std", "--accounts", str(fleet)).code == 0
    journal = next((config_dir / "sync" / "std.runs").glob("*.jsonl")).read_text()
    if resends:  # the POST under way when the run died was sent again with its key, and replayed
        assert '"event": "resending"' in journal


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_a_run_killed_at_a_random_moment_twice_then_resumed_updates_every_account_exactly_once(
    cli, fleet: Path, stripe_api: StandIn, config_dir: Path, seed: int
) -> None:
    """Two kills at random moments (the second in the resumed run), then a last resume."""
    import random

    rng = random.Random(seed)
    standard(cli)
    env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir), "STRIPE_API_KEY": TEST_KEY,
           "STRIPE_API_BASE": stripe_api.url, "NO_PROXY": "127.0.0.1"}  # fmt: skip
    for _ in range(6):
        stripe_api.inject(method="POST", slow=rng.uniform(0, 0.3))
    first = rng.randint(1, 11)  # after the run began (killed before, there is no run: push starts one)
    _kill_when(stripe_api, env, lambda s: len(s.posts()) >= first, config_dir, fleet)
    again = subprocess.Popen([sys.executable, "-m", "portal_tui", "push", "std", "--resume", "last", "--yes"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(rng.uniform(0.3, 1.5))
    again.send_signal(signal.SIGKILL)
    again.wait()
    stripe_api.settle()
    assert max(updates(stripe_api)) <= 1
    resumed = cli("push", "std", "--resume", "last", "--yes")
    assert resumed.code == 0, resumed
    assert updates(stripe_api) == [1] * 12
