"""plan, push and status --accounts FILE: one profile on many connected accounts (SPEC 10)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from ..model.display import as_json
from ..model.visible import visible
from .context import Context, Fail, note, say
from .sync import connection, load_profile, run

T = TypeVar("T")

if TYPE_CHECKING:
    from ..store.fleet import Journal
    from ..store.read import Loaded
    from ..workflows.fleet import Fleet, Outcome

DEFAULT_RATE = {"test": 20.0, "live": 80.0}
"""Below Stripe's limits (25 and 100 a second), which count every request of the platform."""


def _fleet(
    ctx: Context, args: argparse.Namespace, command: str, accounts: list[str] | None = None,
    profile: tuple[Loaded, str] | None = None,
) -> tuple[Fleet, Any]:  # fmt: skip
    from ..store.fleet import read_accounts
    from ..workflows.fleet import Fleet

    if args.stripe_account:
        raise Fail(2, "portal-tui: error: --accounts names the accounts; leave out --stripe-account")
    if args.jobs is not None and not 1 <= args.jobs <= 64:
        raise Fail(2, "portal-tui: error: --jobs takes a number from 1 to 64")
    if args.rate is not None and not 0 < args.rate <= 1000:
        raise Fail(2, "portal-tui: error: --rate takes requests a second, above 0 (Stripe allows 25 in test mode)")
    loaded, mode = profile or load_profile(ctx, command, args.name)
    listed = accounts if accounts is not None else read_accounts(args.accounts)  # exit 2 naming the line
    base = connection(args, mode, args.name, None)
    rate = args.rate or DEFAULT_RATE[mode]
    fleet = Fleet(args.name, loaded.data, loaded.problems(), ctx.layout, base, rate, args.jobs or 8)
    return fleet, listed


@asynccontextmanager
async def _progress(fleet: Fleet, total: int, what: str) -> AsyncIterator[Callable[[Outcome], None]]:
    """Accounts done / total, the rate, failures and time left, on stderr when it is a terminal."""
    counts: Counter[str] = Counter()
    if not sys.stderr.isatty():
        yield lambda outcome: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(f"{visible(what)}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]:.1f} req/s"), TextColumn("{task.fields[trouble]}"),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:  # fmt: skip
        task = bar.add_task(what, total=total, rate=0.0, trouble="")

        def done(outcome: Outcome) -> None:
            counts[outcome.outcome] += 1
            trouble = ", ".join(f"{counts[k]} {k}" for k in ("refused", "failed") if counts[k])
            bar.update(task, advance=1, rate=fleet.rate_now, trouble=trouble)

        yield done


async def _over(fleet: Fleet, accounts: list[str], work: Callable[[str], Any], what: str,
                journal: Journal | None = None) -> tuple[Counter[str], list[Outcome]]:  # fmt: skip
    from ..workflows.fleet import each

    counts: Counter[str] = Counter()
    troubles: list[Outcome] = []
    try:
        async with _progress(fleet, len(accounts), what) as done:
            async for outcome in each(accounts, work, fleet.jobs):
                counts[outcome.outcome] += 1
                if outcome.outcome in ("refused", "failed", "not-kept"):
                    troubles.append(outcome)
                if journal is not None:
                    journal.write({"event": "done", "account": outcome.account, "outcome": outcome.outcome,
                                   "detail": outcome.detail})  # fmt: skip
                done(outcome)
    finally:
        await fleet.close()
    return counts, troubles


def _summary(counts: Counter[str], troubles: list[Outcome], fleet: Fleet, run_id: str | None = None) -> None:
    from ..workflows.fleet import OUTCOMES

    for outcome in troubles:
        note(f"portal-tui: {outcome.account}: {outcome.outcome}: {visible(outcome.detail)}")
    shown = ", ".join(f"{k} {counts[k]}" for k in OUTCOMES if counts[k])
    limited = f", {fleet.pace.limited} rate-limited (429)" if fleet.pace.limited else ""
    run = f"; run {run_id}" if run_id else ""
    say(f"{shown} ({sum(counts.values())} accounts, {fleet.pace.sent} requests at {fleet.rate_now:.1f} a second"
        f"{limited}{run})")  # fmt: skip


