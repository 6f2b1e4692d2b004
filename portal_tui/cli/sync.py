"""pull, plan, push, status: the command line over the sync workflows (they decide, these present and ask).

The ``stripe`` library is imported by these commands when they run, never at start-up.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..model.catalog import effective
from ..model.display import as_json
from ..model.visible import visible
from ..store.read import Loaded, Missing, read
from .context import Context, Fail, name_only, note, say
from .editor import has_terminal

T = TypeVar("T")

if TYPE_CHECKING:
    from ..store.links import SyncState
    from ..store.paths import Layout
    from ..stripe.client import Stripe
    from ..workflows.sync import Plan


def _failed(exc: Exception) -> Fail:
    """A workflow's refusal or error as the command's exit: the message, its lines, its hint."""
    code = getattr(exc, "code", 2)
    head = f"portal-tui: {'error: ' if code == 2 else 'not done: ' if getattr(exc, 'lines', None) else ''}{exc}"
    lines = [f"  {line}" for line in getattr(exc, "lines", [])]
    hint = getattr(exc, "hint", "")
    return Fail(code, head, *lines, *([f"portal-tui: {hint}"] if hint else []))


@contextmanager
def reported() -> Iterator[None]:
    """Sync errors (and store errors met on the way) as one line and an exit code."""
    from ..stripe.client import SyncError

    try:
        yield
    except SyncError as exc:
        raise _failed(exc) from None


def connection(args: argparse.Namespace, mode: str, name: str, account: str | None) -> Stripe:
    from ..workflows.sync import connect

    with reported():
        return connect(mode, name, key_file=args.api_key_file, api_base=args.api_base, account=account,
                       timeout=args.timeout)  # fmt: skip


def link_of(ctx: Context, args: argparse.Namespace, name: str) -> tuple[SyncState | None, str | None]:
    """The profile's sync file, read once for the command, and the account it acts on."""
    from ..store.links import read_state
    from ..workflows.sync import account_of

    state = read_state(ctx.layout, name)
    return state, account_of(state, args.stripe_account)


def load_profile(ctx: Context, command: str, name: str) -> tuple[Loaded, str]:
    name_only(command, name)
    target = ctx.target(name)
    try:
        loaded = read(target.path)
    except Missing:
        raise ctx.missing(target) from None
    if loaded.newer:
        raise Fail(2, f"portal-tui: error: {visible(name)} was written by a newer portal-tui; not syncing it")
    mode = effective(loaded.data)["profile.mode"]
    return loaded, mode if mode in ("test", "live") else "test"


def run(work: Coroutine[Any, Any, T]) -> T:
    """A workflow's requests, run to their end on the request loop (imported when it runs)."""
    from ..stripe.http import run as on_loop

    return on_loop(work)


def where_of(obj: dict[str, Any], stripe: Stripe) -> str:
    """A configuration Stripe answered with, as messages name it: ``bpc_1 on acct_2 (test)``."""
    from ..model.ids import where

    return where(str(obj["id"]), stripe.account, stripe.mode)


def notes(lines: list[str]) -> None:
    for line in lines:
        note(f"portal-tui: {line}")


# --- plan ---------------------------------------------------------------------------------


