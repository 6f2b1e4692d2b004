"""Where portal-tui keeps its files, and which names and paths are profiles."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..model.ids import is_id
from ..model.visible import visible

NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ENV_CONFIG_DIR = "PORTAL_TUI_CONFIG_DIR"


class StoreError(Exception):
    """A problem with files that the user must be told about in one line (exit 2)."""


class BadName(StoreError):
    """A profile name that is not allowed."""


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--config-dir``, else $PORTAL_TUI_CONFIG_DIR, else the platform's user config dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_CONFIG_DIR):
        return Path(os.environ[ENV_CONFIG_DIR]).expanduser()
    import platformdirs  # only when needed: it is the slowest path to work out

    return platformdirs.user_config_path("portal-tui", appauthor=False)


def split_link(link: str) -> tuple[str, str | None]:
    """``NAME`` or ``NAME@acct_...``: the profile, and the connected account (checked)."""
    name, at, account = link.partition("@")
    if at and not is_id("acct", account):
        raise BadName(f"{visible(account)!r} is not a connected account's ID (acct_...)")
    return check_name(name), account or None


def check_name(name: str) -> str:
    """The name itself when it may name a profile; else BadName saying what is wrong."""
    if NAME_RULE.match(name):
        return name
    if "@" in name and NAME_RULE.match(name.partition("@")[0]):
        raise BadName(
            f'"{visible(name)}" names one connected account\'s copy of a profile, which only status '
            f"takes; here: {visible(name.partition('@')[0])} --stripe-account acct_... (or --accounts FILE)"
        )
    if not name:
        why = "is empty"
    elif len(name) > 64:
        why = f"is {len(name)} characters long (at most 64)"
    elif name != name.lower():
        why = "has upper-case letters"
    elif "/" in name or "\\" in name or ".." in name:
        why = "contains a path separator or '..'"
    elif "." in name:
        why = "contains a dot"
    elif any(ch.isspace() for ch in name):
        why = "contains a space"
    else:
        why = "must start with a letter or digit"
    raise BadName(
        f'profile name "{visible(name)}" {why}: use lower-case letters, digits, "-" and "_" '
        "(up to 64, starting with a letter or digit)"
    )


@dataclass(frozen=True)
class Layout:
    """Every path under one config dir."""

    root: Path

    @property
    def profiles(self) -> Path:
        return self.root / "profiles"

    @property
    def history_root(self) -> Path:
        return self.root / "history"

    @property
    def settings(self) -> Path:
        return self.root / "settings.toml"

    @property
    def themes(self) -> Path:
        return self.root / "themes"

    @property
    def sync_root(self) -> Path:
        return self.root / "sync"

    def sync_state(self, link: str) -> Path:
        """Which Stripe configuration a profile is linked to, and what it held at the last sync:
        ``NAME`` (one account), or ``NAME@acct_...`` (its copy on each connected account of a
        run over many)."""
        name, account = split_link(link)
        return self.sync_root / (f"{name}@{account}.json" if account else f"{name}.json")

    def sync_log(self, link: str) -> Path:
        """One JSON line per push of a profile (every account's, each line naming its account)."""
        return self.sync_root / f"{split_link(link)[0]}.log"

    def runs(self, name: str) -> Path:
        """The journals of a profile's runs over many accounts, one ``<run-id>.jsonl`` each."""
        return self.sync_root / f"{check_name(name)}.runs"

    def profile(self, name: str) -> Path:
        return self.profiles / f"{check_name(name)}.toml"

    def history(self, name: str) -> Path:
        return self.history_root / check_name(name)

    def lock(self, name: str) -> Path:
        return self.profiles / f".{check_name(name)}.lock"

    def names(self) -> list[str]:
        """Every profile's name, sorted: only ``<valid name>.toml`` files count."""
        try:
            entries = os.listdir(self.profiles)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"{self.profiles}: -: error: cannot list the profiles: {exc.strerror}") from None
        return sorted(entry[:-5] for entry in entries if entry.endswith(".toml") and NAME_RULE.match(entry[:-5]))


def is_path(target: str) -> bool:
    """A NAME argument with "/" or ending in ".toml" is a path, anywhere a profile is taken."""
    return "/" in target or target.endswith(".toml")


@dataclass(frozen=True)
class Target:
    """A profile as the user named it: by name in the config dir, or by path."""

    path: Path
    name: str | None
    """The profile's name when it lives in the profiles folder (history is kept by name)."""

    @property
    def shown(self) -> str:
        return str(self.path)


def resolve(layout: Layout, target: str) -> Target:
    """A NAME-or-PATH argument as a Target (names are checked; paths are taken as given)."""
    if is_path(target):
        path = Path(target).expanduser()
        # A path into our own profiles folder is that profile: its history is kept too.
        name = (
            path.stem
            if path.parent.resolve() == layout.profiles.resolve()
            and NAME_RULE.match(path.stem)
            and path.suffix == ".toml"
            else None
        )
        return Target(path, name)
    return Target(layout.profile(target), target)
