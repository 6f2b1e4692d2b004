"""What a key repaints: only what changed, so an SSH link carries little (the bytes themselves
are measured in test_tmux.py and tests/benchmarks/wire.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.geometry import Region

from portal_tui.tui.screens.editor import EditorScreen
from portal_tui.tui.widgets.helparea import HelpArea
from portal_tui.tui.widgets.keybar import KeyBar
from portal_tui.tui.widgets.quiet import damage

from .editor_helpers import make_app

SIZE = (80, 24)


def test_the_damage_of_a_changed_word_is_that_word_and_of_the_same_text_nothing() -> None:
    old = Content.assemble(" demo ", (" 1 unsaved ", "bold"), " 0 errors")
    assert damage(old, old, 80) == []
    new = Content.assemble(" demo ", (" 2 unsaved ", "bold"), " 0 errors")
    assert damage(old, new, 80) == [Region(7, 0, 1, 1)]
    restyled = Content.assemble(" demo ", (" 1 unsaved ", "italic"), " 0 errors")
    assert damage(old, restyled, 80) == [Region(6, 0, 11, 1)]
    assert damage(Content("a\nb"), Content("a\nc"), 80) == [Region(0, 1, 1, 1)]


def test_a_longer_line_repaints_to_the_edge_and_what_cannot_be_compared_repaints_all() -> None:
    assert damage(Content("saved"), Content("1 unsaved"), 80) == [Region(0, 0, 80, 1)]
    assert damage(Content("x" * 10), Content("y" * 90), 80) is None  # it would wrap
    assert damage(Content("日本"), Content("日本語"), 80) is None  # wide characters


async def test_a_focus_move_repaints_neither_the_screen_nor_the_key_bar(config_dir: Path, monkeypatch) -> None:
    refreshed: list[str] = []
    for cls in (EditorScreen, KeyBar, HelpArea):
        original = cls.refresh

        def spy(self: Any, *regions: Any, _original: Any = original, **kw: Any) -> Any:
            refreshed.append(f"{type(self).__name__}{'' if regions else ' whole'}")
            return _original(self, *regions, **kw)

        monkeypatch.setattr(cls, "refresh", spy)
    app = make_app(config_dir, "maximal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        refreshed.clear()
        await pilot.press("j")
        await pilot.pause(0.2)
    assert "EditorScreen whole" not in refreshed and not any(r.startswith("KeyBar") for r in refreshed), refreshed
    assert "HelpArea whole" not in refreshed  # the lines that changed, not the area


@pytest.mark.parametrize("width", [60, 80])
async def test_the_tab_bar_never_breaks_a_title_and_the_header_fits(config_dir: Path, width: int) -> None:
    app = make_app(config_dir, "maximal", read_only="opened with --read-only")
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        bar = str(app.screen.query_one("#tabs").render()).splitlines()[0]
        header = str(app.screen.query_one("#header").render())
    assert len(bar) <= width and " 3 Customer " in bar
    assert len(header) <= width and "0 errors" in header and "READ-ONLY" in header
    if width == 80:  # whole at 80: the program's name makes room for the reason
        assert header.rstrip().endswith("READ-ONLY: opened with --read-only") and "portal-tui" not in header
