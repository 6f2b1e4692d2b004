"""The editor's tab bar: every tab title on one line, the active one marked, in one widget."""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...model.meta import Tab


def titles(active: Tab, width: int) -> list[str]:
    """Each tab's title for a bar ``width`` columns wide: full titles from 110 columns, short
    ones while all eight fit (80), else the number alone but for the active tab, so a title
    is never broken across lines."""
    full = [f" {tab.value} {tab.title} " for tab in Tab]
    if width >= 110:
        return full
    short = [f" {tab.value} {tab.short} " for tab in Tab]
    if sum(len(t) for t in short) <= width:
        return short
    return [f" {tab.value} {tab.short} " if tab is active else f" {tab.value} " for tab in Tab]


class TabBar(Widget):
    """Textual's Tabs builds thirteen widgets for eight titles, which cost the first frame
    ~15 ms and ~0.6 MB; this draws the same line and underline as one. Tabs are switched with
    the number keys and left/right (bindings of the editor), or by clicking a title. The active
    title is bold as well as coloured, so it reads without color."""

    DEFAULT_CSS = """
    TabBar {
        height: 2;
        & > .tab-bar--tab { color: $foreground; }
        & > .tab-bar--active {
            color: $block-cursor-foreground; background: $block-cursor-background; text-style: bold;
        }
        & > .tab-bar--bar { color: $foreground 10%; }
        & > .tab-bar--highlight { color: $block-cursor-background; }
    }
    """

    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active", "tab-bar--bar", "tab-bar--highlight"}

    active: reactive[Tab] = reactive(Tab.SUBSCRIPTIONS)

    class Clicked(Message):
        """A tab title was clicked."""

        def __init__(self, tab: Tab) -> None:
            super().__init__()
            self.tab = tab

    def __init__(self, active: Tab, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(TabBar.active, active)
        self.spans: list[tuple[int, int, Tab]] = []
        """Each title's first and past-the-end column, for clicks."""

    def render(self) -> RenderResult:
        width = self.size.width
        plain, active = self.get_visual_style("tab-bar--tab"), self.get_visual_style("tab-bar--active")
        parts, self.spans, column, start, end = [], [], 0, 0, 0
        for tab, label in zip(Tab, titles(self.active, width), strict=True):
            parts.append(Content.styled(label, active if tab is self.active else plain))
            self.spans.append((column, column + len(label), tab))
            if tab is self.active:
                start, end = column, column + len(label)
            column += len(label)
        bar, highlight = self.get_visual_style("tab-bar--bar"), self.get_visual_style("tab-bar--highlight")
        underline = Content.assemble(
            ("━" * start, bar), ("━" * (end - start), highlight), ("━" * max(0, width - end), bar)
        )
        return Content("").join(parts).truncate(width, ellipsis=True) + Content("\n") + underline

    def on_click(self, event: events.Click) -> None:
        for first, past, tab in self.spans:
            if first <= event.x < past:
                self.post_message(self.Clicked(tab))
                return
