"""Runs over many accounts that users can trust: a worker's surprise never hangs a run, a resumed
run pushes only what was confirmed, two runs never overlap, an interrupted run says how to finish,
the commands runs suggest work, and an accounts file is read safely (SPEC 10)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .stripe_standin import LIVE_KEY, TEST_KEY, StandIn

ACCOUNTS = [f"acct_trust{i:02d}" for i in range(4)]


@pytest.fixture
def fleet(stripe_api: StandIn, tmp_path: Path) -> Path:
    for account in ACCOUNTS:
        for mode in ("test", "live"):
            stripe_api.add_configuration(mode, account=account)
    path = tmp_path / "accounts.txt"
    path.write_text("\n".join(ACCOUNTS) + "\n")
    return path


@pytest.fixture
def env(stripe_api: StandIn, config_dir: Path) -> dict[str, str]:
    """For a run in another process, against the same stand-in and config folder."""
    return {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir), "STRIPE_API_KEY": TEST_KEY,
            "STRIPE_API_BASE": stripe_api.url, "NO_PROXY": "127.0.0.1"}  # fmt: skip


def updates(stripe_api: StandIn) -> list[int]:
    return [sum(n for (_, a, _), n in stripe_api.updates.items() if a == account) for account in ACCOUNTS]


def standard(cli: Any, *more: str) -> None:
    assert cli("new", "std").code == 0
    assert cli("set", "std", "customer.tax_id=true", *more).code == 0


class Hung(Exception):
    """The command ran past its time: it hangs."""


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """``work()``'s result, or a failed test (not a hung suite) when it takes longer. On the
    main thread: commands set signal handlers, which other threads may not."""

    def late(signum: int, frame: Any) -> None:
        raise Hung(f"still running after {seconds} s: the run hangs")

    previous = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """The command as a process that takes ctrl+c as a terminal's would: a suite started in the
    background of a script (as CI may be) has SIGINT ignored, and a child inherits that."""
    return subprocess.Popen([sys.executable, "-c", TAKES_CTRL_C, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


TAKES_CTRL_C = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'portal-tui'; runpy.run_module('portal_tui', run_name='__main__', alter_sys=True)"
)


def wait_for(check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.005)


def run_under_way(stripe_api: StandIn, env: dict[str, str], fleet: Path) -> subprocess.Popen[str]:
    """A push run in its own process, its POSTs answered slowly, once its first POST is sent."""
    for _ in range(len(ACCOUNTS)):
        stripe_api.inject(method="POST", slow=0.4)
    child = start(env, "push", "std", "--accounts", str(fleet), "--yes", "--jobs", "1", "--rate", "500")
    wait_for(lambda: bool(stripe_api.posts()))
    return child


def killed_run(stripe_api: StandIn, env: dict[str, str], fleet: Path, config_dir: Path) -> str:
    """A run killed (SIGKILL) after its journal began and before any push: its ID."""
    child = start(env, "push", "std", "--accounts", str(fleet), "--yes", "--jobs", "1", "--rate", "500")
    runs = config_dir / "sync" / "std.runs"
    wait_for(lambda: bool(stripe_api.seen) or child.poll() is not None)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    stripe_api.settle()
    found = sorted(runs.glob("*.jsonl"))
    assert found and not stripe_api.posts(), "the run was killed too late"
    return found[-1].stem


# --- defect 2: a worker's unexpected exception ---------------------------------------------------


@pytest.mark.parametrize("command", ["push", "plan"])
def test_an_unexpected_error_on_one_account_fails_that_account_alone_and_the_run_ends(
    cli, fleet: Path, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    import portal_tui.workflows.fleet as workflow

    standard(cli)
    real = workflow.plan

    async def surprising(stripe: Any, layout: Any, link: str, *args: Any, **kwargs: Any) -> Any:
        if link.endswith(ACCOUNTS[1]):
            raise RuntimeError(f"something nobody expected\nwith {TEST_KEY} in it")
        return await real(stripe, layout, link, *args, **kwargs)

    monkeypatch.setattr(workflow, "plan", surprising)
    extra = ("--yes",) if command == "push" else ()
    run = within(30, lambda: cli(command, "std", "--accounts", str(fleet), "--rate", "500", *extra))
    assert run.code == 2, run
    line = next(x for x in run.err.splitlines() if x.startswith(f"portal-tui: {ACCOUNTS[1]}: failed: "))
    assert "RuntimeError" in line and "something nobody expected with sk_test_…1234 in it" in line
    assert TEST_KEY not in run.out + run.err and "Traceback" not in run.err
    assert ("pushed 3, failed 1" if command == "push" else "changes 3, failed 1") in run.out
    if command == "push":
        assert updates(stripe_api) == [1, 0, 1, 1]


def test_an_unexpected_error_in_the_fleet_view_makes_that_account_unreachable_and_the_view_ends(
    cli, fleet: Path, stripe_api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portal_tui.workflows.fleet as workflow

    standard(cli)
    real = workflow.status_of

    async def surprising(layout: Any, link: str, *args: Any) -> Any:
        if link.endswith(ACCOUNTS[2]):
            raise ValueError("a value nobody expected")
        return await real(layout, link, *args)

    monkeypatch.setattr(workflow, "status_of", surprising)
    run = within(30, lambda: cli("status", "std", "--accounts", str(fleet), "--offline"))
    assert run.code == 2, run
    assert run.out.splitlines()[0].startswith(ACCOUNTS[2]) and "unreachable" in run.out.splitlines()[0]
    assert "unexpected error (ValueError): a value nobody expected" in run.out and "not-linked 3" in run.err


# --- defect 16: the accounts file ----------------------------------------------------------------


def test_an_accounts_file_saved_with_a_byte_order_mark_is_read(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    fleet.write_bytes("\ufeff".encode() + fleet.read_bytes())
    run = cli("status", "std", "--accounts", str(fleet), "--offline")
    assert run.code == 0 and [line.split()[0] for line in run.out.splitlines()] == ACCOUNTS, run


def test_a_bad_line_is_shown_once_escaped_not_twice(cli, stripe_api: StandIn, tmp_path: Path) -> None:
    standard(cli)
    path = tmp_path / "accounts.txt"
    path.write_text("acct_ok\\1\nacct_\x1b[2J\n")
    run = cli("status", "std", "--accounts", str(path), "--offline")
    assert run.code == 2 and run.err.endswith(":1: error: 'acct_ok\\1' is not a connected account's ID (acct_...)\n")
    path.write_text("acct_\x1b[2J\n")
    run = cli("status", "std", "--accounts", str(path), "--offline")
    assert run.code == 2 and ":1: error: 'acct_\\u001b[2J' is not" in run.err and "\x1b" not in run.err, run


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_an_accounts_file_that_is_not_a_regular_file_is_refused_at_once(
    cli, stripe_api: StandIn, tmp_path: Path, kind: str
) -> None:
    standard(cli)
    path = tmp_path / "accounts.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    for command in ("plan", "push", "status"):
        extra = ("--yes",) if command == "push" else ()
        run = within(10, lambda: cli(command, "std", "--accounts", str(path), *extra))  # noqa: B023 - called here
        assert run.code == 2 and run.err.count("\n") == 1, run
        says = "no account in it" if kind == "fifo" else "is not a file (a folder or a device)"  # nobody writes to it
        assert "accounts.txt: -: error: " in run.err and says in run.err, run
    assert not stripe_api.seen
    assert not (tmp_path / "config" / "sync" / "std.runs").exists()


# --- defect 13: the commands a run suggests, and bare status --------------------------------------


def test_the_status_command_a_run_suggests_works(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    when = lambda s: s.seen[-1].headers.get("stripe-account") == ACCOUNTS[0]  # noqa: E731
    stripe_api.inject(method="POST", landed=True, when=when)
    for _ in range(3):  # the answer lost, and the read-back too: the push may have landed
        stripe_api.inject(method="POST", drop=True, when=when)
        stripe_api.inject(method="GET", status=500, path="configurations/bpc", when=when)
    run = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert run.code == 2, run
    suggested = re.search(r"portal-tui (status [^ ]+(?: --[a-z-]+ [^ ]+)*) says", run.err)
    assert suggested, run.err
    stripe_api.injected.clear()
    checked = cli(*suggested.group(1).split())
    assert checked.code == 0, checked
    assert checked.out.startswith(f"std@{ACCOUNTS[0]} ") and checked.out.rstrip().endswith("in-sync")
    assert updates(stripe_api) == [1, 1, 1, 1]


def test_status_of_one_account_of_a_run_names_it_as_the_run_does(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    asked = len(stripe_api.seen)
    one = cli("status", f"std@{ACCOUNTS[2]}")
    assert one.code == 0 and one.out.startswith(f"std@{ACCOUNTS[2]} ") and f"on {ACCOUNTS[2]}" in one.out, one
    assert {s.headers.get("stripe-account") for s in stripe_api.seen[asked:]} == {ACCOUNTS[2]}
    wrong = cli("status", "std@acct_nosuch", "--offline")
    assert wrong.code == 0 and wrong.out.startswith("std@acct_nosuch ") and "not-linked" in wrong.out, wrong


def test_bare_status_sums_up_each_profiles_accounts_from_the_sync_files(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    asked = len(stripe_api.seen)
    bare = cli("status")
    assert bare.code == 0, bare
    line = next(x for x in bare.out.splitlines() if x.startswith("std@*"))
    assert "4 accounts" in line and "in-sync" in line and "status std --accounts FILE" in line
    assert len(stripe_api.seen) == asked  # the accounts are summed up from the sync files, not asked
    assert cli("set", "std", "customer.tax_id=false").code == 0
    changed = cli("status", "--json")
    assert changed.code == 1, changed
    row = next(r for r in json.loads(changed.out) if r["name"] == "std@*")
    assert row["state"] == "local-changes" and "local-changes 4" in row["reason"]


# --- defect 6: push --resume --------------------------------------------------------------------


def test_a_resumed_run_without_a_terminal_or_yes_sends_nothing(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)
    killed_run(stripe_api, env, fleet, config_dir)
    refused = cli("push", "std", "--resume", "last")
    assert refused.code == 2 and "--yes" in refused.err and refused.err.count("\n") <= 2, refused
    assert not stripe_api.posts()


def test_a_resumed_live_run_wants_the_profiles_name_typed(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    standard(cli, "profile.mode=live")
    killed_run(stripe_api, {**env, "STRIPE_API_KEY": LIVE_KEY}, fleet, config_dir)
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    monkeypatch.setattr("portal_tui.cli.sync.has_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    wrong = cli("push", "std", "--resume", "last")
    assert wrong.code == 1 and "Type the profile's name (std)" in wrong.err and "(LIVE)" in wrong.err, wrong
    assert not stripe_api.posts()
    monkeypatch.setattr("sys.stdin", io.StringIO("std\n"))
    typed = cli("push", "std", "--resume", "last")
    assert typed.code == 0 and updates(stripe_api) == [1, 1, 1, 1], typed


def test_a_run_is_not_resumed_once_its_profile_changed(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)
    run_id = killed_run(stripe_api, env, fleet, config_dir)
    assert cli("set", "std", "cancellations.enabled=false").code == 0
    refused = cli("push", "std", "--resume", "last", "--yes")
    assert refused.code == 2 and refused.err.count("\n") == 1, refused
    assert f"std changed since run {run_id} began" in refused.err
    assert "portal-tui push std --accounts FILE" in refused.err
    assert not stripe_api.posts()


def test_a_run_is_not_resumed_in_another_mode(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    standard(cli)
    run_id = killed_run(stripe_api, env, fleet, config_dir)
    assert cli("set", "std", "profile.mode=live").code == 0
    monkeypatch.setenv("STRIPE_API_KEY", LIVE_KEY)
    refused = cli("push", "std", "--resume", run_id, "--yes")
    assert refused.code == 2 and refused.err.count("\n") == 1, refused
    assert f"run {run_id} pushed in test mode, and std is a live profile now" in refused.err
    assert not stripe_api.posts()


# --- defect 11: one run of a profile at a time ----------------------------------------------------


def test_a_second_run_of_the_same_profile_refuses_while_the_first_runs(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)
    first = run_under_way(stripe_api, env, fleet)
    second = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    resumed = cli("push", "std", "--resume", "last", "--yes")
    _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    run_id = next((config_dir / "sync" / "std.runs").glob("*.jsonl")).stem
    for refused in (second, resumed):
        assert refused.code == 2 and refused.err.count("\n") == 1, refused
        assert f"run {run_id} of std is under way" in refused.err
        assert f"@{socket.gethostname()} (pid {first.pid}" in refused.err and "nothing sent" in refused.err
    assert updates(stripe_api) == [1, 1, 1, 1]
    assert len(list((config_dir / "sync" / "std.runs").glob("*.jsonl"))) == 1
    after = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")  # the lock went with the run
    assert after.code == 0 and after.out.startswith("in-sync 4"), after


# --- defect 12: a run interrupted -----------------------------------------------------------------


@pytest.mark.parametrize("sent, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_says_its_id_and_how_to_resume_it(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path, sent: int, code: int
) -> None:
    standard(cli)
    for _ in range(len(ACCOUNTS)):
        stripe_api.inject(method="POST", slow=0.5)
    child = start(env, "push", "std", "--accounts", str(fleet), "--yes", "--jobs", "1", "--rate", "500")
    wait_for(lambda: bool(stripe_api.posts()))
    child.send_signal(sent)
    _, err = child.communicate(timeout=30)
    stripe_api.settle()
    run_id = next((config_dir / "sync" / "std.runs").glob("*.jsonl")).stem
    assert child.returncode == code, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"run {run_id}" in err and "may have landed" in err
    assert f"portal-tui push std --resume {run_id}" in err
    assert max(updates(stripe_api)) <= 1
    resumed = cli("push", "std", "--resume", run_id, "--yes")
    assert resumed.code == 0 and updates(stripe_api) == [1, 1, 1, 1], resumed


# --- a push an earlier run left pending, and rename during a run ----------------------------------


def sync_state(config_dir: Path, account: str) -> dict[str, Any]:
    return json.loads((config_dir / "sync" / f"std@{account}.json").read_text())


def allowed_updates(stripe_api: StandIn, account: str) -> list[str]:
    (configuration,) = stripe_api.configurations[("test", account)].values()
    return list(configuration["features"]["customer_update"]["allowed_updates"])


def keys_sent(stripe_api: StandIn, since: int = 0) -> list[str | None]:
    return [p.headers.get("idempotency-key") for p in stripe_api.posts()[since:]]


def test_a_new_run_sends_what_the_profile_says_now_never_the_push_a_killed_run_left_unanswered(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)  # tax_id on: the mistake the user fixes after the run dies
    stripe_api.inject(method="POST", slow=3, drop=True)  # the POST is held, then dropped: never applied
    child = start(env, "push", "std", "--accounts", str(fleet), "--yes", "--jobs", "1", "--rate", "500")
    wait_for(lambda: bool(stripe_api.posts()))
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    stripe_api.settle()
    abandoned = sync_state(config_dir, ACCOUNTS[0])["pending"]["idempotency_key"]
    assert updates(stripe_api) == [0, 0, 0, 0]
    assert cli("set", "std", "customer.tax_id=false", "customer.shipping_address=true").code == 0
    refused = cli("push", "std", "--resume", "last", "--yes")
    assert refused.code == 2 and "start a new run instead" in refused.err, refused
    sent = len(stripe_api.posts())
    run = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert run.code == 0 and run.out.startswith("pushed 4 "), run
    assert updates(stripe_api) == [1, 1, 1, 1]  # one update each: the abandoned body was not sent first
    assert abandoned not in keys_sent(stripe_api, sent)
    now_held = allowed_updates(stripe_api, ACCOUNTS[0])
    assert "shipping" in now_held and "tax_id" not in now_held
    assert sync_state(config_dir, ACCOUNTS[0])["pending"] is None


def _pending_from_long_ago(config_dir: Path, account: str, body: dict[str, Any]) -> None:
    """What a run killed between its journal's 'sending' and Stripe's answer leaves, two days on."""
    path = config_dir / "sync" / f"std@{account}.json"
    state = json.loads(path.read_text())
    params = json.loads(json.dumps(state["params"]))
    params["features"]["customer_update"]["allowed_updates"] = body["features"]["customer_update"]["allowed_updates"]
    state["pending"] = {"kind": "update", "idempotency_key": "k-long-ago", "started": "2020-01-01T00:00:00Z",
                        "params": params, "changed": ["features.customer_update.allowed_updates"],
                        "resolved": {}, "body": body}  # fmt: skip
    path.write_text(json.dumps(state))


@pytest.mark.parametrize("resumed", [False, True], ids=["a-new-run", "the-run-resumed"])
def test_a_push_pending_for_over_a_day_is_settled_by_reading_and_the_account_pushed_once(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path, resumed: bool
) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    assert cli("set", "std", "customer.phone=false").code == 0
    if resumed:  # a run killed before its POSTs, whose journal says it sent the pending push
        stripe_api.seen.clear()  # killed_run checks that the run it kills sent nothing
        run_id = killed_run(stripe_api, env, fleet, config_dir)
        with open(config_dir / "sync" / "std.runs" / f"{run_id}.jsonl", "a") as journal:
            journal.write(json.dumps({"event": "sending", "account": ACCOUNTS[0], "key": "k-long-ago"}) + "\n")
    _pending_from_long_ago(config_dir, ACCOUNTS[0], {"features": {"customer_update": {"allowed_updates": ["email"]}}})
    command = ("--resume", "last") if resumed else ("--accounts", str(fleet))
    run = cli("push", "std", *command, "--yes", "--rate", "500")
    assert run.code == 0 and run.out.startswith("pushed 4 "), run
    assert updates(stripe_api) == [2, 2, 2, 2]
    assert "k-long-ago" not in keys_sent(stripe_api)
    assert allowed_updates(stripe_api, ACCOUNTS[0]) == allowed_updates(stripe_api, ACCOUNTS[1])
    now_held = allowed_updates(stripe_api, ACCOUNTS[0])
    assert "phone" not in now_held and "email" in now_held
    again = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert again.code == 0 and again.out.startswith("in-sync 4 "), again


def test_a_pending_push_that_cannot_be_read_fails_its_account_naming_the_status_command_that_settles_it(
    cli, fleet: Path, stripe_api: StandIn, config_dir: Path
) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    assert cli("set", "std", "customer.phone=false").code == 0
    _pending_from_long_ago(config_dir, ACCOUNTS[0], {"features": {"customer_update": {"allowed_updates": ["email"]}}})
    when = lambda s: s.seen[-1].headers.get("stripe-account") == ACCOUNTS[0]  # noqa: E731
    for _ in range(3):  # the read and its two retries
        stripe_api.inject(method="GET", status=500, path="configurations/bpc", when=when)
    sent = len(stripe_api.posts())
    run = cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500")
    assert run.code == 2 and "pushed 3, failed 1" in run.out, run
    line = next(x for x in run.err.splitlines() if x.startswith(f"portal-tui: {ACCOUNTS[0]}: failed: "))
    assert f"portal-tui status std@{ACCOUNTS[0]}" in line and "Traceback" not in run.err
    assert {p.headers.get("stripe-account") for p in stripe_api.posts()[sent:]} == set(ACCOUNTS[1:])
    assert sync_state(config_dir, ACCOUNTS[0])["pending"]["idempotency_key"] == "k-long-ago"  # kept, not lost
    stripe_api.injected.clear()
    settled = cli("status", f"std@{ACCOUNTS[0]}")
    assert "Traceback" not in settled.err and sync_state(config_dir, ACCOUNTS[0])["pending"] is None, settled


def test_rename_is_refused_while_a_run_of_the_profile_is_under_way_and_nothing_moves(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)
    child = run_under_way(stripe_api, env, fleet)
    before = sorted(p.name for p in (config_dir / "sync").iterdir())
    refused = cli("rename", "std", "std2")
    out, err = child.communicate(timeout=60)
    run_id = next((config_dir / "sync" / "std.runs").glob("*.jsonl")).stem
    assert refused.code == 2 and refused.err.count("\n") == 1, refused
    assert f"run {run_id} of std is under way" in refused.err and "not renamed" in refused.err
    assert f"@{socket.gethostname()} (pid {child.pid}" in refused.err
    assert (config_dir / "profiles" / "std.toml").exists() and not (config_dir / "profiles" / "std2.toml").exists()
    assert before == sorted(p.name for p in (config_dir / "sync").iterdir() if p.name in before)
    assert not list((config_dir / "sync").glob("std2*"))
    assert child.returncode == 0 and out.startswith("pushed 4 "), err
    assert updates(stripe_api) == [1, 1, 1, 1]
    assert cli("rename", "std", "std2").code == 0  # the lock went with the run
    assert cli("status", "std2", "--accounts", str(fleet)).code == 0


def test_a_run_that_cannot_write_its_journal_stops_and_says_how_to_resume_it(
    cli, fleet: Path, stripe_api: StandIn, env: dict[str, str], config_dir: Path
) -> None:
    standard(cli)
    child = run_under_way(stripe_api, env, fleet)
    runs, away = config_dir / "sync" / "std.runs", config_dir / "sync" / "away"
    run_id = next(runs.glob("*.jsonl")).stem
    runs.rename(away)  # the journal's folder is gone from under the run
    _, err = child.communicate(timeout=60)
    stripe_api.settle()
    assert child.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "cannot write the run's journal" in err and f"portal-tui push std --resume {run_id}" in err
    assert max(updates(stripe_api)) <= 1 and sum(updates(stripe_api)) < 4
    away.rename(runs)
    resumed = cli("push", "std", "--resume", run_id, "--yes", "--rate", "500")
    assert resumed.code == 0 and updates(stripe_api) == [1, 1, 1, 1], resumed


def test_a_profile_edited_while_its_run_is_being_confirmed_is_not_pushed(
    cli, fleet: Path, stripe_api: StandIn, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal_tui.cli.parser import main

    standard(cli)

    class EditedWhileAsked:
        """The answer typed after the profile was edited in another terminal, during the question."""

        def readline(self) -> str:
            assert main(["set", "std", "customer.tax_id=false"]) == 0
            return "y\n"

    monkeypatch.setattr("portal_tui.cli.sync.has_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", EditedWhileAsked())
    run = cli("push", "std", "--accounts", str(fleet), "--rate", "500")
    assert run.code == 2, run
    refusal = run.err.splitlines()[-1]  # the lines before it are the question and the edit's own
    assert refusal.startswith("portal-tui: error: std changed while the push was being confirmed: nothing sent")
    assert not stripe_api.posts() and not list((config_dir / "sync").glob("std.runs/*.jsonl"))


def test_the_fleet_view_says_what_it_settled_on_the_way(cli, fleet: Path, stripe_api: StandIn) -> None:
    """status --accounts records a push that had landed, and says so per account, as status NAME does."""
    standard(cli)
    when = lambda s: s.seen[-1].headers.get("stripe-account") == ACCOUNTS[0]  # noqa: E731
    stripe_api.inject(method="POST", landed=True, when=when)
    for _ in range(3):
        stripe_api.inject(method="POST", drop=True, when=when)
        stripe_api.inject(method="GET", status=500, path="configurations/bpc", when=when)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 2
    stripe_api.injected.clear()
    view = cli("status", "std", "--accounts", str(fleet))
    assert view.code == 0, view
    assert f"portal-tui: {ACCOUNTS[0]}: the last push" in view.err and "had landed: recorded now" in view.err, view


def test_resuming_a_finished_run_says_it_is_finished_and_sends_nothing(cli, fleet: Path, stripe_api: StandIn) -> None:
    standard(cli)
    assert cli("push", "std", "--accounts", str(fleet), "--yes", "--rate", "500").code == 0
    seen = len(stripe_api.seen)
    again = cli("push", "std", "--resume", "last")  # no --yes: nothing to ask
    assert again.code == 0 and "is finished: all 4 accounts done; nothing to resume" in again.err, again
    assert len(stripe_api.seen) == seen and again.out == ""


def test_accounts_can_come_through_a_pipe(cli, fleet: Path, stripe_api: StandIn, tmp_path: Path) -> None:
    """As --accounts <(grep -v closed accounts.txt) does: a pipe whose writer ends is read whole."""
    import threading

    standard(cli)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write() -> None:
        with open(pipe, "w") as handle:  # waits for the reader, as a shell's process substitution does
            time.sleep(0.2)
            handle.write(fleet.read_text())

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.1)  # the writer is there first, as with <(...)
    planned = cli("plan", "std", "--accounts", str(pipe))
    writer.join()
    assert planned.code == 1 and "changes 4" in planned.out + planned.err, planned


def test_the_last_run_is_the_one_begun_last_even_within_one_second(config_dir: Path) -> None:
    """Run IDs sort by when they began: two runs in one second, told apart by process IDs as
    text ("-1234" sorts before "-779"), made --resume last pick the older."""
    from unittest import mock

    from portal_tui.store.fleet import Journal, new_run_id
    from portal_tui.store.paths import Layout

    layout = Layout(config_dir)
    made = []
    for pid in (779, 1234):
        with mock.patch("os.getpid", return_value=pid):
            made.append(new_run_id())
        Journal.start(layout, "std", {"command": "push", "accounts": []}, made[-1])
        time.sleep(0.002)
    assert Journal.resume(layout, "std", "last").run_id == made[-1]
