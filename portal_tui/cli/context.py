"""What every command shares: the config dir (Context), the end of a command (Fail), printing."""

from __future__ import annotations

import sys
from functools import cached_property
from typing import TYPE_CHECKING

from ..model.problems import Problem, errors_of
from ..model.visible import visible
from ..store.paths import Layout, Target, config_dir, is_path, resolve
from ..store.read import Loaded, Missing, read

if TYPE_CHECKING:
    from ..store.profiles import Store


class Fail(Exception):
    """End the command: these lines go to stderr, and the process exits with ``code``."""

    def __init__(self, code: int, *lines: str) -> None:
        super().__init__(*lines)
        self.code = code
        self.lines = lines


class Context:
    """What every command needs: the config dir's layout and the store over it."""

    def __init__(self, override: str | None) -> None:
        self.override = override

    @cached_property
    def layout(self) -> Layout:
        return Layout(config_dir(self.override))

    @cached_property
    def store(self) -> Store:
        """The profiles store (it brings tomlkit: only commands that write need it)."""
        from ..store.profiles import Store

        return Store(self.layout)

    def target(self, name: str) -> Target:
        return resolve(self.layout, name)

    def load(self, name: str) -> tuple[Target, Loaded]:
        target = self.target(name)
        try:
            return target, read(target.path)
        except Missing:
            raise self.missing(target) from None

    def missing(self, target: Target) -> Fail:
        """The one-line error for a profile or file that is not there."""
        if target.name and target.path.parent == self.layout.profiles:
            return Fail(
                2,
                f'portal-tui: error: no profile named "{visible(target.name)}" in '
                f"{visible(str(self.layout.profiles))} (portal-tui list shows them)",
            )
        return Fail(2, f"portal-tui: error: no such file: {visible(str(target.path))}")


def check_unlocked(layout: Layout, name: str | None, force: bool) -> None:
    """Write commands refuse while an editor holds the profile (imported here: reads never pay)."""
    from ..store.locks import check_unlocked as check

    check(layout, name, force)


def say(line: str = "") -> None:
    try:
        sys.stdout.write(line + "\n")
    except BrokenPipeError:
        stdout_gone()


def stdout_gone() -> None:
    """The reader of stdout stopped (``| head -1``): the rest goes nowhere, so the command
    ends with its own exit code (diff: 1 if they differ) and no broken pipe at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def note(line: str) -> None:
    sys.stderr.write(line + "\n")


def report(target: Target, problems: list[Problem], severity: str | None = None) -> None:
    for problem in problems:
        if severity is None or problem.severity == severity:
            note(problem.line(visible(target.shown)))


def warn_if_invalid(target: Target, loaded: Loaded) -> None:
    """Read commands work on invalid profiles; stderr says so, briefly."""
    problems = loaded.problems()
    if loaded.newer:
        report(target, problems)
    elif errors := errors_of(problems):
        note(
            f"portal-tui: note: {visible(target.shown)} has {len(errors)} error{'s' if len(errors) != 1 else ''}; "
            f"portal-tui validate {visible(str(target.name or target.shown))} lists them"
        )


def name_only(command: str, name: str) -> str:
    """Commands that manage the profiles folder take names, never paths: say so and why."""
    if is_path(name):
        raise Fail(
            2,
            f'portal-tui: error: {command} takes a profile name, not a path ("{visible(name)}"): '
            "it manages the profiles folder and its history; portal-tui copy PATH NAME brings a file in",
        )
    return name
