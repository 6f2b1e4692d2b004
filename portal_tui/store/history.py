"""Earlier versions of each profile: kept before every save, listed, restored."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import tomllib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model.edits import changed_keys
from .paths import Layout, StoreError
from .write import atomic_write

KEEP = 50
"""Versions kept per profile (the spec asks for at least 20)."""


@dataclass(frozen=True)
class Version:
    """One kept version: when it was saved, by whom, and which keys that save changed."""

    id: int
    time: str
    user: str
    changed: list[str]


def whoami() -> str:
    """user@host, as history and locks name people."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        user = str(os.getuid())
    return f"{user}@{socket.gethostname()}"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class History:
    """The kept versions of one profile, in ``<config>/history/<name>/``.

    ``<id>.toml`` holds a version byte for byte and ``<id>.json`` when and by whom it was
    saved and what that save changed. ``head.json`` describes the save that wrote the
    current file, so that it travels with the content once the content is replaced.
    """

    def __init__(self, layout: Layout, name: str) -> None:
        self.folder = layout.history(name)
        self.name = name

    def check(self) -> None:
        """StoreError when something other than a folder stands where the history goes (a
        file, a broken link): no version could be read or kept, so nothing is written."""
        if (self.folder.exists() or self.folder.is_symlink()) and not self.folder.is_dir():
            raise StoreError(
                f'{self.folder}: -: error: the history of "{self.name}" must be a folder, but it is a file: '
                "move it away, then try again"
            )

    def _ids(self) -> list[int]:
        try:
            return sorted(int(p.stem) for p in self.folder.glob("*.toml") if p.stem.isdigit())
        except OSError:
            return []

    def _head(self) -> dict[str, Any]:
        try:
            head = json.loads((self.folder / "head.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return head if isinstance(head, dict) else {}

    def versions(self) -> list[Version]:
        """Every kept version, newest first."""
        found = []
        for i in reversed(self._ids()):
            try:
                meta = json.loads((self.folder / f"{i}.json").read_text("utf-8"))
            except (OSError, ValueError):
                meta = {}
            found.append(Version(i, meta.get("time", "-"), meta.get("user") or "-", meta.get("changed", [])))
        return found

    def content(self, version_id: int) -> bytes:
        self.check()
        path = self.folder / f"{version_id}.toml"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            ids = self._ids()
            known = f"kept versions: {', '.join(map(str, reversed(ids)))}" if ids else "no versions are kept"
            raise StoreError(f"no version {version_id} in the history ({known})") from None
        except OSError as exc:
            raise StoreError(f"{path}: -: error: cannot read this version: {exc.strerror}") from None

    def newest(self) -> int | None:
        ids = self._ids()
        return ids[-1] if ids else None

    def keep(self, path: Path, raw: bytes) -> int:
        """Keep ``raw`` (the content about to be replaced or deleted) as the newest version."""
        self.check()
        head = self._head()
        if head.get("sha256") == digest(raw):
            meta = {k: head[k] for k in ("time", "user", "changed") if k in head}
        else:  # written by hand or by another program: describe it as well as we can
            try:
                mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            except OSError:
                mtime = now()
            meta = {"time": mtime, "user": "", "changed": self._changed_since_newest(raw)}
        last = head.get("last_id", 0)
        new_id = max([*self._ids(), last if isinstance(last, int) else 0]) + 1
        atomic_write(self.folder / f"{new_id}.toml", raw)
        atomic_write(self.folder / f"{new_id}.json", json.dumps(meta) + "\n")
        self._write_head({**head, "last_id": new_id})
        self._prune()
        return new_id

    def _changed_since_newest(self, raw: bytes) -> list[str]:
        newest = self.newest()
        try:
            old = tomllib.loads(self.content(newest).decode("utf-8")) if newest else {}
            return changed_keys(old, tomllib.loads(raw.decode("utf-8")))
        except (StoreError, ValueError):
            return []

    def record_save(self, raw: bytes, changed: list[str]) -> None:
        """Describe the save that just wrote ``raw``, for when it is kept in its turn."""
        self._write_head({**self._head(), "sha256": digest(raw), "time": now(), "user": whoami(), "changed": changed})

    def _write_head(self, head: dict[str, Any]) -> None:
        atomic_write(self.folder / "head.json", json.dumps(head) + "\n")

    def _prune(self) -> None:
        for old in self._ids()[:-KEEP]:
            for suffix in (".toml", ".json"):
                (self.folder / f"{old}{suffix}").unlink(missing_ok=True)

    def move_to(self, other: History) -> None:
        """Rename: the history goes with the profile."""
        if not self.folder.exists():
            return
        if other.folder.exists():
            raise StoreError(f"{other.folder} already exists; not moving the history over it")
        other.folder.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder, other.folder)


def as_json(version: Version) -> dict[str, Any]:
    return asdict(version)
