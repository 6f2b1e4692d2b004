"""promote, configurations, products, session: one profile's other targets (SPEC 9)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.catalog import effective
from ..model.display import as_json, columns, money
from ..model.visible import visible
from .context import Context, Fail, check_unlocked, name_only, note, say
from .editor import has_terminal
from .sync import connection, link_of, load_profile, notes, reported, run

if TYPE_CHECKING:
    from ..stripe.client import Stripe


def _account_connection(args: argparse.Namespace, what: str) -> Stripe:
    """For the account's lists: --mode (default test), --stripe-account."""
    return connection(args, args.mode or "test", what, args.stripe_account)


# --- promote ----------------------------------------------------------------------------------


def promote(ctx: Context, args: argparse.Namespace) -> int:
    """SRC, a test profile, becomes DST, a live one: every other setting, comment and unknown
    key as in SRC; prices mapped. Nothing is written unless every price maps; never POSTs."""
    from ..workflows.targets import promote as mapped

    source, loaded = ctx.load(args.source)
    destination = ctx.target(name_only("promote", args.destination))
    if _same_file(source.path, destination.path):
        raise Fail(2, f"portal-tui: error: promote makes another profile from {visible(source.name or source.shown)}, "
                   f"a live one beside it: give it a name other than {destination.name}")  # fmt: skip
    values = effective(loaded.data)
    if values["profile.mode"] != "test":
        raise Fail(2, f"portal-tui: error: {visible(source.shown)} is a {visible(str(values['profile.mode']))} "
                   "profile: promote takes a test profile to live mode")  # fmt: skip
    test = connection(args, "test", args.source, args.stripe_account)
    live = connection(args, "live", args.destination, args.stripe_account)
    with reported():
        found = run(mapped(test, live, values, args.lookup_keys))
    for line in found.lines:
        say(line)
    if found.problems:
        raise Fail(1, *(f"portal-tui: {visible(p)}" for p in found.problems),
                   f"portal-tui: not promoted: nothing written to {destination.name}")  # fmt: skip
    check_unlocked(ctx.layout, destination.name, args.force)
    changes = {"subscriptions.products": found.tables, "profile.mode": "live"}
    shown = visible(source.name or source.shown)
    problems = ctx.store.write_from(destination, loaded, changes, f"promoted from {shown}", replace=args.force)
    say(f"promoted {shown} to {destination.name} (live): {visible(str(destination.path))}")
    for problem in problems:
        if problem.severity == "error":
            note(f"portal-tui: to do: {visible(problem.key)}: {problem.message}")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths are one file (``promote shop shop`` would turn the test profile into
    the live one in place); a DST not made yet is not SRC."""
    try:
        return a.samefile(b)
    except OSError:
        return False


# --- the account's lists ---------------------------------------------------------------------


def configurations(ctx: Context, args: argparse.Namespace) -> int:
    """Every portal configuration of the account: id, name, default, active, updated, profile."""
    from ..workflows.targets import listed

    stripe = _account_connection(args, "the account")
    with reported():
        found = run(listed(stripe, _links(ctx)))
    if args.json:
        say(as_json([c.as_json() for c in found], pretty=True))
        return 0
    rows = [["ID", "NAME", "DEFAULT", "ACTIVE", "UPDATED", "PROFILE"]]
    for c in found:
        shown = c.as_json()
        rows.append([c.id, visible(c.name) or "-", "default" if c.is_default else "-",
                     "active" if c.active else "inactive", shown["updated"], c.profile or "-"])  # fmt: skip
    for line in columns(rows):
        say(line)
    inactive = sum(not c.active for c in found)
    note(f"portal-tui: {len(found)} configuration{'s' if len(found) != 1 else ''} in {stripe.where()}, {inactive} "
         "inactive (Stripe cannot delete configurations; they pile up)")  # fmt: skip
    return 0


def _links(ctx: Context) -> dict[tuple[str, str | None, str], str]:
    from ..store.links import linked_profiles

    return linked_profiles(ctx.layout)


def products(ctx: Context, args: argparse.Namespace) -> int:
    """The account's active products, each with its active recurring prices."""
    from ..stripe.catalog import products as listed

    stripe = _account_connection(args, "the account")
    with reported():
        found = run(listed(stripe))
    if args.json:
        say(as_json([{"id": p.id, "name": p.name, "prices": [
            {"id": x.id, "amount": x.amount, "currency": x.currency, "interval": x.interval,
             "lookup_key": x.lookup_key} for x in p.prices]} for p in found], pretty=True))  # fmt: skip
        return 0
    for product in found:
        say(f"{product.id}  {visible(product.name)}")
        rows = [[f"  {x.id}", money(x.amount, x.currency), f"/ {visible(x.interval or '-')}",
                 visible(x.lookup_key or "-")] for x in product.prices]  # fmt: skip
        for line in columns(rows) if rows else ["  (no active recurring price)"]:
            say(line)
    note(f"portal-tui: {len(found)} active product{'s' if len(found) != 1 else ''} in {stripe.where()}")
    return 0


# --- session ---------------------------------------------------------------------------------


def session(ctx: Context, args: argparse.Namespace) -> int:
    """A real portal session on the linked configuration, for a profile in sync with it."""
    from ..workflows.sync import plan as make_plan
    from ..workflows.targets import open_session

    name = name_only("session", args.name)
    loaded, mode = load_profile(ctx, "session", name)
    state, account = link_of(ctx, args, name)
    if state is None or state.configuration is None:
        raise Fail(2, f"portal-tui: error: {name} is not linked to a configuration: portal-tui push {name} links it")
    values = effective(loaded.data)
    return_url = args.return_url or values["business.default_redirect_url"]
    if not return_url:
        raise Fail(2, "portal-tui: error: a session needs a return URL: give --return-url URL, or set "
                   "business.default_redirect_url (Default redirect link)")  # fmt: skip
    stripe = connection(args, mode, name, account)
    with reported():
        the_plan = run(make_plan(stripe, ctx.layout, name, loaded.data, loaded.problems(), state))
        notes(the_plan.settled)
        if the_plan.changes or the_plan.unresolved or the_plan.errors:
            count = len(the_plan.changes)
            raise Fail(1, f"portal-tui: not opened: {name} is not in sync with {the_plan.where} ({count} change"
                       f"{'s' if count != 1 else ''}); the session would show Stripe's settings, not the "
                       f"profile's: portal-tui push {name} first")  # fmt: skip
        if mode == "live" and not args.yes:
            _confirm_live(name)
        url = run(open_session(stripe, state, args.customer, return_url))
    link = f"\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\" if sys.stdout.isatty() else url
    say(link)
    note(f"portal-tui: a session of {visible(args.customer)} on {the_plan.where}: it expires 5 minutes after "
         "it is made, if unused")  # fmt: skip
    return 0


def _confirm_live(name: str) -> None:
    if not has_terminal():
        raise Fail(2, "portal-tui: error: a live session asks first, and there is no terminal to ask on: "
                   "give --yes")  # fmt: skip
    sys.stderr.write(f"Open a LIVE portal session for a real customer? Type the profile's name ({name}): ")
    sys.stderr.flush()
    if sys.stdin.readline().strip() != name:
        raise Fail(1, "portal-tui: not opened: that is not the profile's name")
