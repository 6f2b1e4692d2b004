"""pull: a Stripe configuration into a profile (a new one, or its Stripe-held settings in place)."""

from __future__ import annotations

import argparse
from typing import Any

from ..model.catalog import SETTINGS, effective
from ..model.display import shown
from ..model.edits import same
from ..model.problems import errors_of
from ..model.visible import visible
from ..store.read import Loaded, Missing, read
from .context import Context, Fail, name_only, note, say
from .sync import connection, link_of, notes, reported, run, where_of


def pull(ctx: Context, args: argparse.Namespace) -> int:
    """Stripe's configuration into the profile: a new profile is made; an existing one gets its
    Stripe-held settings replaced in place, unless it holds changes not pushed yet. Products the
    profile names by lookup key stay so while those keys still name Stripe's prices."""
    from ..store.locks import check_unlocked
    from ..stripe.export import build
    from ..stripe.mapping import SENT_KEYS
    from ..stripe.plan import stripe_params, stripe_values
    from ..workflows.push import lines
    from ..workflows.resolve import resolve
    from ..workflows.sync import kept, key_mode, reach, record, unpushed
    from ..workflows.targets import with_lookup_keys

    name = name_only("pull", args.name)
    target = ctx.target(name)
    try:
        loaded: Loaded | None = read(target.path)
    except Missing:
        loaded = None
    if loaded is not None and loaded.newer:
        raise Fail(2, f"portal-tui: error: {visible(name)} was written by a newer portal-tui; not pulling into it")
    link, account = link_of(ctx, args, name)
    with reported():
        mode = effective(loaded.data)["profile.mode"] if loaded else args.mode or _key_mode(key_mode, args)
        stripe = connection(args, mode if mode in ("test", "live") else "test", name, account)
        state, obj, settled = run(reach(stripe, ctx.layout, name, link, args.configuration, args.relink, writes=True))
        values, report = stripe_values(obj)
        if args.lookup_keys:
            values, keyed = run(with_lookup_keys(stripe, values))
            notes(keyed)
        mine = run(resolve(stripe, effective(loaded.data))) if loaded is not None else None
    notes(settled)
    where = where_of(obj, stripe)
    remote = stripe_params(obj)
    check_unlocked(ctx.layout, name, args.force)
    if loaded is None or mine is None:
        problems = ctx.store.write_whole(target, {k: values[k] for k in [*SENT_KEYS, "profile.mode"]})
        say(f"pulled {where} into new profile {name}: {visible(str(target.path))}")
        for problem in errors_of(problems):
            note(f"portal-tui: to do: {visible(problem.key)}: {problem.message}")
    else:
        local = build(mine.values, [], update=str(obj["id"])).params
        ours = unpushed(state, local, remote)
        if ours and not args.force:
            since = "since the last sync" if state else "(it was never synced)"
            raise Fail(1, f"portal-tui: not pulled: {name} has changes not pushed to {where} {since}:",
                       *(f"  {line}" for line in lines(ours)),
                       "portal-tui: push them first, or pull --force to replace them with Stripe's")  # fmt: skip
        now, resolved_now = effective(loaded.data), mine.values
        changes = {k: values[k] for k in SENT_KEYS if not same(now[k], values[k])
                   and not (k == "subscriptions.products" and not args.lookup_keys and not mine.problems
                            and same(resolved_now[k], values[k]))}  # fmt: skip
        saved = ctx.store.save(target, changes, never_worse=False) if changes else None
        if saved is None or not saved.wrote:
            say(f"{name} already holds what {where} has")
        else:
            before, after = effective(saved.old), effective(saved.new)
            for key in saved.changed:
                say(visible(f"{key} ({SETTINGS[key].label}): {shown(before[key])} -> {shown(after[key])}"))
    record(stripe, ctx.layout, name, obj, remote, kept(mine) if mine is not None else None)
    notes([visible(line) for line in report])
    return 0


def _key_mode(key_mode: Any, args: argparse.Namespace) -> str:
    """A new profile's mode, when --mode does not say: the key's (STRIPE_API_KEY), else test."""
    from ..stripe.client import SyncError

    try:
        return str(key_mode(args.api_key_file, None))
    except SyncError:
        return "test"
