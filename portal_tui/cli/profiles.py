"""The commands over profiles: list, new, copy, rename, delete, show, get, set, reset, validate, history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..model.assign import ValueRefused, default_change, parse_assignment, parse_key
from ..model.catalog import SETTINGS, effective, nest
from ..model.display import as_json, as_toml, columns, raw
from ..model.problems import check, errors_of
from ..model.visible import visible
from ..store.paths import StoreError, Target, is_path
from ..store.read import Malformed, Missing, read
from .context import Context, Fail, check_unlocked, name_only, note, report, say, warn_if_invalid

# --- managing profiles ------------------------------------------------------------------


def list_(ctx: Context, args: argparse.Namespace) -> int:
    from ..store.profiles import Store

    entries = Store(ctx.layout).entries()
    if args.json:
        say(
            as_json(
                [{"name": e.name, "mode": e.mode, "valid": e.valid, "modified": e.modified} for e in entries],
                pretty=True,
            )
        )
        return 0
    if not entries:
        note(f"no profiles yet in {visible(str(ctx.layout.profiles))}; create one with: portal-tui new NAME")
        return 0
    rows = [["NAME", "MODE", "VALID", "MODIFIED"]]
    rows += [[e.name, visible(e.mode or "-"), "valid" if e.valid else "invalid", e.modified] for e in entries]
    for line in columns(rows):
        say(line)
    return 0


def _created(ctx: Context, target: Target) -> int:
    loaded = read(target.path)
    say(f"created {target.name}: {visible(str(target.path))}")
    for problem in errors_of(loaded.problems()):
        note(f"portal-tui: to do: {visible(problem.key)}: {problem.message}")
    return 0


def new(ctx: Context, args: argparse.Namespace) -> int:
    """A new profile from the defaults, or from another profile or any profile file."""
    source = ctx.load(args.source)[0] if args.source else None  # a clear error for a missing or malformed source
    return _created(ctx, ctx.store.create(_new_name(args.name), source))


def copy(ctx: Context, args: argparse.Namespace) -> int:
    """SRC may be a path: that is how a hand-written file comes into the profiles folder."""
    source, _ = ctx.load(args.source)
    return _created(ctx, ctx.store.create(_new_name(args.name), source))


def _new_name(name: str) -> str:
    """The name a new profile gets; a path is refused, since profiles live in one folder."""
    if is_path(name):
        raise Fail(
            2,
            f'portal-tui: error: "{visible(name)}" is a path, not a profile name: a new profile '
            "is made in the profiles folder (portal-tui locate shows where)",
        )
    return name


def rename(ctx: Context, args: argparse.Namespace) -> int:
    name_only("rename", args.old)
    name_only("rename", args.new)
    check_unlocked(ctx.layout, args.old, args.force)
    check_unlocked(ctx.layout, args.new, args.force)
    ctx.store.rename(args.old, args.new)
    say(f"renamed {args.old} to {args.new} (its history and Stripe links moved with it)")
    return 0


def delete(ctx: Context, args: argparse.Namespace) -> int:
    name_only("delete", args.name)
    check_unlocked(ctx.layout, args.name, args.force)
    version = ctx.store.delete(args.name)
    say(f"deleted {args.name}; kept as version {version}: portal-tui restore {args.name} brings it back")
    return 0


# --- reading ----------------------------------------------------------------------------


def show(ctx: Context, args: argparse.Namespace) -> int:
    if args.textconv:
        return _textconv(ctx, args.name)
    target, loaded = ctx.load(args.name)
    document = {"schema_version": loaded.schema_version, **nest(effective(loaded.data))}
    if not document["advanced"]["metadata"]:
        del document["advanced"]["metadata"]
    sys.stdout.write(as_json(document, pretty=True) + "\n" if args.json else as_toml(document))
    warn_if_invalid(target, loaded)
    return 0


def _textconv(ctx: Context, name: str) -> int:
    """``show --textconv``: one setting a line, then one line per problem. Exit 0 whenever the
    file can be read at all (git gives up on the whole diff otherwise): a malformed file shows
    its error, then its text as it is."""
    from ..workflows.diff import settings_lines

    target = ctx.target(name)
    try:
        loaded = read(target.path)
    except Missing:
        raise ctx.missing(target) from None
    except Malformed as exc:
        say(f"malformed TOML: {visible(str(exc))}")
        try:
            sys.stdout.write(target.path.read_text(encoding="utf-8", errors="replace"))
        except OSError as err:
            raise Fail(2, f"portal-tui: error: {visible(str(err))}") from None
        return 0
    for line in settings_lines(loaded.data):
        say(line)
    # Image files are not looked at: git hands over old versions as temp files elsewhere, where
    # a logo path relative to the profile would be "missing" on one side of every diff.
    for problem in loaded.notes + check(loaded.data):
        say(f"! {problem.line('').removeprefix(': ')}")
    return 0


def get(ctx: Context, args: argparse.Namespace) -> int:
    target, loaded = ctx.load(args.name)
    values = effective(loaded.data)
    key = parse_key(args.key, tables=True, version=True)
    if key == "schema_version":
        value: Any = loaded.schema_version
    elif key in SETTINGS:
        value = values[key]
    elif key.startswith("advanced.metadata."):
        entry = key[len("advanced.metadata.") :]
        metadata = values["advanced.metadata"]
        if not isinstance(metadata, dict) or entry not in metadata:
            raise Fail(2, f'portal-tui: error: advanced.metadata has no entry "{visible(entry)}"')
        value = metadata[entry]
    else:  # a whole table (a group of settings is a table within its section's)
        value = nest(values)
        for part in key.split("."):
            value = value[part]
    say(as_json(value) if args.json else raw(value))
    warn_if_invalid(target, loaded)
    return 0


def validate(ctx: Context, args: argparse.Namespace) -> int:
    """Every problem, one line each; exit the worst (0 ok, 1 errors, 2 unreadable). With no
    target, every profile (and a summary on stderr); ``--quiet`` leaves out warnings, so
    nothing is printed unless something is wrong."""
    targets = args.targets or ctx.layout.names()
    if not args.targets and not targets:
        if not args.quiet:
            note(f"no profiles yet in {visible(str(ctx.layout.profiles))}")
        return 0
    worst, errors, warnings = 0, 0, 0
    for name in targets:
        target = ctx.target(name)
        where = visible(target.shown)
        try:
            loaded = read(target.path)
        except Malformed as exc:
            say(str(exc))
            worst, errors = 2, errors + 1
            continue
        except Missing:
            note(f"{where}: -: error: no such profile or file")
            worst, errors = 2, errors + 1
            continue
        except StoreError as exc:
            note(str(exc))
            worst, errors = 2, errors + 1
            continue
        problems = loaded.problems()
        found = errors_of(problems)
        errors += len(found)
        warnings += len(problems) - len(found)
        for problem in found if args.quiet else problems:
            say(problem.line(where))
        if found:
            worst = max(worst, 1)
    if not args.targets and not args.quiet:
        count = f"{len(targets)} profile{'s' * (len(targets) != 1)}"
        note(f"checked {count}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return worst


def history(ctx: Context, args: argparse.Namespace) -> int:
    from ..store.history import History
    from ..store.history import as_json as version_json

    kept = History(ctx.layout, name_only("history", args.name))
    kept.check()
    versions = kept.versions()
    if not versions and not ctx.layout.profile(args.name).exists():
        raise Fail(2, f'portal-tui: error: no profile or history named "{visible(args.name)}"')
    if args.json:
        say(as_json([version_json(v) for v in versions], pretty=True))
        return 0
    rows = [["ID", "SAVED", "BY", "CHANGED"]]
    rows += [[str(v.id), v.time, visible(v.user), visible(", ".join(v.changed)) or "-"] for v in versions]
    for line in columns(rows):
        say(line)
    return 0


def locate(ctx: Context, args: argparse.Namespace) -> int:
    from importlib.resources import files

    layout = ctx.layout
    rows = [
        ("config", layout.root),
        ("profiles", layout.profiles),
        ("history", layout.history_root),
        ("sync", layout.sync_root),
        ("settings", layout.settings),
        ("themes", layout.themes),
        ("shipped themes", Path(str(files("portal_tui.themes")))),
    ]
    for label, path in rows:
        say(f"{label + ':':<16}{visible(str(path))}")
    return 0


def schema(ctx: Context, args: argparse.Namespace) -> int:
    from ..model.schema import json_schema

    say(as_json(json_schema(), pretty=True))
    return 0


# --- writing ----------------------------------------------------------------------------


def _save(ctx: Context, name: str, changes: dict[str, Any], force: bool) -> int:
    from ..store.profiles import Refused

    target = ctx.target(name)
    check_unlocked(ctx.layout, target.name, force)
    try:
        saved = ctx.store.save(target, changes)  # the one read of the file
    except Missing:
        raise ctx.missing(target) from None
    except Refused as exc:
        for problem in exc.problems:
            note(problem.line(visible(target.shown)))
        raise Fail(exc.code, f"portal-tui: {exc}") from None
    if not saved.wrote:
        note("portal-tui: nothing to change: the file already holds these values")
        return 0
    before, after = effective(saved.old), effective(saved.new)
    for key in saved.changed:
        say(f"{key}: {raw(before.get(key, ''))} -> {raw(after.get(key, ''))}")
    report(target, errors_of(saved.problems))
    return 0


def set_(ctx: Context, args: argparse.Namespace) -> int:
    try:
        changes = dict(parse_assignment(pair) for pair in args.pairs)
    except ValueRefused as exc:
        raise Fail(1, f"portal-tui: error: {exc}; nothing written") from None
    return _save(ctx, args.name, changes, args.force)


def reset(ctx: Context, args: argparse.Namespace) -> int:
    _, loaded = ctx.load(args.name)
    changes: dict[str, Any] = {}
    for key in args.keys:
        changes.update(default_change(parse_key(key, tables=True), loaded.data))
    if not changes:
        note("portal-tui: nothing to reset: those keys are not in the file, so they already have their defaults")
        return 0
    return _save(ctx, args.name, changes, args.force)


def restore(ctx: Context, args: argparse.Namespace) -> int:
    name = name_only("restore", args.name)
    check_unlocked(ctx.layout, name, args.force)
    version, problems = ctx.store.restore(name, args.version)
    say(f"restored {name} to version {version}")
    report(ctx.target(name), problems, "error")
    return 0
