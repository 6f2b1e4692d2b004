"""Text holding hidden characters (control, escape, bidi) from a hand-edited file: shown as
escapes (ESC as \\u001b), never written back as that text, and told apart wherever old and new
are shown."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from portal_tui.model.visible import edited, visible
from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.dialogs.choice import SaveDialog
from portal_tui.tui.dialogs.lines import MetadataDialog
from portal_tui.tui.dialogs.products import ProductsDialog

from .editor_helpers import open_row

SIZE = (80, 24)
ESC = "\x1b"


def hand_edited(config_dir: Path, toml: str) -> PortalApp:
    """The editor on a hand-edited profile holding ``toml`` (TOML's \\u escapes make the
    hidden characters)."""
    store = Store(Layout(config_dir))
    target = store.target("demo")
    target.path.parent.mkdir(parents=True, exist_ok=True)
    target.path.write_text('[business]\nbusiness_name = "Acme"\n' + toml)
    return PortalApp(store, target)


@asynccontextmanager
async def at_row(app: PortalApp, key: str) -> AsyncIterator[Pilot[int]]:
    """The editor running, with a row's control open (its field, its dialog)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_row(app, pilot, key)
        yield pilot


def save_lines(app) -> list[str]:
    assert isinstance(app.screen, SaveDialog)
    return [str(s.render()) for s in app.screen.query(".list Static")]


@pytest.mark.parametrize(
    ("value", "after", "meant"),
    [
        ("a" + ESC + "b", "a\\u001bbX", "a" + ESC + "bX"),  # typed after: the character stays
        ("a" + ESC + "b", "Xa\\u001bb", "Xa" + ESC + "b"),  # typed before
        ("a" + ESC + "b", "ab", "ab"),  # its six characters deleted: gone
        ("a" + ESC + "b", "a\\u001", "a\\u001"),  # one of them deleted: what is left reads as text
        ("a" + ESC + "b", "a\\u001b", "a" + ESC),  # the b after it or the escape's b: the character stays
        (ESC, "\\\\u001b", "\\" + ESC),  # a backslash typed before it is not taken into it
        ("x", "\\u001b", "\\u001b"),  # typed, an escape is text
        ("a\u202eb", "a\\u202ebc", "a\u202ebc"),  # bidi too
        ("", "abc", "abc"),
        ("abc", "", ""),
    ],
)
def test_an_edit_of_the_shown_text_keeps_the_hidden_characters_it_left_whole(value, after, meant) -> None:
    assert edited(value, visible(value), after) == meant


def test_text_that_was_not_shown_escaped_is_taken_as_it_is() -> None:
    assert edited("a" + ESC, "a" + ESC, "a" + ESC + "z") == "a" + ESC + "z"


async def test_editing_a_headline_around_an_escape_character_keeps_it_and_the_save_shows_the_edit(
    config_dir: Path,
) -> None:
    app = hand_edited(config_dir, 'headline = "Hi \\u001b[31mred"\n')
    async with at_row(app, "business.headline") as pilot:
        help_text = " ".join(str(app.editor.query_one("#help").render()).split())
        assert "Each \\uXXXX is one hidden character the file holds, kept unless you edit it." in help_text
        await pilot.press("end", "!", "escape", "ctrl+s")
        await pilot.pause()
        assert app.session.values["business.headline"] == "Hi " + ESC + "[31mred!"
        assert save_lines(app) == ["business.headline (Headline): Hi \\u001b[31mred -> Hi \\u001b[31mred!"]
        await pilot.press("y")
        await pilot.pause()
    assert tomllib.loads(app.target.path.read_text())["business"]["headline"] == "Hi " + ESC + "[31mred!"


async def test_an_escape_cut_into_and_typed_again_is_text_and_the_save_dialog_tells_them_apart(
    config_dir: Path,
) -> None:
    app = hand_edited(config_dir, 'headline = "a\\u001b"\n')
    async with at_row(app, "business.headline") as pilot:
        await pilot.press("end", "backspace", "b", "escape", "ctrl+s")  # reads as before
        await pilot.pause()
        assert app.session.values["business.headline"] == "a\\u001b"  # six typed characters now
        assert save_lines(app) == ['business.headline (Headline): "a\\u001b" -> "a\\\\u001b"']


async def test_editing_custom_feedback_ids_keeps_a_control_character_inside_one(config_dir: Path) -> None:
    app = hand_edited(config_dir, '[cancellations]\nfeedback_options = ["bfo_\\u001fa"]\n')
    async with at_row(app, "cancellations.feedback_options") as pilot:
        await pilot.press("end", *", bfo_2")
        await pilot.pause()
        assert app.session.values["cancellations.feedback_options"] == ["bfo_\x1fa", "bfo_2"]


async def test_a_metadata_value_edited_in_two_places_keeps_the_escape_between_them(config_dir: Path) -> None:
    app = hand_edited(config_dir, '[advanced.metadata]\nteam = "a\\u001bb"\n')
    async with at_row(app, "advanced.metadata") as pilot:
        assert isinstance(app.screen, MetadataDialog)
        await pilot.press("tab", "home", "X", "end", "Y", "escape")
        await pilot.pause()
        assert app.session.values["advanced.metadata"] == {"team": "Xa" + ESC + "bY"}


async def test_moving_a_price_keeps_the_hidden_characters_of_the_prices(config_dir: Path) -> None:
    app = hand_edited(
        config_dir,
        '[[subscriptions.products]]\nproduct = "prod_1"\nprices = ["price_\\u001ba", "price_b"]\n',
    )
    async with at_row(app, "subscriptions.products") as pilot:
        assert isinstance(app.screen, ProductsDialog)
        await pilot.press("tab", "tab", "home", "ctrl+l", "escape")  # past the switch of IDs and lookup keys
        await pilot.pause()
        products = app.session.values["subscriptions.products"]
        assert products[0]["prices"] == ["price_b", "price_" + ESC + "a"]
