"""Profile operations shared by the CLI and the editor: load, save under never-worse, manage."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model.catalog import effective
from ..model.edits import apply, changed_keys, same
from ..model.problems import Problem, check, errors_of
from ..model.visible import visible
from .fleet import no_run
from .history import History, digest
from .images import inspector
from .links import move_state, sync_moves
from .mutex import writing
from .paths import Layout, StoreError, Target
from .read import Loaded, Malformed, Missing, parse, parsed, read
from .write import atomic_write, render, template


class Conflict(StoreError):
    """The file changed on disk since the writer read it (the editor then shows both sides)."""


class Exists(StoreError):
    """The profile to write exists already, and replacing it was not asked for (exit 2)."""


class Refused(StoreError):
    """A write the rules do not allow; ``problems`` says why (exit 1 for never-worse)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.code = 1 if self.problems else 2


@dataclass
class Saved:
    """What a save did."""

    changed: list[str]
    wrote: bool
    problems: list[Problem] = field(default_factory=list)
    """Every problem of the result (errors that were already there, and warnings)."""
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    """The file's data before and after, so callers need not read it again."""
    raw: bytes = b""
    """The bytes written (or found, when nothing was written): what the file holds now."""


def new_errors(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """Errors of ``after`` that ``before`` did not have (same key and same rule = same error)."""
    old = {p.identity for p in errors_of(before)}
    return [p for p in errors_of(after) if p.identity not in old]


def refuse_newer(loaded: Loaded) -> None:
    if loaded.newer:
        raise Refused(
            f"{loaded.path}: -: error: written by a newer portal-tui "
            f"(schema_version {loaded.schema_version}); refusing to write it"
        )


@dataclass(frozen=True)
class Entry:
    """A line of ``list``."""

    name: str
    mode: str | None
    valid: bool
    modified: str


class Store:
    """The profiles of one config dir."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def target(self, name: str) -> Target:
        return Target(self.layout.profile(name), name)

    def _write(self, target: Target, old_raw: bytes | None, content: str | bytes, changed: list[str]) -> None:
        """Keep the replaced version (if any) in history, then replace the file atomically.
        Callers hold the folder's write lock (``writing``)."""
        history = History(self.layout, target.name) if target.name else None
        if history:
            history.check()  # before anything is written: a save is whole or not at all
        if history and old_raw is not None:
            history.keep(target.path, old_raw)
        atomic_write(target.path, content)
        if history:
            history.record_save(content.encode("utf-8") if isinstance(content, str) else content, changed)

    def save(
        self,
        target: Target,
        changes: dict[str, Any],
        *,
        expect: str | None = None,
        create: bool = False,
        never_worse: bool = True,
    ) -> Saved:
        """Apply changes by key under the never-worse rule; write only when something differs.

        The file is read, checked and replaced while this process alone holds the folder's
        write lock, so a write by someone else is never lost between the read and the write.
        ``expect`` is the digest of the file as the caller last saw it ("" for no file): if
        that is not so now, Conflict is raised and nothing is written. ``create``: a missing
        file is a new profile holding the defaults (the editor's new, unsaved profile), written
        now. ``never_worse=False`` for writes that bring in what exists elsewhere (a pull from
        Stripe), as import is.
        """
        with writing(target.path.parent):
            missing = False
            try:
                loaded = read(target.path)
            except Missing:
                if not create:
                    raise
                missing = True
                loaded = Loaded(target.path, b"", {})
            refuse_newer(loaded)
            if expect is not None and ("" if missing else digest(loaded.raw)) != expect:
                raise Conflict(f"{target.path}: -: error: changed on disk since it was read; nothing written")
            new = apply(loaded.data, changes)
            after = check(new, images=inspector(target.path.parent))
            if not missing and same(new, loaded.data):
                return Saved([], False, after, loaded.data, new, loaded.raw)
            worse = new_errors(loaded.problems(), after) if never_worse else []
            if worse:
                raise Refused("the change would add errors the saved profile does not have; nothing written", worse)
            changed = changed_keys(loaded.data, new)
            if missing:  # a new profile: the defaults' file, holding the changes
                text = template()
                new = apply(tomllib.loads(text), changes)
                out = render(text, new)
                self._write(target, None, out, ["created", *changed])
            else:
                out = render(loaded.raw.decode("utf-8"), new)
                self._write(target, loaded.raw, out, changed or sorted(changes))
            return Saved(changed, True, after, loaded.data, new, out.encode("utf-8"))

    def create(self, name: str, source: Target | None = None) -> Target:
        """A new profile from the defaults, or a byte-for-byte copy of another profile or of
        any profile file (a hand-written one keeps its comments)."""
        target = self.target(name)
        with writing(target.path.parent):
            if target.path.exists():
                raise StoreError(f'profile "{name}" already exists')
            text: str | bytes
            if source is None:
                text, why = template(), "created"
            else:
                text = read(source.path).raw
                why = f"copied from {visible(source.name or str(source.path))}"
            self._write(target, None, text, [why])
        return target

    def write_whole(self, target: Target, values: dict[str, Any], replace: bool = False) -> list[Problem]:
        """Write a profile made elsewhere (import): the defaults' file with these values by key,
        over an existing one only when ``replace`` (it is kept in history). Exempt from
        never-worse; returns its problems."""
        text = template()
        data = apply(tomllib.loads(text), values)
        with writing(target.path.parent):
            try:
                old: bytes | None = target.path.read_bytes()
            except FileNotFoundError:
                old = None
            if old is not None and not replace:
                raise Exists(f'profile "{target.name}" exists; --force replaces it (its history keeps it)')
            self._write(target, old, render(text, data), ["imported"])
            return read(target.path).problems()

    def write_from(
        self, target: Target, source: Loaded, changes: dict[str, Any], why: str, replace: bool = False
    ) -> list[Problem]:
        """A profile made from another's file with these changes by key (promote): comments,
        order and unknown keys as the source has them. Over an existing profile only when
        ``replace`` (its history keeps it; its sync link stays). Returns its problems."""
        text = source.raw.decode("utf-8")
        out = render(text, apply(source.data, changes))
        with writing(target.path.parent):
            try:
                old: bytes | None = target.path.read_bytes()
            except FileNotFoundError:
                old = None
            if old is not None and not replace:
                raise Exists(f'profile "{target.name}" exists; --force replaces it (its history keeps it)')
            self._write(target, old, out, [why])
        return parsed(target.path, out.encode("utf-8")).problems()

    def rename(self, old: str, new: str) -> None:
        """Rename a profile; its history and its sync files move with it. Refused while a run
        over many accounts of it is under way (its run lock held): the run writes its journal and
        sync files under the old name."""
        src, dst = self.target(old), self.target(new)
        with writing(src.path.parent):
            if not src.path.exists():
                raise Missing(f'no profile named "{old}"')
            if dst.path.exists():
                raise StoreError(f'profile "{new}" already exists')
            with no_run(self.layout, old, "not renamed"):
                sync_moves(self.layout, old, new)  # refused before anything moves
                History(self.layout, old).move_to(History(self.layout, new))
                move_state(self.layout, old, new)
                os.replace(src.path, dst.path)

    def delete(self, name: str) -> int:
        """Delete a profile, keeping its content as the newest version of its history."""
        target = self.target(name)
        with writing(target.path.parent):
            try:
                raw = target.path.read_bytes()
            except FileNotFoundError:
                raise Missing(f'no profile named "{name}"') from None
            version = History(self.layout, name).keep(target.path, raw)
            target.path.unlink()
            return version

    def restore(self, name: str, version_id: int | None = None) -> tuple[int, list[Problem]]:
        """Bring back a kept version (the newest by default). It is a save: the replaced
        content is kept first. Exempt from never-worse; returns the problems it has."""
        target = self.target(name)
        with writing(target.path.parent):
            return self._restore(target, name, version_id)

    def _restore(self, target: Target, name: str, version_id: int | None) -> tuple[int, list[Problem]]:
        history = History(self.layout, name)
        history.check()
        if version_id is None:
            version_id = history.newest()
            if version_id is None:
                raise StoreError(f'no history for "{name}": nothing to restore')
        raw = history.content(version_id)
        changed = [f"restored version {version_id}"]
        try:
            current: bytes | None = target.path.read_bytes()  # read once: kept, compared, parsed
        except FileNotFoundError:
            current = None
        if current is not None:
            try:
                loaded = parsed(target.path, current)
                refuse_newer(loaded)
                changed = changed_keys(loaded.data, parse(raw, str(target.path))[0]) or changed
            except Malformed:
                pass  # restoring is how a broken file is mended
        if current != raw:
            self._write(target, current, raw, changed)
        return version_id, parsed(target.path, raw).problems()

    def entries(self) -> list[Entry]:
        """Every profile with its mode, validity and last change (malformed ones too)."""
        found = []
        for name in self.layout.names():
            path = self.layout.profile(name)
            modified = _modified(path)
            try:
                loaded = read(path)
            except StoreError:  # malformed, or gone since the folder was listed
                found.append(Entry(name, None, False, modified))
                continue
            mode = effective(loaded.data)["profile.mode"]
            valid = not errors_of(loaded.problems())
            found.append(Entry(name, mode if isinstance(mode, str) else None, valid, modified))
        return found


def _modified(path: Path) -> str:
    """A file's last change in ISO 8601 UTC ("-" when it cannot be read)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OSError:
        return "-"
