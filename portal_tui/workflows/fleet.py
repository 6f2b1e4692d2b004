"""One standard profile on many connected accounts: plan, push and status at Stripe's rate limit.

The limit is Stripe's (100 requests a second in live mode, 25 in test, per platform), not the
machine's: one process with a few concurrent requests reaches it. A fixed pool of ``jobs``
workers takes the accounts one at a time (memory does not grow with their number); every
request of every account waits its turn at one shared Pace, which a 429 slows down. Each
account is the single-account workflow of SPEC 7, its link kept in ``sync/NAME@ACCT.json``;
what stands in one account's way (refused, failed) never stops the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..model.meta import Raw
from ..model.problems import Problem
from ..store.fleet import Journal, JournalError
from ..store.links import Pending, SyncState, read_state
from ..store.paths import Layout, StoreError
from ..stripe.answers import clean
from ..stripe.client import Stripe, SyncError
from ..stripe.http import BoundedClient, Pace
from .push import push, refuse, replayable, resend
from .status import Row, status_of
from .sync import Refused, linked, plan, settle

R = TypeVar("R")
OUTCOMES = ("pushed", "in-sync", "changes", "not-kept", "refused", "failed")


@dataclass(frozen=True)
class Outcome:
    """One account's part in a run."""

    account: str
    outcome: str
    """pushed, in-sync, changes (plan), not-kept (pushed, Stripe did not keep all), refused, failed."""
    detail: str = ""
    changes: int = 0


@dataclass
class Fleet:
    """A profile and the accounts it goes to, sharing one rate and one connection pool."""

    name: str
    data: Raw
    problems: list[Problem]
    layout: Layout
    base: Stripe
    """The connection made for the profile's mode (its key, address, time-out), no account."""
    rate: float
    jobs: int = 8
    pace: Pace = field(init=False)
    http: BoundedClient = field(init=False)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.pace = Pace(self.rate)
        self.http = BoundedClient(self.base.connection.timeout, pace=self.pace)

    def stripe(self, account: str) -> Stripe:
        return Stripe(replace(self.base.connection, account=account, pace=self.pace, http=self.http))

    def link(self, account: str) -> str:
        """The account's sync file: ``NAME@acct_...``."""
        return f"{self.name}@{account}"

    @property
    def rate_now(self) -> float:
        """Requests a second so far, over the whole run."""
        return self.pace.sent / max(0.001, time.monotonic() - self.started)

    async def close(self) -> None:
        await self.http.close_async()


class _Broken:
    """A worker that met an exception its work let through: the run ends with it, not hangs."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


async def each(accounts: Iterable[str], work: Callable[[str], Awaitable[R]], jobs: int) -> AsyncIterator[R]:
    """Every account's outcome, as each ends, from ``jobs`` workers taking the accounts in turn.
    A worker always says it has ended, whatever ends it: the run never waits for one for ever."""
    queue = iter(accounts)
    done: asyncio.Queue[R | _Broken | None] = asyncio.Queue(maxsize=jobs)

    async def worker() -> None:
        try:
            for account in queue:  # the workers share one iterator: each account is taken once
                await done.put(await work(account))
        except Exception as exc:  # noqa: BLE001 - handed on: the run ends with it instead of hanging
            await done.put(_Broken(exc))
            return
        await done.put(None)

    workers = [asyncio.create_task(worker()) for _ in range(jobs)]
    try:
        running = len(workers)
        while running:
            found = await done.get()
            if found is None:
                running -= 1
            elif isinstance(found, _Broken):
                raise found.exc
            else:
                yield found
    finally:
        for task in workers:
            task.cancel()


def unexpected(exc: BaseException) -> str:
    """An exception nobody foresaw, as one line a person can pass on: its kind and its text,
    keys masked, white space and hidden characters made safe."""
    return f"unexpected error ({type(exc).__name__}): {clean(exc)}"


def _failed(account: str, exc: Exception) -> Outcome:
    if isinstance(exc, Refused):
        return Outcome(account, "refused", "; ".join([str(exc), *exc.lines]))
    if isinstance(exc, SyncError | StoreError):
        return Outcome(account, "failed", str(exc))
    return Outcome(account, "failed", unexpected(exc))


def _replayable(pending: Pending | None, keys: frozenset[str]) -> bool:
    """Whether a push left pending is sent again with its key: only when this run (resumed, its
    profile the one it began with) sent it, and Stripe still replays the key (24 hours). Any
    other is another run's, of what the profile may no longer say: settled by reading."""
    if pending is None or pending.kind != "update" or not pending.body or pending.idempotency_key not in keys:
        return False
    return replayable(pending)


