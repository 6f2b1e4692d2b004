"""Snapshots of the key screens at 80x24 (update with: pytest tests/test_snapshots.py --snapshot-update)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from portal_tui.model.meta import Tab
from portal_tui.store.preferences import Preferences

from .editor_helpers import make_app

SIZE = (80, 24)


@pytest.mark.parametrize("tab", list(Tab), ids=lambda t: t.title.split()[0].lower())
def test_each_tab_at_80x24(snap_compare, config_dir: Path, tab: Tab) -> None:
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=[str(tab.value)], terminal_size=SIZE)


def test_a_tab_with_errors_and_changes(snap_compare, config_dir: Path) -> None:
    app = make_app(config_dir, None)  # new: no business name
    assert snap_compare(app, press=["j", "space", "4"], terminal_size=SIZE)


def test_the_save_confirmation(snap_compare, config_dir: Path) -> None:
    app = make_app(config_dir, "maximal")
    assert snap_compare(app, press=["3", "j", "space", "j", "space", "ctrl+s"], terminal_size=SIZE)


def test_the_help_screen(snap_compare, config_dir: Path) -> None:
    app = make_app(config_dir, "minimal")
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_the_profiles_screen(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path("/tmp/portal-tui-snapshot-config")  # a fixed path: the screen shows it
    shutil.rmtree(root, ignore_errors=True)
    monkeypatch.setenv("PORTAL_TUI_CONFIG_DIR", str(root))
    app = make_app(root, "maximal", name="acme-live")
    app.store.create("acme-test")
    (root / "profiles" / "broken.toml").write_text("[x\n")
    for path in (root / "profiles").glob("*.toml"):
        os.utime(path, (1_790_000_000, 1_790_000_000))
    assert snap_compare(app, press=["p"], terminal_size=SIZE)


@pytest.mark.parametrize("theme", ["portal-dark", "portal-light", "portal-high-contrast"])
def test_each_shipped_theme(snap_compare, config_dir: Path, theme: str) -> None:
    app = make_app(config_dir, "maximal", prefs=Preferences(theme=theme))
    assert snap_compare(app, press=["7"], terminal_size=SIZE)


def test_no_color(snap_compare, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(config_dir, None)
    assert snap_compare(app, press=["j", "space", "4"], terminal_size=SIZE)
