"""Crash-safe saves: `portal-tui set` killed (SIGKILL) at random moments never leaves a broken
or half-written profile, and the temp files it leaves are never listed and get cleaned up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from .conftest import DATA


def kill_runs(profiles: Path, count: int, seed: int) -> tuple[int, int]:
    """Run `set` ``count`` times, killing each at a random moment; returns (killed, completed)."""
    path = profiles / "demo.toml"
    env = {**os.environ}
    rng = random.Random(seed)
    command = [sys.executable, "-m", "portal_tui", "set", "demo"]
    start = time.perf_counter()
    subprocess.run([*command, "profile.description=warm-up"], env=env, check=True, capture_output=True)
    lifetime = time.perf_counter() - start
    killed = completed = 0
    for i in range(count):
        before = tomllib.loads(path.read_text())["profile"]["description"]
        new = f"version {i} " + "x" * rng.randint(0, 4000)
        process = subprocess.Popen(
            [*command, f"profile.description={new}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 1.05) * lifetime)  # mostly late in its life: the write itself
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
            lifetime *= 1.03
        else:  # the machine got quicker (or a warm-up was slow): aim earlier, so kills stay many
            completed += 1
            lifetime *= 0.93
        process.wait()
        text = path.read_text()  # always there, always whole
        assert tomllib.loads(text)["profile"]["description"] in (before, new)
        listed = subprocess.run(
            [sys.executable, "-m", "portal_tui", "list", "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
        assert '"name": "demo"' in listed and listed.count('"name"') == 1
    return killed, completed


def prepare(profiles: Path) -> None:
    profiles.mkdir(parents=True, exist_ok=True)
    (profiles / "demo.toml").write_bytes((DATA / "maximal.toml").read_bytes())


def test_sixty_kills_never_break_the_profile_and_leftovers_are_cleaned(profiles: Path) -> None:
    prepare(profiles)
    killed, completed = kill_runs(profiles, 60, seed=6)
    assert killed >= 20, (killed, completed)
    subprocess.run(
        [sys.executable, "-m", "portal_tui", "set", "demo", "profile.description=final"],
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in profiles.iterdir()) == ["demo.toml"]


@pytest.mark.slow
def test_a_thousand_kills_never_break_the_profile(profiles: Path) -> None:
    prepare(profiles)
    killed, completed = kill_runs(profiles, 1000, seed=1000)
    print(f"\n1000 runs: {killed} killed, {completed} completed")
    assert killed > 300


async def test_ctrl_p_with_a_dialog_over_the_palette_opens_no_second_palette(config_dir: Path) -> None:
    """Found by the slow monkey: a dialog over the palette, then ctrl+p, pushed a second
    palette with the same id (DuplicateIds: the editor stopped)."""
    from textual.command import CommandPalette

    from portal_tui.tui.dialogs.choice import ErrorsDialog

    from .editor_helpers import make_app

    app = make_app(config_dir, "minimal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+s")  # belongs to the palette's field now: no save dialog over it
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        app.push_screen(ErrorsDialog("Not saved", []))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.is_running and sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1


async def test_page_up_in_the_same_burst_as_opening_a_picker_waits_for_the_list(config_dir: Path) -> None:
    """The slow monkey (seed 104, under -m slow) stopped the editor here: page up reached the
    compare screen's opened list before it was laid out, and Textual's OptionList pages by a
    line map it builds only with a size (KeyError). Held keys now wait until a focused list
    with entries has a size. These are the monkey's last keys before the crash; on their own
    they do not reproduce it (the state before them matters), so this guards the path."""
    from textual import events
    from textual.widgets import Select

    from .editor_helpers import make_app

    app = make_app(config_dir, "maximal")
    app.typeahead.ordered = True  # as in a terminal
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one(Select).focus()
        await pilot.pause()
        for key in (
            "enter",
            "ctrl+k",
            "ctrl+k",
            "up",
            "up",
            "end",
            "end",
            "pageup",
            "down",
            "ctrl+pageup",
            "ctrl+n",
            "super+c",
            "end",
            "pageup",
        ):
            app.post_message(events.Key(key, None))
        while app.is_running and app.typeahead.pending:
            await pilot.pause(0.001)
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_a_picker_opened_while_the_preview_is_in_the_rows_place_pages_without_crashing(
    config_dir: Path,
) -> None:
    """Below 120 columns the preview takes the rows' place; a picker opened there had no room
    for its lines and page up raised KeyError in Textual's OptionList (the slow monkey, seed
    121). The preview steps aside for the picker now, and page keys page it."""
    from portal_tui.tui.widgets.preview import shown_preview

    from .editor_helpers import make_app

    app = make_app(config_dir, "maximal")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await app.editor.jump_to("subscriptions.proration")
        await pilot.press("v")
        await pilot.pause()
        assert shown_preview(app.editor) is not None and app.editor.has_class("-preview-in-place")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("pageup", "pagedown", "pageup", "pagedown", "enter")
        await pilot.pause()
        assert app.is_running and app.session.values["subscriptions.proration"] == "create_prorations"
        assert shown_preview(app.editor) is not None  # back in the rows' place, showing the effect


async def test_page_keys_on_a_list_without_room_do_nothing() -> None:
    """Textual's OptionList raises KeyError paging a list with no room for its lines; the
    editor's key handling lets such a key do nothing. When this test's first half fails,
    Textual has fixed it and `pages_nowhere` can go."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList

    from portal_tui.tui.typeahead import pages_nowhere

    class Squeezed(App[int]):
        CSS = "OptionList { width: 2; height: 5; padding: 0 1; border: none; }"

        def compose(self) -> ComposeResult:
            yield OptionList("a", "b", "c")

        def on_mount(self) -> None:
            self.query_one(OptionList).highlighted = 2

    app = Squeezed()
    with pytest.raises(KeyError):
        async with app.run_test() as pilot:
            await pilot.press("pageup")
    app = Squeezed()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert pages_nowhere(app, events.Key("pageup", None))
        assert not pages_nowhere(app, events.Key("down", None))


async def test_a_quit_key_while_the_palette_carries_out_a_choice_never_covers_the_palette(config_dir: Path) -> None:
    """The monkey (seed 9 at Textual 8.2.7) stopped the editor here: enter chose a command in
    the palette and ctrl+q came in the same burst. Ctrl+q is a priority key, handled at once,
    so the quit question opened over the palette before the palette closed itself for the
    choice; closing itself then took the question away instead, left the palette open with its
    result already given, and the next escape gave it again (InvalidStateError). Nothing is
    put over the palette now: ctrl+q says to close it first."""
    from textual.command import CommandList, CommandPalette

    from .editor_helpers import make_app, notices

    app = make_app(config_dir, "minimal")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "space", "ctrl+p", *"Help")  # unsaved: quitting would ask
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(CommandList).action_select()  # enter's choice, on its way to the palette
        await app.run_action("quit")  # ctrl+q, in the same burst
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["EditorScreen", "HelpScreen"]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.is_running and app.screen is app.editor and app.session.dirty
        assert "Close the palette first (escape), then quit." in notices(app)
