"""pull, plan, push, status: the command line over the sync workflows (they decide, these present and ask).

The ``stripe`` library is imported by these commands when they run, never at start-up.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from ..model.catalog import SETTINGS, effective
from ..model.display import as_json
from ..model.edits import same
from ..model.problems import errors_of
from ..model.visible import visible
from ..store.paths import StoreError
from ..store.read import Loaded, Missing, read
from .context import Context, Fail, name_only, note, say
from .editor import has_terminal

if TYPE_CHECKING:
    from ..store.links import SyncState
    from ..store.paths import Layout
    from ..stripe.client import Stripe


def _failed(exc: Exception) -> Fail:
    """A workflow's refusal or error as the command's exit: the message, its lines, its hint."""
    code = getattr(exc, "code", 2)
    head = f"portal-tui: {'error: ' if code == 2 else 'not done: ' if getattr(exc, 'lines', None) else ''}{exc}"
    lines = [f"  {line}" for line in getattr(exc, "lines", [])]
    hint = getattr(exc, "hint", "")
    return Fail(code, head, *lines, *([f"portal-tui: {hint}"] if hint else []))


@contextmanager
def _reported() -> Iterator[None]:
    """Sync errors (and store errors met on the way) as one line and an exit code."""
    from ..stripe.client import SyncError

    try:
        yield
    except SyncError as exc:
        raise _failed(exc) from None


def _connect(args: argparse.Namespace, mode: str, name: str, account: str | None) -> Stripe:
    from ..workflows.sync import connect

    with _reported():
        return connect(mode, name, key_file=args.api_key_file, api_base=args.api_base, account=account,
                       timeout=args.timeout)  # fmt: skip


def _link(ctx: Context, args: argparse.Namespace, name: str) -> tuple[SyncState | None, str | None]:
    """The profile's sync file, read once for the command, and the account it acts on."""
    from ..store.links import read_state
    from ..workflows.sync import account_of

    state = read_state(ctx.layout, name)
    return state, account_of(state, args.stripe_account)


def _load(ctx: Context, command: str, name: str) -> tuple[Loaded, str]:
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


def _notes(lines: list[str]) -> None:
    for line in lines:
        note(f"portal-tui: {line}")


# --- pull ---------------------------------------------------------------------------------


def pull(ctx: Context, args: argparse.Namespace) -> int:
    """Stripe's configuration into the profile: a new profile is made; an existing one gets its
    Stripe-held settings replaced in place, unless it holds changes not pushed yet."""
    from ..store.locks import check_unlocked
    from ..stripe.export import build
    from ..stripe.mapping import SENT_KEYS
    from ..stripe.plan import stripe_params, stripe_values
    from ..workflows.push import lines
    from ..workflows.sync import key_mode, reach, record, unpushed

    name = name_only("pull", args.name)
    target = ctx.target(name)
    try:
        loaded: Loaded | None = read(target.path)
    except Missing:
        loaded = None
    if loaded is not None and loaded.newer:
        raise Fail(2, f"portal-tui: error: {visible(name)} was written by a newer portal-tui; not pulling into it")
    link, account = _link(ctx, args, name)
    with _reported():
        mode = effective(loaded.data)["profile.mode"] if loaded else key_mode(args.api_key_file, None)
        stripe = _connect(args, mode if mode in ("test", "live") else "test", name, account)
        state, obj, settled = reach(stripe, ctx.layout, name, link, args.configuration, args.relink, writes=True)
    _notes(settled)
    where = _where(obj, stripe)
    values, report = stripe_values(obj)
    remote = stripe_params(obj)
    check_unlocked(ctx.layout, name, args.force)
    if loaded is None:
        problems = ctx.store.write_whole(target, {k: values[k] for k in [*SENT_KEYS, "profile.mode"]})
        say(f"pulled {where} into new profile {name}: {visible(str(target.path))}")
        for problem in errors_of(problems):
            note(f"portal-tui: to do: {visible(problem.key)}: {problem.message}")
    else:
        local = build(effective(loaded.data), [], update=str(obj["id"])).params
        mine = unpushed(state, local, remote)
        if mine and not args.force:
            since = "since the last sync" if state else "(it was never synced)"
            raise Fail(1, f"portal-tui: not pulled: {name} has changes not pushed to {where} {since}:",
                       *(f"  {line}" for line in lines(mine)),
                       "portal-tui: push them first, or pull --force to replace them with Stripe's")  # fmt: skip
        now = effective(loaded.data)
        changes = {k: values[k] for k in SENT_KEYS if not same(now[k], values[k])}
        saved = ctx.store.save(target, changes, never_worse=False) if changes else None
        if saved is None or not saved.wrote:
            say(f"{name} already holds what {where} has")
        else:
            before, after = effective(saved.old), effective(saved.new)
            for key in saved.changed:
                say(visible(f"{key} ({SETTINGS[key].label}): {_raw(before[key])} -> {_raw(after[key])}"))
    record(stripe, ctx.layout, name, obj, remote)
    _notes([visible(line) for line in report])
    return 0