def plan(ctx: Context, args: argparse.Namespace) -> int:
    """What a push would change, parameter by parameter; never sends anything."""
    from ..workflows.push import lines
    from ..workflows.sync import plan as make_plan

    if args.accounts:
        from . import fleet

        return fleet.plan(ctx, args)
    loaded, mode = load_profile(ctx, "plan", args.name)
    if args.out:  # before anything is asked of Stripe
        from ..store.inputs import output_file

        target = output_file(args.out, ctx.layout.root, "plan file")
    link, account = link_of(ctx, args, args.name)
    stripe = connection(args, mode, args.name, account)
    with reported():
        the_plan = run(
            make_plan(stripe, ctx.layout, args.name, loaded.data, loaded.problems(), link, args.configuration)
        )
    notes(the_plan.settled)
    changes = the_plan.changes
    if args.json:
        say(as_json({"configuration": the_plan.configuration, "account": the_plan.account, "mode": the_plan.mode,
                     "changes": [c.as_json() for c in changes],
                     "changed_in_stripe": [c.as_json() for c in the_plan.edited],
                     "resolved": {r.key: r.price for r in the_plan.resolutions}}, pretty=True))  # fmt: skip
    else:
        for resolution in the_plan.resolutions:
            say(resolution.line())
        for line in lines(changes):
            say(line)
        if not changes:
            say(f"nothing to change: {the_plan.where} holds what {args.name} says")
    for unresolved in the_plan.unresolved:
        note(f"portal-tui: {visible(unresolved)} (push refuses it)")
    if args.out:
        _save_plan(args.out, target, the_plan, loaded.raw)
    if the_plan.edited:
        note(f"portal-tui: warning: {the_plan.where} changed in Stripe since the last sync (edited in the Dashboard?); "
             "a push would overwrite these (pull takes them; push --force overwrites):")  # fmt: skip
        notes([f"  {line}" for line in lines(the_plan.edited)])
    for problem in the_plan.errors:
        note(f"portal-tui: {visible(problem.key)}: error: {problem.message} (push refuses it)")
    notes([visible(line) for line in the_plan.notices if line.startswith("dashboard-only:")])
    return 1 if changes or the_plan.errors or the_plan.unresolved else 0


def _save_plan(path: str, target: Path, the_plan: Plan, raw: bytes) -> None:
    """plan --out: the exact request a push would send, for push --plan (none when refused)."""
    from ..workflows.plans import SavedPlan

    if the_plan.errors or the_plan.unresolved:
        note(f"portal-tui: no plan file written: a push of {the_plan.name} would be refused (above)")
        return
    SavedPlan.of(the_plan, raw).write(target)
    note(f"portal-tui: plan written to {visible(path)}: portal-tui push {the_plan.name} --plan {visible(path)} "
         "sends exactly it, within 24 hours, while it still holds")  # fmt: skip


