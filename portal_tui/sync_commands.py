"""pull, plan, push, status: a profile and the Stripe configuration it is linked to, kept in step.

The ``stripe`` library is imported by these commands when they run, never at start-up.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .commands import Context, Fail, name_only, note, say
from .edit_command import has_terminal
from .model.catalog import SETTINGS, effective
from .model.edits import same
from .model.problems import errors_of
from .model.visible import visible
from .output import as_json
from .store.paths import StoreError
from .store.read import Loaded, Missing, read
from .store.sync import log_push, read_state

if TYPE_CHECKING:
    from .stripe.plan import Change
    from .stripe.sync import Stripe


def _failed(exc: Exception) -> Fail:
    return Fail(getattr(exc, "code", 2), f"portal-tui: {'error: ' if getattr(exc, 'code', 2) == 2 else ''}{exc}")


def _stripe(args: argparse.Namespace, mode: str, name: str, account: str | None = None) -> Stripe:
    """The connection for a profile of ``mode``: refused before any request when the key is
    for the other mode."""
    from .stripe.sync import SyncError
    from .syncing import connect

    try:
        return connect(mode, name, key_file=args.api_key_file, api_base=args.api_base,
                       account=args.stripe_account or account, timeout=args.timeout)  # fmt: skip
    except SyncError as exc:
        raise _failed(exc) from None


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


def _lines(changes: list[Change]) -> list[str]:
    return [visible(c.line()) for c in changes]


# --- pull ---------------------------------------------------------------------------------


def pull(ctx: Context, args: argparse.Namespace) -> int:
    """Stripe's configuration into the profile: a new profile is made; an existing one gets its
    Stripe-held settings replaced in place, unless it holds changes not pushed yet."""
    from .stripe.mapping import SENT_KEYS
    from .stripe.plan import differences, stripe_params, stripe_values
    from .stripe.sync import SyncError
    from .syncing import record
    from .syncing import target as configuration_for

    name = name_only("pull", args.name)
    target = ctx.target(name)
    try:
        loaded: Loaded | None = read(target.path)
    except Missing:
        loaded = None
    if loaded is not None and loaded.newer:
        raise Fail(2, f"portal-tui: error: {visible(name)} was written by a newer portal-tui; not pulling into it")
    state = read_state(ctx.layout, name)
    try:
        mode = effective(loaded.data)["profile.mode"] if loaded else None
        stripe = _stripe(args, mode if mode in ("test", "live") else _key_mode(args), name,
                         state.account if state else None)  # fmt: skip
        obj = configuration_for(stripe, args.configuration, state)
    except SyncError as exc:
        raise _failed(exc) from None
    values, report = stripe_values(obj)
    remote = stripe_params(obj)
    from .store.locks import check_unlocked

    check_unlocked(ctx.layout, name, args.force)
    if loaded is None:
        problems = ctx.store.write_whole(target, {k: values[k] for k in [*SENT_KEYS, "profile.mode"]})
        say(f"pulled {visible(str(obj['id']))} into new profile {name}: {visible(str(target.path))}")
        for problem in errors_of(problems):
            note(f"portal-tui: to do: {visible(problem.key)}: {problem.message}")
    else:
        from .stripe.export import build

        local = build(effective(loaded.data), [], update=str(obj["id"])).params
        unpushed = differences(state.params if state else remote, local)
        if unpushed and differences(remote, local) and not args.force:
            since = "since the last sync" if state else "(it was never synced)"
            raise Fail(1, f"portal-tui: not pulled: {name} has changes not pushed to {obj['id']} {since}:",
                       *(f"  {line}" for line in _lines(differences(remote, local))),
                       "portal-tui: push them first, or pull --force to replace them with Stripe's")  # fmt: skip
        now = effective(loaded.data)
        changes = {k: values[k] for k in SENT_KEYS if not same(now[k], values[k])}
        saved = ctx.store.save(target, changes, never_worse=False) if changes else None
        if saved is None or not saved.wrote:
            say(f"{name} already holds what {visible(str(obj['id']))} has")
        else:
            before, after = effective(saved.old), effective(saved.new)
            for key in saved.changed:
                say(visible(f"{key} ({SETTINGS[key].label}): {_raw(before[key])} -> {_raw(after[key])}"))
    record(stripe, ctx.layout, name, obj, remote)
    for line in report:
        note(f"portal-tui: {visible(line)}")
    return 0


def _key_mode(args: argparse.Namespace) -> str:
    from .stripe.sync import read_key

    return read_key(args.api_key_file).mode


def _raw(value: Any) -> str:
    from .output import shown

    return shown(value)


# --- plan ---------------------------------------------------------------------------------


def plan(ctx: Context, args: argparse.Namespace) -> int:
    """What a push would change, parameter by parameter; never sends anything."""
    from .stripe.sync import SyncError
    from .syncing import plan as make_plan

    loaded, mode = _load(ctx, "plan", args.name)
    state = read_state(ctx.layout, args.name)
    stripe = _stripe(args, mode, args.name, state.account if state else None)
    try:
        the_plan = make_plan(stripe, ctx.layout, args.name, loaded.data, loaded.problems(), args.configuration)
    except SyncError as exc:
        raise _failed(exc) from None
    changes = the_plan.changes
    if args.json:
        say(as_json({"configuration": the_plan.configuration, "changes": [c.as_json() for c in changes]}, pretty=True))
    elif changes:
        for line in _lines(changes):
            say(line)
    else:
        say(f"nothing to change: {the_plan.configuration} ({mode}) holds what {args.name} says")
    for problem in the_plan.errors:
        note(f"portal-tui: {visible(problem.key)}: error: {problem.message} (push refuses it)")
    for line in the_plan.notices:
        if line.startswith("dashboard-only:"):
            note(f"portal-tui: {visible(line)}")
    return 1 if changes or the_plan.errors else 0


# --- push ---------------------------------------------------------------------------------


def push(ctx: Context, args: argparse.Namespace) -> int:
    """The plan, confirmed, as one update (or create), read back and compared."""
    from .stripe.export import build
    from .stripe.plan import payload
    from .stripe.sync import SyncError
    from .syncing import plan as make_plan
    from .syncing import product_problems, record
    from .syncing import push as push_plan

    loaded, mode = _load(ctx, "push", args.name)
    name = args.name
    problems = loaded.problems()
    values = effective(loaded.data)
    if errors := build(values, problems).errors:
        raise Fail(1, *(f"{visible(str(loaded.path))}: {visible(p.key)}: error: {p.message}" for p in errors),
                   "portal-tui: not pushed: the settings above are sent to Stripe and have errors")  # fmt: skip
    state = read_state(ctx.layout, name)
    stripe = _stripe(args, mode, name, state.account if state else None)
    try:
        if args.create:
            return _create(ctx, args, stripe, values, problems, mode)
        the_plan = make_plan(stripe, ctx.layout, name, loaded.data, problems, args.configuration)
        configuration = the_plan.configuration
        if the_plan.edited and not args.force:
            raise Fail(1, f"portal-tui: not pushed: {configuration} changed in Stripe since the last sync "
                       "(edited in the Dashboard?):", *(f"  {line}" for line in _lines(the_plan.edited)),
                       "portal-tui: pull to take those changes, or push --force to overwrite them")  # fmt: skip
        changes = the_plan.changes
        if not changes:
            record(stripe, ctx.layout, name, the_plan.obj, the_plan.remote)
            say(f"in sync: {configuration} ({mode}) already holds what {name} says; nothing sent")
            return 0
        refused = product_problems(stripe, payload(changes, the_plan.local))
        if refused:
            raise Fail(1, *(f"portal-tui: {visible(p)}" for p in refused),
                       "portal-tui: not pushed: Stripe would refuse these products")  # fmt: skip
        for line in _lines(changes):
            say(line)
        _confirm(args, name, mode, f"Push {len(changes)} change{'s' if len(changes) != 1 else ''} to "
                 f"{configuration} ({'LIVE' if mode == 'live' else mode})")  # fmt: skip
        lost = push_plan(stripe, ctx.layout, the_plan)
    except SyncError as exc:
        raise _failed(exc) from None
    if lost:
        raise Fail(1, f"portal-tui: pushed, but {configuration} did not keep:", *(f"  {line}" for line in _lines(lost)),
                   "portal-tui: Stripe holds the values on the left; portal-tui plan shows them")  # fmt: skip
    say(f"pushed {len(changes)} change{'s' if len(changes) != 1 else ''} to {configuration} ({mode})")
    return 0


def _create(
    ctx: Context, args: argparse.Namespace, stripe: Stripe, values: dict[str, Any], problems: list[Any], mode: str
) -> int:
    from .stripe.export import build
    from .stripe.plan import differences, stripe_params
    from .syncing import product_problems, record

    created = build(values, problems)
    refused = product_problems(stripe, created.params)
    if refused:
        raise Fail(1, *(f"portal-tui: {visible(p)}" for p in refused),
                   "portal-tui: not pushed: Stripe would refuse these products")  # fmt: skip
    _confirm(args, args.name, mode, f"Create a new portal configuration in {'LIVE' if mode == 'live' else mode} "
             f"mode from {args.name}")  # fmt: skip
    obj = stripe.create(created.params)
    configuration = str(obj["id"])
    note(f"portal-tui: created {configuration}; Stripe cannot delete configurations, so it stays in the account "
         "(push updates it from now on; profile.active = false deactivates it)")  # fmt: skip
    fresh = stripe.retrieve(configuration)
    kept = stripe_params(fresh)
    record(stripe, ctx.layout, args.name, fresh, kept)
    log_push(ctx.layout, args.name, configuration, mode, ["(created)"])
    lost = differences(kept, build(values, problems, update=configuration).params)
    lost = [c for c in lost if c.param != "active"]  # a new configuration is active whatever the profile says
    if lost:
        raise Fail(1, f"portal-tui: created {configuration}, but it did not keep:", *(f"  {x}" for x in _lines(lost)))
    say(f"created {configuration} ({mode}) from {args.name}, and linked {args.name} to it")
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
    """Per profile: its configuration, mode, last sync and whether each side moved since."""
    rows: list[dict[str, Any]] = []
    code = 0
    names = args.names or _linked(ctx)
    for name in names:
        name_only("status", name)
        try:
            loaded = read(ctx.target(name).path)
        except Missing:
            note(f'portal-tui: error: no profile named "{visible(name)}"')
            code = 2
            continue
        except StoreError as exc:
            rows.append({"name": name, "configuration": None, "mode": None, "synced_at": None,
                         "state": "unreachable", "reason": str(exc)})  # fmt: skip
            continue
        rows.append(_status_of(ctx, args, name, loaded))
    if args.json:
        say(as_json(rows, pretty=True))
        return code
    if not rows:
        if not names:
            note("portal-tui: no profile is linked to Stripe yet: portal-tui pull NAME or push NAME links one")
        return code
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        reason = f" ({visible(r['reason'])})" if r.get("reason") else ""
        say(f"{r['name']:<{width}}  {r['configuration'] or '-':<20}  {r['mode'] or '-':<4}  "
            f"{r['synced_at'] or '-':<20}  {r['state']}{reason}")  # fmt: skip
    return code


def _linked(ctx: Context) -> list[str]:
    try:
        return sorted(
            p.stem for p in ctx.layout.sync_root.glob("*.json") if (ctx.layout.profiles / f"{p.stem}.toml").exists()
        )
    except OSError:
        return []


def _status_of(ctx: Context, args: argparse.Namespace, name: str, loaded: Loaded) -> dict[str, Any]:
    from .stripe.export import build
    from .stripe.plan import differences, stripe_params

    state = read_state(ctx.layout, name)
    row: dict[str, Any] = {"name": name, "configuration": None, "mode": effective(loaded.data)["profile.mode"],
                           "synced_at": None, "state": "not-linked", "reason": None}  # fmt: skip
    if state is None:
        return row
    row.update(configuration=state.configuration, mode=state.mode, synced_at=state.synced_at)
    local = build(effective(loaded.data), [], update=state.configuration).params
    local_changed = bool(differences(state.params, local))
    if args.offline:
        row["state"] = "local-changes" if local_changed else "in-sync"
        return row
    from .stripe.sync import SyncError

    try:
        stripe = _stripe(args, state.mode, name, state.account)
        remote = stripe_params(stripe.retrieve(state.configuration))
    except (Fail, SyncError) as exc:
        reason = " ".join(exc.lines) if isinstance(exc, Fail) else str(exc)
        row.update(state="unreachable", reason=reason.removeprefix("portal-tui: ").removeprefix("error: "))
        return row
    remote_changed = bool(differences(state.params, remote))
    if not differences(remote, local):
        row["state"] = "in-sync"
    elif local_changed and remote_changed:
        row["state"] = "both-changed"
    else:
        row["state"] = "local-changes" if local_changed else "remote-changes"
    return row
