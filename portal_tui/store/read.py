"""Reading a profile file: size, encoding, depth and syntax checks, then tomllib."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.meta import SCHEMA_VERSION, Raw
from ..model.problems import Problem, check
from ..model.visible import visible
from .images import inspector
from .paths import StoreError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32


class Missing(StoreError):
    """The profile or file does not exist."""


class Malformed(StoreError):
    """Not a readable profile: nothing is read from it or written to it."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: -: error: {message}")
        self.where = where
        self.message = message


@dataclass
class Loaded:
    """A profile as read from disk."""

    path: Path
    raw: bytes
    data: Raw
    notes: list[Problem] = field(default_factory=list)

    @property
    def schema_version(self) -> Any:
        return self.data.get("schema_version", SCHEMA_VERSION)

    @property
    def newer(self) -> bool:
        """Written by a newer portal-tui: readable with a warning, never written."""
        v = self.schema_version
        return isinstance(v, int) and not isinstance(v, bool) and v > SCHEMA_VERSION

    def problems(self) -> list[Problem]:
        """Every error and warning, logo/icon files included."""
        return self.notes + check(self.data, images=inspector(self.path.parent))


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse(raw: bytes, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """The profile's data from its bytes, or Malformed naming ``file:line:col``."""
    if len(raw) > MAX_BYTES:
        raise Malformed(shown, "file is over 1 MiB; a profile may be at most 1 MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(before, len(before))
        raise Malformed(f"{shown}:{line}:{col}", "not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _AT.search(message)
        where = f"{shown}:{match.group(1)}:{match.group(2)}" if match else shown
        message = _AT.sub("", message)
        raise Malformed(where, f"not valid TOML: {visible(message[:1].lower() + message[1:])}") from None
    except RecursionError:
        raise Malformed(shown, f"nested deeper than {MAX_DEPTH} levels") from None
    if _depth(data) > MAX_DEPTH:
        raise Malformed(shown, f"nested deeper than {MAX_DEPTH} levels")
    notes = []
    if not text.strip():
        notes.append(Problem("-", "warning", "empty file: every setting has its default", "empty_file"))
    return data, notes


def read(path: Path) -> Loaded:
    """Read and parse a profile file; Missing, Malformed or StoreError say why not."""
    shown = visible(str(path))
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # never more: a huge file is refused, not loaded
    except FileNotFoundError:
        raise Missing(f"{shown}: -: error: no such profile file") from None
    except IsADirectoryError:
        raise StoreError(f"{shown}: -: error: is a folder, not a profile file") from None
    except OSError as exc:
        raise StoreError(f"{shown}: -: error: cannot read: {exc.strerror}") from None
    return parsed(path, raw)


def parsed(path: Path, raw: bytes) -> Loaded:
    """A profile from bytes already read (Malformed if they are not one): what was read once
    is not read again."""
    data, notes = parse(raw, visible(str(path)))
    return Loaded(path, raw, data, notes)
