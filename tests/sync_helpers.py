"""What the Stripe tests read back from the config folder: sync state, log lines, every file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def state(config_dir: Path, name: str) -> dict[str, Any]:
    """A profile's sync state (NAME, or NAME@acct_... for one connected account of a run)."""
    return json.loads((config_dir / "sync" / f"{name}.json").read_text())


def log(config_dir: Path, name: str) -> list[dict[str, Any]]:
    """A profile's log of pushes, one dict a push (none while it has not pushed)."""
    path = config_dir / "sync" / f"{name}.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def snapshot(config_dir: Path) -> dict[str, bytes]:
    """Every file under the config folder, byte for byte: "nothing written" is an equality."""
    return {str(p): p.read_bytes() for p in sorted(config_dir.rglob("*")) if p.is_file()}


def files_text(config_dir: Path) -> str:
    """Every file under the config folder as text, to look for what must never be written."""
    return "".join(p.read_text(errors="replace") for p in config_dir.rglob("*") if p.is_file())


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n")