def _where(obj: dict[str, Any], stripe: Stripe) -> str:
    from ..model.ids import where

    return where(str(obj["id"]), stripe.account, stripe.mode)


def _raw(value: Any) -> str:
    from ..model.display import shown

    return shown(value)


# --- plan ---------------------------------------------------------------------------------


def plan(ctx: Context, args: argparse.Namespace) -> int:
    """What a push would change, parameter by parameter; never sends anything."""
    from ..workflows.push import lines
    from ..workflows.sync import plan as make_plan

    loaded, mode = _load(ctx, "plan", args.name)
    link, account = _link(ctx, args, args.name)
    stripe = _connect(args, mode, args.name, account)
    with _reported():
        the_plan = make_plan(stripe, ctx.layout, args.name, loaded.data, loaded.problems(), link, args.configuration)
    _notes(the_plan.settled)
    changes = the_plan.changes
    if args.json:
        say(as_json({"configuration": the_plan.configuration, "account": the_plan.account, "mode": the_plan.mode,
                     "changes": [c.as_json() for c in changes],
                     "changed_in_stripe": [c.as_json() for c in the_plan.edited]}, pretty=True))  # fmt: skip
    elif changes:
        for line in lines(changes):
            say(line)
    else:
        say(f"nothing to change: {the_plan.where} holds what {args.name} says")
    if the_plan.edited:
        note(f"portal-tui: warning: {the_plan.where} changed in Stripe since the last sync (edited in the Dashboard?); "
             "a push would overwrite these (pull takes them; push --force overwrites):")  # fmt: skip
        _notes([f"  {line}" for line in lines(the_plan.edited)])
    for problem in the_plan.errors:
        note(f"portal-tui: {visible(problem.key)}: error: {problem.message} (push refuses it)")
    _notes([visible(line) for line in the_plan.notices if line.startswith("dashboard-only:")])
    return 1 if changes or the_plan.errors else 0


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

    loaded, mode = _load(ctx, "push", args.name)
    name = args.name
    problems = loaded.problems()
    link, account = _link(ctx, args, name)
    stripe = _connect(args, mode, name, account)
    with _reported(), _interruptible(ctx.layout, name):
        if args.create:
            return _create(ctx, args, stripe, effective(loaded.data), problems)
        the_plan = make_plan(stripe, ctx.layout, name, loaded.data, problems, link, args.configuration, args.relink,
                             writes=True)  # fmt: skip
        _notes(the_plan.settled)
        if not the_plan.changes and not the_plan.errors:
            say(f"in sync: {the_plan.where} already holds what {name} says; nothing sent")
            return 0
        refuse(stripe, the_plan, args.force)
        for line in lines(the_plan.changes):
            say(line)
        count = len(the_plan.changes)
        _confirm(args, name, mode, f"Push {count} change{'s' if count != 1 else ''} to {_shout(the_plan.where)}")
        lost = push_plan(stripe, ctx.layout, the_plan)
    if lost:
        raise Fail(1, f"portal-tui: pushed, but {the_plan.where} did not keep:", *(f"  {x}" for x in lines(lost)),
                   "portal-tui: Stripe holds the values on the left; portal-tui plan shows them")  # fmt: skip
    say(f"pushed {count} change{'s' if count != 1 else ''} to {the_plan.where}")
    return 0


