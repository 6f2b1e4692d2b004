"""The reviewers' commands: diff two versions, and walk the differences read-only."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..model.display import as_json
from ..model.visible import visible
from ..store.paths import is_path
from .context import Context, Fail, say
from .editor import has_terminal


def version_of(ctx: Context, spec: str) -> tuple[str, dict[str, Any]]:
    """A profile name, a path, or NAME@ID (a kept history version): its label and data."""
    from ..store.history import History
    from ..store.read import parse

    name, at, ident = spec.rpartition("@") if "@" in spec and not is_path(spec) else (spec, "", "")
    if at:
        if not ident.isdigit():
            raise Fail(2, f'portal-tui: error: "{visible(spec)}": expected NAME@ID with a number, such as demo@3')
        target = ctx.target(name)
        raw_bytes = History(ctx.layout, target.name or name).content(int(ident))
        return spec, parse(raw_bytes, visible(spec))[0]
    _, loaded = ctx.load(spec)
    return spec, loaded.data


def diff(ctx: Context, args: argparse.Namespace) -> int:
    import os

    from ..workflows import diff as differ

    _, a = version_of(ctx, args.a)
    _, b = version_of(ctx, args.b)
    found = differ.stripe(a, b) if args.stripe else differ.known(a, b)
    extra = [] if args.stripe else differ.unknown(a, b)
    if args.json:
        say(as_json([d.as_json() for d in found], pretty=True))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        for d in found:
            say(differ.line(d, color))
        if extra:
            say("unknown keys (kept in the files, not compared):")
            for d in extra:
                say("  " + differ.line(d, color))
    return 1 if found else 0


def review(ctx: Context, args: argparse.Namespace) -> int:
    """The editor, read-only, on the differing rows; then the summary, and exit 1 if any."""
    from ..store.history import History
    from ..workflows import diff as differ
    from .loading import modules_loading

    target, loaded = ctx.load(args.name)
    if args.against:
        label, other = version_of(ctx, args.against)
    else:
        newest = History(ctx.layout, target.name).newest() if target.name else None
        if newest is None:
            raise Fail(
                2,
                f'portal-tui: error: "{visible(args.name)}" has no history to review against; '
                "give --against OTHER|PATH|NAME@ID",
            )
        label, other = version_of(ctx, f"{target.name}@{newest}")
    found = differ.known(other, loaded.data)
    if has_terminal():  # without one (a CI job), the summary alone, as diff prints it
        from ..tui.hangup import Ending

        ending = Ending()
        ending.install()
        with modules_loading():  # Textual, as for edit
            from ..tui.app import PortalApp
            from ..tui.screens.review import Review

        app = PortalApp(
            ctx.store,
            target,
            read_only=f"reviewing against {label}",
            review=Review(label, other, [d.key for d in found]),
            ending=ending,
            loaded=loaded,
        )
        app.run()
    say(f"{len(found)} difference{'s' if len(found) != 1 else ''} between {visible(label)} and {visible(args.name)}")
    for d in found:
        say(differ.line(d))
    return 1 if found else 0