def plan(ctx: Context, args: argparse.Namespace) -> int:
    from ..workflows.fleet import exit_code, plan_account

    fleet, accounts = _fleet(ctx, args, "plan")
    counts, troubles = run(_over(fleet, accounts, lambda a: plan_account(fleet, a), f"plan {args.name}"))
    _summary(counts, troubles, fleet)
    return exit_code(counts)


def push(ctx: Context, args: argparse.Namespace) -> int:
    """The profile pushed to every account, each exactly once even across a run's death and
    --resume; refused and failed accounts named, the others go on. One run of a profile at a
    time; a resumed run asks again, and only pushes the profile its run began with."""
    from ..store.fleet import Journal, new_run_id, one_run
    from ..store.history import digest

    if args.resume:
        journal = Journal.resume(ctx.layout, args.name, args.resume)
        with one_run(ctx.layout, args.name, journal.run_id):
            meta = journal.meta()
            loaded, mode = load_profile(ctx, "push", args.name)
            _same_run(args.name, journal.run_id, meta, mode, digest(loaded.raw))
            finished = journal.finished()
            listed = [a for a in meta.get("accounts", []) if isinstance(a, str)]
            fleet, accounts = _fleet(ctx, args, "push", listed, (loaded, mode))
            left = [a for a in accounts if a not in finished]
            if not left:
                note(f"portal-tui: run {journal.run_id} is finished: all {len(accounts)} accounts done; "
                     f"nothing to resume (portal-tui status {args.name} --accounts FILE asks Stripe)")  # fmt: skip
                return 0
            _ask(args, fleet, len(left), f"Resume run {journal.run_id}: push")
            note(f"portal-tui: resuming run {journal.run_id}: {len(finished)} of {len(accounts)} accounts done, "
                 f"{len(left)} left")  # fmt: skip
            return _run(args, fleet, left, journal, journal.sent())
    if not args.accounts:
        raise Fail(2, "portal-tui: error: push over many accounts needs --accounts FILE (or --resume RUN)")
    loaded, mode = load_profile(ctx, "push", args.name)
    fleet, accounts = _fleet(ctx, args, "push", None, (loaded, mode))
    _ask(args, fleet, len(accounts), "Push")
    run_id = new_run_id()
    with one_run(ctx.layout, args.name, run_id):
        _unchanged(ctx, args.name, digest(loaded.raw))
        journal = Journal.start(ctx.layout, args.name, {"command": "push", "mode": fleet.base.mode,
                                "profile_sha256": digest(loaded.raw), "accounts": accounts}, run_id)  # fmt: skip
        return _run(args, fleet, accounts, journal, {})


def _unchanged(ctx: Context, name: str, sha: str) -> None:
    """The profile, read again once the run holds its lock, is the one confirmed: an edit, a
    rename or a delete while the question was asked would push what nobody confirmed."""
    from ..store.history import digest

    loaded, _ = load_profile(ctx, "push", name)  # renamed or deleted: no profile named NAME (exit 2)
    if digest(loaded.raw) != sha:
        raise Fail(2, f"portal-tui: error: {visible(name)} changed while the push was being confirmed: nothing "
                   "sent; run the push again to push what it says now")  # fmt: skip


def _same_run(name: str, run_id: str, meta: dict[str, Any], mode: str, sha: str) -> None:
    """A resumed run pushes what its run was confirmed for: the same profile, in the same mode."""
    again = f"start a new run instead: portal-tui push {name} --accounts FILE (it plans every account again)"
    if meta.get("mode") != mode:
        raise Fail(2, f"portal-tui: error: run {visible(run_id)} pushed in {visible(str(meta.get('mode')))} mode, "
                   f"and {name} is a {mode} profile now (profile.mode): not resumed; {again}")  # fmt: skip
    if meta.get("profile_sha256") is None:
        raise Fail(2, f"portal-tui: error: run {visible(run_id)} does not say which {name} it pushed (begun by an "
                   f"older portal-tui): not resumed; {again}")  # fmt: skip
    if meta.get("profile_sha256") != sha:
        raise Fail(2, f"portal-tui: error: {name} changed since run {visible(run_id)} began: resuming would push "
                   f"what nobody confirmed for it; {again}")  # fmt: skip


