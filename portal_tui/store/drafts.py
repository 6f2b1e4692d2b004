"""Drafts: the editor's pending raw values (invalid ones included) beside the profile, so
nothing typed is lost to a dropped SSH link. A draft never replaces the profile by itself."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..model.meta import Raw
from .mutex import whole
from .paths import StoreError, Target
from .write import atomic_write


def draft_path(target: Target) -> Path:
    """``.NAME.draft.toml`` beside the profile file (a dot-file: never listed as a profile)."""
    return target.path.parent / f".{target.path.stem}.draft.toml"


def write_draft(target: Target, data: Raw) -> None:
    with whole():  # tomlkit's first import included: a hang-up meanwhile must not meet it half-loaded
        import tomlkit

        atomic_write(
            draft_path(target),
            "# portal-tui draft: unsaved edits, offered back when the profile opens\n" + tomlkit.dumps(data),
        )


def read_draft(target: Target) -> dict[str, Any] | None:
    """The draft's data, or None when there is none or it cannot be read (then it stays on
    disk untouched, to be looked at by hand, and the editor opens without offering it)."""
    path = draft_path(target)
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def remove_draft(target: Target) -> None:
    try:
        draft_path(target).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot remove the draft {draft_path(target)}: {exc.strerror}") from None
