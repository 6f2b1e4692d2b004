"""What is wrong with a profile, as every part of the program reports it (pure: model.check finds it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .meta import Raw
from .visible import visible

if TYPE_CHECKING:
    from .brand import ImageInspector

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a profile. ``key`` is "-" for the whole file."""

    key: str
    severity: Severity
    message: str
    rule: str

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two problems "the same" for the never-worse rule: key and rule."""
        return (self.key, self.rule)

    def line(self, where: str) -> str:
        """The one shape every problem is printed in: ``WHERE: KEY: error|warning: MESSAGE``."""
        return f"{where}: {visible(self.key)}: {self.severity}: {self.message}"


def describe(value: Any) -> str:
    """A value as a short TOML-ish phrase for messages (text made visible, long text cut)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return visible(json.dumps(shown, ensure_ascii=False))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def loc_key(loc: tuple[str | int, ...]) -> str:
    """("subscriptions", "products", 0, "prices") -> "subscriptions.products[0].prices"."""
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def check(data: Raw, images: ImageInspector | None = None) -> list[Problem]:
    """Every problem of a raw profile (as tomllib reads it): errors first, then warnings.

    ``images`` reads logo/icon files for their rules; without it those are not looked at.
    Pydantic and the models load on the first check, not with this module: the editor draws
    its first screen before that (see model.validation).
    """
    from .validation import validate

    return validate(data, images)


def load_checker() -> None:
    """Load Pydantic and build the models now rather than on the first check: a command
    does it while its modules load, with the cycle collector paused (~30 ms saved)."""
    from . import validation  # noqa: F401