async def _settled(fleet: Fleet, account: str, state: SyncState) -> tuple[SyncState | None, bool]:
    """A push left pending, settled by reading (recorded if it landed, put aside if not), and
    whether it had landed; a read that fails names the command that settles it later."""
    link, stripe = fleet.link(account), fleet.stripe(account)
    own = linked(state, link, stripe.mode, stripe.account)
    try:
        settled, _ = await settle(stripe, fleet.layout, link, own)
    except SyncError as exc:
        if state.pending is None or state.pending.kind != "update":
            raise
        raise SyncError(f"{exc}; the earlier push to {state.where} (at {state.pending.started}) may have landed: "
                        f"portal-tui status {link} settles it by reading", exc.code, exc.status) from None  # fmt: skip
    return settled, settled is not None and settled.unlanded is None


async def push_account(
    fleet: Fleet, account: str, journal: Journal, force: bool = False,
    sent_before: Mapping[str, frozenset[str]] | None = None,
) -> Outcome:  # fmt: skip
    """The single-account push on one account: a push this run sent before it was resumed is
    sent again with its key first (exactly once); any other push left pending is settled by
    reading; then the plan, its refusals, the push. ``sent_before``: the accounts this run
    sent pushes to before it was resumed, with their idempotency keys."""
    link, stripe = fleet.link(account), fleet.stripe(account)
    sent_before = sent_before or {}
    try:
        state = read_state(fleet.layout, link)
        resent = state is not None and _replayable(state.pending, sent_before.get(account, frozenset()))
        landed = False  # an earlier push, found landed by reading: this run is the first to count it
        if resent:
            assert state is not None and state.pending is not None
            journal.write({"event": "resending", "account": account, "key": state.pending.idempotency_key})
            await resend(stripe, fleet.layout, link, state)
            state = read_state(fleet.layout, link)
        elif state is not None and state.pending is not None:
            state, landed = await _settled(fleet, account, state)
        the_plan = await plan(stripe, fleet.layout, link, fleet.data, fleet.problems, state)
        if not (the_plan.changes or the_plan.errors or the_plan.unresolved):
            return Outcome(account, "pushed" if resent or landed or account in sent_before else "in-sync")
        await refuse(stripe, the_plan, force)

        def sending(key: str) -> None:
            journal.write({"event": "sending", "account": account, "key": key,
                           "configuration": the_plan.configuration}, durable=True)  # fmt: skip

        lost = await push(stripe, fleet.layout, the_plan, before_post=sending)
    except JournalError:
        raise  # the run stops: without its journal, a resume could not know what it sent
    except Exception as exc:  # noqa: BLE001 - that account failed, named; the others go on
        return _failed(account, exc)
    if lost:
        return Outcome(account, "not-kept", "; ".join(c.line() for c in lost), len(the_plan.changes))
    return Outcome(account, "pushed", the_plan.where, len(the_plan.changes))


async def plan_account(fleet: Fleet, account: str) -> Outcome:
    link, stripe = fleet.link(account), fleet.stripe(account)
    try:
        the_plan = await plan(stripe, fleet.layout, link, fleet.data, fleet.problems, read_state(fleet.layout, link))
    except Exception as exc:  # noqa: BLE001 - that account failed, named; the others go on
        return _failed(account, exc)
    if the_plan.errors or the_plan.unresolved:
        why = [p.message for p in the_plan.errors] + the_plan.unresolved
        return Outcome(account, "refused", "; ".join(why))
    if the_plan.conflicts:
        return Outcome(account, "refused", f"{the_plan.where} changed in Stripe since the last sync",
                       len(the_plan.changes))  # fmt: skip
    if the_plan.changes:
        return Outcome(account, "changes", the_plan.where, len(the_plan.changes))
    return Outcome(account, "in-sync", the_plan.where)


async def status_account(fleet: Fleet, account: str, offline: bool) -> Row:
    def connection(state: Any) -> Stripe:
        return fleet.stripe(account)

    try:
        row = await status_of(fleet.layout, fleet.link(account), fleet.data, offline, connection)
    except Exception as exc:  # noqa: BLE001 - that account's row says it; the view goes on
        return Row(account, None, account, None, None, "unreachable", unexpected(exc))
    return replace(row, name=account)


DRIFT_ORDER = ("unreachable", "pending", "both-changed", "remote-changes", "local-changes", "not-linked", "in-sync")
"""The fleet view lists drifted accounts first."""


def exit_code(counts: dict[str, int]) -> int:
    """0 all pushed or in sync; 1 some refused, with changes, or not kept; 2 some failed."""
    if counts.get("failed"):
        return 2
    return 1 if counts.get("refused") or counts.get("not-kept") or counts.get("changes") else 0
