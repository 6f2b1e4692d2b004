"""The commands between profiles and Stripe: export the API request, import a configuration."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from ..model.catalog import effective
from ..model.display import as_json
from ..model.visible import visible
from .context import Context, Fail, check_unlocked, note, report, say


def export(ctx: Context, args: argparse.Namespace) -> int:
    from ..stripe.export import as_curl, as_form, build

    if args.update and not re.fullmatch(r"bpc_[A-Za-z0-9]+", args.update):
        raise Fail(
            2, f'portal-tui: error: --update takes a configuration ID such as bpc_123, not "{visible(args.update)}"'
        )
    target, loaded = ctx.load(args.name)
    if loaded.newer:
        report(target, loaded.problems())
    values = _resolved(ctx, args, target.name or target.shown, effective(loaded.data)) if args.resolve else \
        effective(loaded.data)  # fmt: skip
    result = build(values, loaded.problems(), args.update)
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


def _resolved(ctx: Context, args: argparse.Namespace, name: str, values: dict[str, Any]) -> dict[str, Any]:
    """export --resolve: lookup keys as price IDs in the profile's mode and account."""
    from ..store.links import read_state
    from ..workflows.resolve import resolve
    from .sync import connection, reported, run

    mode = values["profile.mode"] if values["profile.mode"] in ("test", "live") else "test"
    state = read_state(ctx.layout, name) if target_is_profile(ctx, name) else None
    stripe = connection(args, mode, name, args.stripe_account or (state.account if state else None))
    with reported():
        found = run(resolve(stripe, values))
    if found.problems:
        raise Fail(1, *(f"portal-tui: {visible(p)}" for p in found.problems), "portal-tui: not exported")
    for resolution in found.resolutions:
        note(f"portal-tui: {resolution.line()}")
    return found.values


def target_is_profile(ctx: Context, name: str) -> bool:
    return ctx.target(name).name is not None


def import_(ctx: Context, args: argparse.Namespace) -> int:
    """A configuration object as Stripe returns it, or export's own output (the create
    parameters), into a profile; checked as an answer from Stripe is, before anything is written."""
    import json

    from ..stripe.answers import CONFIGURATION, Malformed, configuration, settings
    from ..stripe.http import MAX_ANSWER
    from ..stripe.importer import NotAConfiguration, from_object

    shown = visible(args.file)
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read(MAX_ANSWER + 1)
        else:
            with open(args.file, "rb") as handle:
                data = handle.read(MAX_ANSWER + 1)
        if len(data) > MAX_ANSWER:
            raise Fail(
                2, f"portal-tui: error: {shown}: over {MAX_ANSWER:,} bytes: not a configuration; nothing written"
            )
        obj = json.loads(data.decode("utf-8"))
        is_params = isinstance(obj, dict) and "object" not in obj
        if is_params:
            obj = {"object": CONFIGURATION, **settings(obj, "export's parameters")}
        else:
            configuration(obj, where="the object")
        values, said = from_object(obj)
    except FileNotFoundError:
        raise Fail(2, f"portal-tui: error: no such file: {shown}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Fail(2, f"portal-tui: error: cannot read {shown}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise Fail(2, f"portal-tui: error: {shown}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise Fail(2, f"portal-tui: error: {shown}: nested too deep: not a configuration; nothing written") from None
    except (NotAConfiguration, Malformed) as exc:
        raise Fail(2, f"portal-tui: error: {shown}: {exc}; nothing written") from None
    if is_params and not args.name:
        raise Fail(2, f"portal-tui: error: {shown} holds parameters, not a configuration with an ID: give --name NAME")
    name = args.name or str(obj["id"]).lower()
    target = ctx.target(name)
    if target.name is None:
        raise Fail(2, "portal-tui: error: --name takes a profile name, not a path")
    check_unlocked(ctx.layout, target.name, args.force)
    problems = ctx.store.write_whole(target, values, replace=args.force)  # exists and no --force: exit 2
    what = "export's parameters" if is_params else str(obj["id"])
    say(f"imported {what} as {name}: {visible(str(target.path))}")
    for line in said:
        note(f"portal-tui: {visible(line)}")
    report(target, problems, "error")
    return 0
