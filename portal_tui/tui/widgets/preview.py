"""The customer-portal preview beside the rows (or in their place): follows every edit, never takes focus."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...model.meta import Tab
from ...workflows.preview import PAGES, WIDTH, Page, page_for_tab, render
from ..editing import Change, Editing
from .tabbar import TabBar

WIDE = 120
"""From this many columns the preview stands beside the rows; below, in their place."""


def content(page: Page) -> Content:
    """A page as Textual content, in the styles the `preview` command prints it with."""
    styles = page.styles(problem="$text-error")
    lines = [Content.assemble(*((span.text, styles[span.role]) for span in line)) for line in page.lines]
    return Content("\n").join(lines)


class PreviewPane(VerticalScroll, can_focus=False):
    """What the customer will see for the profile as it is being edited. It redraws on every
    change of the profile and shows the page of the tab in front (Subscriptions the update
    page, Cancellations the cancel page, the rest the home page) unless ``[`` or ``]`` chose
    another. The wheel scrolls it; keys stay with the rows."""

    DEFAULT_CSS = f"""
    PreviewPane {{
        width: {WIDTH + 6};  /* the page, the padding and the scrollbar */
        height: 1fr;
        padding: 0 1;
        & > Static {{ width: auto; }}
    }}
    PreviewPane.-in-place {{ width: 1fr; max-width: {WIDTH + 6}; }}
    """

    def __init__(self, editing: Editing) -> None:
        super().__init__(id="preview")
        self.editing = editing
        self.chosen: str | None = None
        """The page chosen with [ or ], until the tab changes."""
        self.page = Static("", markup=False)

    def compose(self) -> ComposeResult:
        yield self.page

    def on_mount(self) -> None:
        self.editing.subscribe(self, self.on_change)
        self.watch(self.screen.query_one(TabBar), "active", self.on_tab, init=False)
        self.show()

    def on_change(self, change: Change) -> None:
        self.show()

    def on_tab(self, tab: Tab) -> None:
        self.chosen = None
        self.show()

    def on_resize(self) -> None:
        self.show()

    def current(self) -> str:
        return self.chosen or page_for_tab(self.screen.query_one(TabBar).active.value)

    def step(self, by: int) -> None:
        """The previous or next page ([ and ])."""
        self.chosen = PAGES[(PAGES.index(self.current()) + by) % len(PAGES)]
        self.show()

    def show(self) -> None:
        width = min(WIDTH, max(24, (self.size.width or WIDTH + 4) - 4))
        self.page.update(content(render(self.editing.values, self.current(), width)))


def shown_preview(screen: Screen[Any]) -> PreviewPane | None:
    found = screen.query(PreviewPane)
    return found.first() if found and found.first().display else None


async def toggle_preview(screen: Screen[Any], editing: Editing) -> None:
    """Show the preview (made the first time) or hide it."""
    found = screen.query(PreviewPane)
    if not found:
        await screen.query_one("#body").mount(PreviewPane(editing))
    else:
        found.first().display = not found.first().display
    place_preview(screen)


def place_preview(screen: Screen[Any]) -> None:
    """Beside the rows from WIDE columns; in their place below, where the rows keep the focus,
    shrunk to no width, so keys still reach them (a hidden widget would lose it)."""
    pane = shown_preview(screen)
    in_place = pane is not None and screen.size.width < WIDE
    screen.set_class(in_place, "-preview-in-place")
    if pane is not None:
        pane.set_class(in_place, "-in-place")