def _shout(where: str) -> str:
    return where.replace("(live)", "(LIVE)")


def _create(ctx: Context, args: argparse.Namespace, stripe: Stripe, values: dict[str, Any], problems: list[Any]) -> int:
    from ..model.ids import where
    from ..workflows.push import create, lines

    _confirm(args, args.name, stripe.mode, f"Create a new portal configuration in "
             f"{_shout(where(None, stripe.account, stripe.mode)).removeprefix('a new configuration ')} from "
             f"{args.name}")  # fmt: skip
    obj, lost, again = create(stripe, ctx.layout, args.name, values, problems)
    made = _where(obj, stripe)
    if again:
        note(f"portal-tui: the earlier push --create had made {made}; Stripe replayed it, nothing new was made")
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


# --- status -------------------------------------------------------------------------------


def status(ctx: Context, args: argparse.Namespace) -> int:
    """Per profile: its configuration, mode, last sync and whether each side moved since; the
    exit code says whether all is in sync (0), something changed (1), or is unknown (2)."""
    from ..workflows.status import Row, exit_code, status_of

    rows: list[Row] = []
    missing = False
    names = args.names or _linked(ctx)
    for name in names:
        name_only("status", name)
        try:
            loaded = read(ctx.target(name).path)
        except Missing:
            note(f'portal-tui: error: no profile named "{visible(name)}"')
            missing = True
            continue
        except StoreError as exc:
            rows.append(Row(name, None, None, None, None, "unreachable", str(exc)))
            continue
        rows.append(status_of(ctx.layout, name, loaded.data, args.offline, partial(_status_connection, args, name)))
    code = 2 if missing else exit_code(rows)
    if args.json:
        say(as_json({"offline": args.offline, "profiles": [r.as_json() for r in rows]} if args.offline
                    else [r.as_json() for r in rows], pretty=True))  # fmt: skip
        return code
    if not rows:
        if not names:
            note("portal-tui: no profile is linked to Stripe yet: portal-tui pull NAME or push NAME links one")
        return code
    if args.offline:
        note("portal-tui: offline: the last known state, from the sync files; nothing was asked of Stripe")
    width = max(len(r.name) for r in rows)
    for r in rows:
        reason = f" ({visible(r.reason)})" if r.reason else ""
        link = r.configuration or "-"
        if r.account:
            link += f" on {r.account}"
        say(f"{r.name:<{width}}  {link:<20}  {r.mode or '-':<4}  {r.synced_at or '-':<20}  {r.state}{reason}")
        _notes([f"{r.name}: {line}" for line in r.notes])
    return code


def _status_connection(args: argparse.Namespace, name: str, state: SyncState) -> Stripe:
    """Status compares with where the profile is linked: its mode and account."""
    from ..stripe.client import SyncError
    from ..workflows.sync import connect

    if args.stripe_account is not None and args.stripe_account != state.account:
        raise SyncError(f"linked to {state.where}, not to {args.stripe_account}")
    return connect(state.mode, name, key_file=args.api_key_file, api_base=args.api_base, account=state.account,
                   timeout=args.timeout)  # fmt: skip


def _linked(ctx: Context) -> list[str]:
    try:
        return sorted(
            p.stem for p in ctx.layout.sync_root.glob("*.json") if (ctx.layout.profiles / f"{p.stem}.toml").exists()
        )
    except OSError:
        return []