# --- push ---------------------------------------------------------------------------------


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled as ctrl+c is (both end a push the same way)."""


@contextmanager
def _interruptible(layout: Layout, name: str) -> Iterator[None]:
    """Ctrl+C or SIGTERM while a push is under way: say where it stands (the record written
    before the POST says whether one was sent), exit 130 or 143."""
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt as exc:
        from ..store.links import read_state

        code = 143 if isinstance(exc, _Terminated) else 130
        state = read_state(layout, name)
        if state is not None and state.pending is not None:
            raise Fail(code, f"portal-tui: interrupted: the push to {state.where} may have landed: "
                       f"portal-tui status {name} says") from None  # fmt: skip
        raise Fail(code, "portal-tui: interrupted: nothing was sent") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def push(ctx: Context, args: argparse.Namespace) -> int:
    """The plan, checked and confirmed, as one update (or create), read back and compared."""
    from ..workflows.push import lines, refuse
    from ..workflows.push import push as push_plan
    from ..workflows.sync import plan as make_plan

    if args.accounts or args.resume:
        from . import fleet

        return fleet.push(ctx, args)
    loaded, mode = load_profile(ctx, "push", args.name)
    name = args.name
    problems = loaded.problems()
    link, account = link_of(ctx, args, name)
    stripe = connection(args, mode, name, account)
    with reported(), _interruptible(ctx.layout, name):
        if args.create:
            return _create(ctx, args, stripe, effective(loaded.data), problems, link)
        if args.plan:
            return _push_saved(ctx, args, stripe, loaded, link)
        the_plan = run(make_plan(stripe, ctx.layout, name, loaded.data, problems, link, args.configuration, args.relink,
                             writes=True))  # fmt: skip
        notes(the_plan.settled)
        if not (the_plan.changes or the_plan.errors or the_plan.unresolved):
            say(f"in sync: {the_plan.where} already holds what {name} says; nothing sent")
            return 0
        run(refuse(stripe, the_plan, args.force))
        for line in lines(the_plan.changes):
            say(line)
        count = len(the_plan.changes)
        _confirm(args, name, mode, f"Push {count} change{'s' if count != 1 else ''} to {_shout(the_plan.where)}")
        lost = run(push_plan(stripe, ctx.layout, the_plan))
    if lost:
        raise Fail(1, f"portal-tui: pushed, but {the_plan.where} did not keep:", *(f"  {x}" for x in lines(lost)),
                   "portal-tui: Stripe holds the values on the left; portal-tui plan shows them")  # fmt: skip
    say(f"pushed {count} change{'s' if count != 1 else ''} to {the_plan.where}")
    return 0


def _push_saved(ctx: Context, args: argparse.Namespace, stripe: Stripe, loaded: Loaded, link: Any) -> int:
    """push --plan FILE: the saved request, once the profile, planned again, gives exactly it and
    every check of a push holds; what is shown for confirmation is what is sent."""
    from ..workflows.plans import approve, read_plan
    from ..workflows.push import lines
    from ..workflows.push import push as push_plan

    saved = read_plan(args.plan)
    the_plan = run(approve(stripe, ctx.layout, saved, args.name, loaded.raw, loaded.data, loaded.problems(), link,
                           args.force))  # fmt: skip
    notes(the_plan.settled)
    if not the_plan.changes:
        say(f"in sync: the saved plan holds no changes and {the_plan.where} still holds what {args.name} says; "
            "nothing sent")  # fmt: skip
        return 0
    for line in lines(the_plan.changes):
        say(line)
    count = len(the_plan.changes)
    _confirm(args, args.name, stripe.mode, f"Push the saved plan ({count} change{'s' if count != 1 else ''}) to "
             f"{_shout(the_plan.where)}")  # fmt: skip
    lost = run(push_plan(stripe, ctx.layout, the_plan))
    if lost:
        raise Fail(1, f"portal-tui: pushed, but {the_plan.where} did not keep:", *(f"  {x}" for x in lines(lost)))
    say(f"pushed the saved plan ({count} change{'s' if count != 1 else ''}) to {the_plan.where}")
    return 0


def _shout(where: str) -> str:
    return where.replace("(live)", "(LIVE)")


def _create(
    ctx: Context, args: argparse.Namespace, stripe: Stripe, values: dict[str, Any], problems: list[Any], link: Any
) -> int:
    from ..model.ids import where
    from ..workflows.push import create, lines, may_create

    may_create(link, args.name, args.relink)  # before the question: a linked profile needs --relink
    _confirm(args, args.name, stripe.mode, f"Create a new portal configuration in "
             f"{_shout(where(None, stripe.account, stripe.mode)).removeprefix('a new configuration ')} from "
             f"{args.name}")  # fmt: skip
    obj, lost, again = run(create(stripe, ctx.layout, args.name, values, problems, args.relink))
    made = where_of(obj, stripe)
    if again:
        note(f"portal-tui: the earlier push --create was sent again with its idempotency key, so {made} is the one "
             "configuration it makes (Stripe replays a create that had landed)")  # fmt: skip
    note(f"portal-tui: created {made}; Stripe cannot delete configurations, so it stays in the account "
         "(push updates it from now on; profile.active = false deactivates it)")  # fmt: skip
    if lost:
        raise Fail(1, f"portal-tui: created {made}, but it did not keep:", *(f"  {x}" for x in lines(lost)))
    say(f"created {made} from {args.name}, and linked {args.name} to it")
    return 0


def _confirm(args: argparse.Namespace, name: str, mode: str, question: str) -> None:
    """Ask once: y for test mode; live mode wants the profile's name typed. --yes skips it;
    without a terminal and without --yes nothing is sent."""
    if args.yes:
        return
    if not has_terminal():
        raise Fail(2, "portal-tui: error: push asks before it sends, and there is no terminal to ask on: "
                   "give --yes to push without asking")  # fmt: skip
    if mode == "live":
        sys.stderr.write(f"{question}. Type the profile's name ({name}) to push: ")
        sys.stderr.flush()
        if sys.stdin.readline().strip() != name:
            raise Fail(1, "portal-tui: not pushed: that is not the profile's name")
        return
    sys.stderr.write(f"{question}? [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        raise Fail(1, "portal-tui: not pushed")
