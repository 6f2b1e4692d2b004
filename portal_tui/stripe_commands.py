"""The commands between profiles and Stripe: export the API request, import a configuration."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .commands import Context, Fail, _report, check_unlocked, note, say
from .model.catalog import effective
from .model.visible import visible
from .output import as_json


def export(ctx: Context, args: argparse.Namespace) -> int:
    from .stripe.export import as_curl, as_form, build

    if args.update and not re.fullmatch(r"bpc_[A-Za-z0-9]+", args.update):
        raise Fail(
            2, f'portal-tui: error: --update takes a configuration ID such as bpc_123, not "{visible(args.update)}"'
        )
    target, loaded = ctx.load(args.name)
    if loaded.newer:
        _report(target, loaded.problems())
    result = build(effective(loaded.data), loaded.problems(), args.update)
    if result.errors:
        for problem in result.errors:
            note(problem.line(visible(target.shown)))
        raise Fail(1, "portal-tui: not exported: the settings above are sent to Stripe and have errors")
    if args.format == "json":
        say(as_json(result.params, pretty=True))
    elif args.format == "form":
        sys.stdout.write(as_form(result))
    else:
        sys.stdout.write(as_curl(result))
    for line in result.notices:
        note(f"portal-tui: {visible(line)}")
    return 0


def import_(ctx: Context, args: argparse.Namespace) -> int:
    import json

    from .stripe.importer import NotAConfiguration, from_object

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        obj = json.loads(text)
        values, report = from_object(obj)
    except FileNotFoundError:
        raise Fail(2, f"portal-tui: error: no such file: {visible(args.file)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Fail(2, f"portal-tui: error: cannot read {visible(args.file)}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise Fail(
            2, f"portal-tui: error: {visible(args.file)}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}"
        ) from None
    except NotAConfiguration as exc:
        raise Fail(2, f"portal-tui: error: {visible(args.file)}: {exc}; nothing written") from None
    name = args.name or str(obj.get("id", "")).lower()
    target = ctx.target(name)
    if target.name is None:
        raise Fail(2, "portal-tui: error: --name takes a profile name, not a path")
    check_unlocked(ctx.layout, target.name, args.force)
    problems = ctx.store.write_whole(target, values, replace=args.force)  # exists and no --force: exit 2
    say(f"imported {visible(str(obj.get('id', '?')))} as {name}: {visible(str(target.path))}")
    for line in report:
        note(f"portal-tui: {visible(line)}")
    _report(target, problems, "error")
    return 0