def _run(
    args: argparse.Namespace, fleet: Fleet, left: list[str], journal: Journal, sent_before: dict[str, frozenset[str]]
) -> int:
    """The run's pushes; ctrl+c or SIGTERM stops it (no new request), says its ID and how to
    finish it, and exits 130 or 143, as a single push does; so does a journal that cannot be
    written (exit 2): going on, the run would push what a resume could not know it sent."""
    from ..store.fleet import JournalError
    from ..workflows.fleet import exit_code, push_account
    from .sync import _interruptible, _Terminated

    stop = _Stop()
    work = _over(fleet, left, lambda a: push_account(fleet, a, journal, args.force, sent_before),
                 f"push {args.name}", journal)  # fmt: skip
    finish = (f"run {journal.run_id} stopped part-way, and pushes to some accounts may have landed: portal-tui push "
              f"{args.name} --resume {journal.run_id} finishes it, each account once")  # fmt: skip
    with _interruptible(fleet.layout, args.name):  # SIGTERM comes as ctrl+c does
        try:
            counts, troubles = run(stop.guard(work))
        except KeyboardInterrupt as exc:
            stop.now()
            raise Fail(143 if isinstance(exc, _Terminated) else 130, f"portal-tui: interrupted: {finish}") from None
        except JournalError as exc:
            raise Fail(2, f"portal-tui: error: {exc}; {finish}") from None
    _summary(counts, troubles, fleet, journal.run_id)
    return exit_code(counts)


class _Stop:
    """The run's task on the request loop, cancelled when the command is interrupted: the
    loop's thread would otherwise go on pushing until the process ends."""

    def __init__(self) -> None:
        self.task: asyncio.Task[Any] | None = None

    async def guard(self, work: Coroutine[Any, Any, T]) -> T:
        self.task = asyncio.current_task()
        return await work

    def now(self) -> None:
        if self.task is not None:
            self.task.get_loop().call_soon_threadsafe(self.task.cancel)


def _ask(args: argparse.Namespace, fleet: Fleet, count: int, what: str) -> None:
    from .sync import _confirm, _shout

    _confirm(args, args.name, fleet.base.mode, f"{what} {args.name} to {count} account{'s' if count != 1 else ''} "
             f"{_shout(f'({fleet.base.mode})')}")  # fmt: skip


def status(ctx: Context, args: argparse.Namespace) -> int:
    """Every account's state, drifted first (the fleet view)."""
    from ..workflows.fleet import DRIFT_ORDER, each, status_account
    from ..workflows.status import exit_code

    fleet, accounts = _fleet(ctx, args, "status")

    async def rows_of() -> list[Any]:
        found = []
        try:
            async for row in each(accounts, lambda a: status_account(fleet, a, args.offline), fleet.jobs):
                found.append(row)
        finally:
            await fleet.close()
        return found

    rows = run(rows_of())
    rows.sort(key=lambda r: (DRIFT_ORDER.index(r.state) if r.state in DRIFT_ORDER else 0, r.name))
    if args.json:
        say(as_json([r.as_json() for r in rows], pretty=True))
        return exit_code(rows)
    if args.offline:
        note("portal-tui: offline: the last known state, from the sync files; nothing was asked of Stripe")
    for r in rows:
        reason = f" ({visible(r.reason)})" if r.reason else ""
        say(f"{r.name:<24}  {r.configuration or '-':<20}  {r.synced_at or '-':<20}  {r.state}{reason}")
    for r in rows:  # what was settled on the way (a push that had landed: recorded now), as status NAME says it
        for line in r.notes:
            note(f"portal-tui: {r.name}: {line}")
    counts = Counter(r.state for r in rows)
    note("portal-tui: " + ", ".join(f"{k} {counts[k]}" for k in DRIFT_ORDER if counts[k]))
    return exit_code(rows)
