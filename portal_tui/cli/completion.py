"""Shell completion (bash, zsh, fish) through argcomplete: commands, options, profiles, keys, versions."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import Any

SHELLS = ("bash", "zsh", "fish")

Completer = Callable[..., Iterable[str]]


def requested() -> bool:
    """Whether the shell is asking for completions (argcomplete's protocol). Checked before
    anything is imported, so an ordinary command pays nothing for completion."""
    return "_ARGCOMPLETE" in os.environ


def script(shell: str) -> str:
    """The shell code that asks ``portal-tui`` for its completions."""
    from argcomplete.shell_integration import shellcode

    return shellcode(["portal-tui"], shell=shell)


def print_script(ctx: object, args: argparse.Namespace) -> int:
    """``portal-tui completion SHELL``."""
    import sys

    sys.stdout.write(script(args.shell))
    return 0


def _layout(parsed: argparse.Namespace) -> Any:
    from ..store.paths import Layout, config_dir

    return Layout(config_dir(getattr(parsed, "config_dir", None)))


def profiles(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """Profile names (a path is completed by the shell's own file completion)."""
    try:
        return [name for name in _layout(parsed_args).names() if name.startswith(prefix)]
    except OSError:
        return []


def versions(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """Profile names, and once ``NAME@`` is typed that profile's kept versions (``NAME@ID``)."""
    if "@" not in prefix:
        return profiles(prefix, parsed_args)
    from ..store.history import History

    name = prefix.split("@", 1)[0]
    try:
        kept = History(_layout(parsed_args), name).versions()
    except (OSError, ValueError):
        return []
    return [f"{name}@{v.id}" for v in kept if f"{name}@{v.id}".startswith(prefix)]


def version_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``restore NAME ID``: the IDs kept for that profile, newest first."""
    from ..store.history import History

    try:
        kept = History(_layout(parsed_args), parsed_args.name).versions()
    except (OSError, ValueError, AttributeError):
        return []
    return [str(v.id) for v in kept if str(v.id).startswith(prefix)]


def setting_keys(prefix: str, **_: Any) -> list[str]:
    """Every setting's key, from the declarations (``reset``)."""
    from ..model.catalog import SETTINGS

    return [key for key in SETTINGS if key.startswith(prefix)]


def readable_keys(prefix: str, **_: Any) -> list[str]:
    """What ``get`` reads: settings, whole tables, ``schema_version``."""
    from ..model.catalog import SETTINGS, TABLES

    return [key for key in ["schema_version", *TABLES, *SETTINGS] if key.startswith(prefix)]


def assignments(prefix: str, **_: Any) -> list[str]:
    """``set``: ``KEY=`` for each setting, then, after the ``=``, the values a choice or a
    toggle allows."""
    from ..model.catalog import SETTINGS
    from ..model.meta import Kind

    if "=" not in prefix:
        return [f"{key}=" for key in SETTINGS if key.startswith(prefix)]
    key, typed = prefix.split("=", 1)
    info = SETTINGS.get(key)
    if info is None:
        return []
    if info.kind is Kind.CHOICE:
        allowed: Iterable[str] = info.choices
    elif info.kind is Kind.TOGGLE:
        allowed = ("true", "false")
    else:
        return []
    return [f"{key}={value}" for value in allowed if value.startswith(typed)]


COMPLETERS: dict[str, dict[str, Completer]] = {
    "edit": {"name": profiles},
    "new": {"source": profiles},
    "copy": {"source": profiles},
    "rename": {"old": profiles},
    "delete": {"name": profiles},
    "show": {"name": profiles},
    "get": {"name": profiles, "key": readable_keys},
    "set": {"name": profiles, "pairs": assignments},
    "reset": {"name": profiles, "keys": setting_keys},
    "validate": {"targets": profiles},
    "history": {"name": profiles},
    "restore": {"name": profiles, "version": version_ids},
    "export": {"name": profiles},
    "diff": {"a": versions, "b": versions},
    "review": {"name": profiles, "against": versions},
    "pull": {"name": profiles},
    "plan": {"name": profiles},
    "push": {"name": profiles},
    "status": {"names": profiles},
    "preview": {"name": profiles},
}
"""Which arguments of which command complete what (the rest: argparse's own choices, files)."""


def completer_for(command: str, dest: str) -> Completer | None:
    """The completer of one argument of one command, if it has one."""
    return COMPLETERS.get(command, {}).get(dest)


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's request, then exit (argcomplete's protocol)."""
    import argcomplete

    argcomplete.autocomplete(parser)
