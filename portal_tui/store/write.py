"""Writing profiles: the tomlkit document edited in place, replaced atomically."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from ..model.catalog import DEFAULTS, SETTINGS, nest
from ..model.edits import same
from ..model.profile import SCHEMA_VERSION, SECTIONS
from .paths import StoreError


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _add(table: Any, key: str, value: Any) -> None:
    """Add a key after the table's last key, not after comments that lead the next table."""
    from tomlkit.items import Comment

    container = getattr(table, "value", None)
    body = getattr(container, "body", None)
    if body:
        keys = [(i, k) for i, (k, _) in enumerate(body) if k is not None]
        tail = body[keys[-1][0] + 1:] if keys else body
        if keys and any(isinstance(item, Comment) for _, item in tail):
            # tomlkit's public API appends after those comments; this keeps them in place.
            container._insert_after(keys[-1][1], key, value)
            return
    table[key] = value


def _sync(node: Any, new: dict[str, Any]) -> None:
    """Make a tomlkit table equal to ``new`` by touching only the keys that differ."""
    from tomlkit.items import AoT, InlineTable, Table

    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        if key not in node:
            _add(node, key, value)
            continue
        current = node[key]
        if same(_plain(current), value):
            continue
        if isinstance(value, dict) and isinstance(current, (Table, InlineTable, dict)):
            _sync(current, value)
        elif isinstance(current, AoT) and isinstance(value, list) and value and all(
            isinstance(v, dict) for v in value
        ):
            _sync_tables(current, value)
        else:
            node[key] = value


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
    """A new profile file: every setting at its default, its label as a comment, in schema order."""
    import tomlkit

    defaults = nest(DEFAULTS)
    doc = tomlkit.document()
    doc.add(tomlkit.comment("portal-tui profile: Stripe customer portal settings. Edit by hand or with portal-tui."))
    doc.add("schema_version", SCHEMA_VERSION)
    for section in SECTIONS:
        table = tomlkit.table()
        for name, default in defaults[section].items():
            if name in ("products", "metadata"):
                continue  # tables of their own, written once they hold something
            item = tomlkit.item(default)
            item.comment(SETTINGS[f"{section}.{name}"].label)
            table.add(name, item)
        doc.add(tomlkit.nl())
        doc.add(section, table)
    return tomlkit.dumps(doc)


def atomic_write(path: Path, content: str | bytes) -> None:
    """Temp file in the same folder, flush + fsync, os.replace, fsync of the folder.

    The replaced file's permission bits are kept; a crash at any moment leaves either the
    old file or the new one, never a mix. Temp files start with a dot, so they are never
    mistaken for profiles, and are removed when the write fails.
    """
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
        pid = entry[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            try:
                os.unlink(folder / entry)
            except OSError:
                pass
