"""Writing profiles: the tomlkit document edited in place, replaced atomically."""

from __future__ import annotations

import difflib
import json
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from ..model.catalog import DEFAULTS, SECTIONS, SETTINGS, nest
from ..model.edits import same
from ..model.meta import SCHEMA_VERSION
from .mutex import whole
from .paths import StoreError


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _add(table: Any, key: str, value: Any) -> None:
    """Add a key after the table's last key, not after the comments that lead the next table.

    tomlkit keeps a comment written above ``[next]`` at the end of the table before it, and
    ``table[key] = value`` appends after that comment, so the key would seem to belong to
    ``[next]``. tomlkit has no public way to insert between items, so a plain value's line
    is written into the text that follows the last key's line (``Trivia.trail``, public):
    the file reads as if the key had always been there. ``render`` reads the result back
    and compares, so this can never write anything but the intended values. Tables and
    arrays of tables, and tables without such comments, are appended as tomlkit does.
    """
    from tomlkit.items import AoT, Comment, Table

    body = getattr(getattr(table, "value", None), "body", None) or []
    keyed = [i for i, (k, _) in enumerate(body) if k is not None]
    simple = not isinstance(value, dict) and not (isinstance(value, list) and value and isinstance(value[0], dict))
    if keyed and simple and any(isinstance(item, Comment) for _, item in body[keyed[-1] + 1 :]):
        last = body[keyed[-1]][1]
        if not isinstance(last, (Table, AoT)) and last.trivia.trail.endswith("\n"):
            last.trivia.trail += last.trivia.indent + _line(key, value)
            return
    table[key] = value


def _line(key: str, value: Any) -> str:
    """``key = value`` as tomlkit writes it (the key quoted where TOML needs it), one line."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(key, _inline(value) if isinstance(value, list) else value)
    return tomlkit.dumps(doc)


def _sync(node: Any, new: dict[str, Any]) -> None:
    """Make a tomlkit table equal to ``new`` by touching only the keys that differ."""
    from tomlkit.items import AoT, Array, InlineTable, Table

    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        if key not in node:
            if isinstance(node, InlineTable):
                node[key] = _inline(value)  # an inline table holds inline tables only
            else:
                _add(node, key, value)
            continue
        current = node[key]
        if same(_plain(current), value):
            continue
        if isinstance(value, dict) and isinstance(current, (Table, InlineTable, dict)):
            _sync(current, value)
        elif isinstance(current, AoT) and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            _sync_tables(current, value)
        elif isinstance(current, Array) and isinstance(value, list):
            _sync_array(current, value)
        else:
            node[key] = value


def _identity(value: Any) -> str:
    """What matches an array item before and after an edit: a table by its first key's value
    (a product by its ID, so editing its prices keeps its place and comment), anything else
    by its whole value, in value and TOML type."""
    if isinstance(value, dict) and value:
        value = {"table": next(iter(value.items()))}
    return json.dumps(value, default=repr, sort_keys=True)


def _inline(value: Any) -> Any:
    """A value as an item of an inline array: tables become inline tables, at any depth."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({k: _inline(v) for k, v in value.items()})
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for item in value:
            array.append(_inline(item))
        return array
    return value


def _sync_array(array: Any, new: list[Any]) -> None:
    """Edit an inline array in place into ``new``: items that stay keep their comments and the
    array keeps its layout (one item a line stays so; inline tables stay inline). Removed
    items go, added ones are inserted where they belong, changed ones are edited in place."""
    from tomlkit.items import Array, InlineTable

    old = [_plain(item) for item in array]
    matcher = difflib.SequenceMatcher(a=[_identity(v) for v in old], b=[_identity(v) for v in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                current, value = array[i1 + offset], new[j1 + offset]
                if same(_plain(current), value):
                    continue
                if isinstance(current, InlineTable) and isinstance(value, dict):
                    _sync(current, value)
                elif isinstance(current, Array) and isinstance(value, list):
                    _sync_array(current, value)
                else:
                    array[i1 + offset] = _inline(value)
            continue
        for index in reversed(range(i1, i2)):
            del array[index]
        for offset, value in enumerate(new[j1:j2]):
            array.insert(i1 + offset, _inline(value))


def _sync_tables(array: Any, new: list[dict[str, Any]]) -> None:
    """Update an array of tables entry by entry, so comments around entries survive."""
    import tomlkit

    while len(array) > len(new):
        del array[len(array) - 1]
    for i, entry in enumerate(new):
        if i < len(array):
            _sync(array[i], entry)
        else:
            array.append(tomlkit.item(entry))


def render(text: str, new: dict[str, Any]) -> str:
    """``text`` (a TOML document) edited in place to hold exactly ``new``.

    Comments, order, spacing and unknown keys stay; only differing values change. The
    result is read back and compared, so a surprise in the edit can never reach the disk.
    tomlkit is imported here, not at start-up: only saving needs it.
    """
    import tomlkit

    doc = tomlkit.parse(text)
    _sync(doc, new)
    out = tomlkit.dumps(doc)
    if not same(tomllib.loads(out), new):
        raise StoreError("internal error: the edited file would not hold the intended values; nothing written")
    return out


def template() -> str:
    """A new profile file: every setting at its default, its label as a comment, in schema
    order; a group of settings ([subscriptions.pause]) as a table after its section's keys."""
    import tomlkit

    def table_of(values: dict[str, Any], prefix: str) -> Any:
        table = tomlkit.table()
        groups = []
        for name, default in values.items():
            key = f"{prefix}.{name}"
            if key in ("subscriptions.products", "advanced.metadata"):
                continue  # tables of their own, written once they hold something
            if key not in SETTINGS:  # a group: its own table, after the keys
                groups.append((name, table_of(default, key)))
                continue
            item = tomlkit.item(_inline(default) if isinstance(default, list) else default)
            item.comment(SETTINGS[key].label)
            table.add(name, item)
        for name, group in groups:
            table.add(name, group)
        return table

    defaults = nest(DEFAULTS)
    doc = tomlkit.document()
    doc.add(tomlkit.comment("portal-tui profile: Stripe customer portal settings. Edit by hand or with portal-tui."))
    doc.add("schema_version", SCHEMA_VERSION)
    for section in SECTIONS:
        doc.add(tomlkit.nl())
        doc.add(section, table_of(defaults[section], section))
    return tomlkit.dumps(doc)


def atomic_write(path: Path, content: str | bytes) -> None:
    """Temp file in the same folder, flush + fsync, os.replace, fsync of the folder.

    The replaced file's permission bits are kept; a crash at any moment leaves either the
    old file or the new one, never a mix. Temp files start with a dot, so they are never
    mistaken for profiles, and are removed when the write fails.
    """
    with whole():  # a hang-up meanwhile waits for the rename: no temp file is left behind
        _atomic_write(path, content)


def _atomic_write(path: Path, content: str | bytes) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        remove_stale_temps(folder, path.stem)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.tmp-{os.getpid()}-", dir=folder)
    except OSError as exc:
        raise StoreError(f"{path}: -: error: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else _new_file_mode())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"{path}: -: error: cannot write: {exc.strerror}") from None
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the data itself is already synced


def _new_file_mode() -> int:
    """What a plain open() would give a new file: 0o666 less the user's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one we may not signal counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path, stem: str) -> None:
    """Remove temp files a killed writer left behind (``.STEM.tmp-PID-*`` of dead pids)."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    prefix = f".{stem}.tmp-"
    for entry in entries:
        if not entry.startswith(prefix):
            continue
        pid = entry[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            try:
                os.unlink(folder / entry)
            except OSError:
                pass
