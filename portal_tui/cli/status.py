"""status: where each linked profile stands with Stripe, with exit codes CI can gate on."""

from __future__ import annotations

import argparse
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from ..model.display import as_json
from ..model.ids import is_id
from ..model.visible import visible
from ..store.paths import StoreError, split_link
from ..store.read import Missing, read
from .context import Context, Fail, name_only, note, say
from .sync import notes, run

if TYPE_CHECKING:
    from ..store.links import SyncState
    from ..stripe.client import Stripe
    from ..workflows.status import Row


def status(ctx: Context, args: argparse.Namespace) -> int:
    """Per profile: its configuration, mode, last sync and whether each side moved since; the
    exit code says whether all is in sync (0), something changed (1), or is unknown (2)."""
    if args.accounts:
        from . import fleet

        if len(args.names) != 1:
            raise Fail(2, "portal-tui: error: status --accounts FILE takes one profile's name")
        args.name = args.names[0]
        return fleet.status(ctx, args)
    from ..workflows.status import Row, exit_code, status_of

    rows: list[Row] = []
    missing = False
    names = args.names or _linked(ctx)
    for name in names:  # NAME, or NAME@acct_...: its copy on one account of a run over many
        profile = split_link(name_only("status", name))[0] if "@" in name else name
        try:
            loaded = read(ctx.target(profile).path)
        except Missing:
            note(f'portal-tui: error: no profile named "{visible(profile)}"')
            missing = True
            continue
        except StoreError as exc:
            rows.append(Row(name, None, None, None, None, "unreachable", str(exc)))
            continue
        rows.append(
            run(status_of(ctx.layout, name, loaded.data, args.offline, partial(_status_connection, args, name)))
        )
    if not args.names:
        rows += [run(_accounts_of(ctx, name, links)) for name, links in _runs_linked(ctx).items()]
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
        notes([f"{r.name}: {line}" for line in r.notes])
    return code


def _status_connection(args: argparse.Namespace, name: str, state: SyncState) -> Stripe:
    """Status compares with where the profile is linked: its mode and account."""
    from ..stripe.client import SyncError
    from ..workflows.sync import connect

    if args.stripe_account is not None and args.stripe_account != state.account:
        raise SyncError(f"linked to {state.where}, not to {args.stripe_account}")
    return connect(state.mode, name, key_file=args.api_key_file, api_base=args.api_base, account=state.account,
                   timeout=args.timeout)  # fmt: skip


async def _accounts_of(ctx: Context, name: str, links: list[str]) -> Row:
    """One line for a profile's copies on connected accounts (runs over many make them): their
    last known states, summed up from the sync files. Nothing is asked of Stripe: a thousand
    accounts are asked at the run's pace by status NAME --accounts FILE, which the line names."""
    from ..workflows.fleet import DRIFT_ORDER
    from ..workflows.status import Row, status_of

    how = f"portal-tui status {name} --accounts FILE asks Stripe"
    try:
        data = read(ctx.target(name).path).data
    except StoreError as exc:
        return Row(f"{name}@*", f"{len(links)} accounts", None, None, None, "unreachable", f"{exc}; {how}")

    def offline(state: SyncState) -> Stripe:
        raise AssertionError("offline: nothing is asked of Stripe")

    rows = [await status_of(ctx.layout, link, data, True, offline) for link in links]
    counts = Counter(r.state for r in rows)
    modes = Counter(r.mode for r in rows if r.mode)
    worst = min(counts, key=lambda s: DRIFT_ORDER.index(s) if s in DRIFT_ORDER else 0)
    summed = ", ".join(f"{s} {counts[s]}" for s in DRIFT_ORDER if counts[s])
    return Row(f"{name}@*", f"{len(links)} account{'s' if len(links) != 1 else ''}", None,
               "/".join(sorted(modes)) or None, max((r.synced_at for r in rows if r.synced_at), default=None),
               worst, f"last known, from the sync files: {summed}; {how}")  # fmt: skip


def _runs_linked(ctx: Context) -> dict[str, list[str]]:
    """Each profile's ``NAME@acct_...`` links, from its runs over many accounts."""
    found: dict[str, list[str]] = {}
    try:
        for path in sorted(ctx.layout.sync_root.glob("*@*.json")):
            name, _, account = path.stem.partition("@")
            if is_id("acct", account) and (ctx.layout.profiles / f"{name}.toml").exists():
                found.setdefault(name, []).append(path.stem)
    except OSError:
        return {}
    return found


def _linked(ctx: Context) -> list[str]:
    try:
        return sorted(
            p.stem for p in ctx.layout.sync_root.glob("*.json") if (ctx.layout.profiles / f"{p.stem}.toml").exists()
        )
    except OSError:
        return []
