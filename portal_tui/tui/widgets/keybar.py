"""The bottom line of keys: Textual's Footer drawn as one line, redrawn only when its keys change."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """The shown bindings of the focused chain, as Textual's Footer lists them (key display,
    description, dimmed when disabled, the palette key at the right), but one widget drawing
    one line. The Footer rebuilds a widget per key each time the bindings are refreshed,
    which focus moves do two or three times: over SSH that was ~1,400 bytes per `j` for a
    line that had not changed. Here the line is compared and left alone when it is the same.
    A click on a key presses it, as on the Footer."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.line = Content("")
        self.spots: list[tuple[int, int, str]] = []
        """(first column, column after, key) of each key drawn, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        line, spots = self.compose_line()
        if line.plain != self.line.plain or line.spans != self.line.spans:
            self.line, self.spots = line, spots
            self.refresh()

    def compose_line(self) -> tuple[Content, list[tuple[int, int, str]]]:
        app = self.app
        parts: list[Content] = []
        spots: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        column = 0
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            dim = "" if active.enabled else " dim"
            part = Content.assemble(
                (f" {app.get_key_display(binding)} ", f"bold $footer-key-foreground{dim}"),
                (f"{binding.description} ", dim.strip()),
            )
            spots.append((column, column + part.cell_length, binding.key))
            parts.append(part)
            column += part.cell_length
        line = Content("").join(parts)
        palette = self.palette()
        if palette is not None:
            key, shown = palette
            room = self.size.width - line.cell_length - shown.cell_length
            if room > 0:
                spots.append((line.cell_length + room, line.cell_length + room + shown.cell_length, key))
                line = line + Content(" " * room) + shown
        return line, spots

    def palette(self) -> tuple[str, Content] | None:
        """The command palette's key, right-aligned as on the Footer."""
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        shown = Content.assemble(
            ("▏", "$footer-description-foreground"),
            (app.get_key_display(active.binding), "bold $footer-key-foreground"),
            " palette ",
        )
        return active.binding.key, shown

    def on_resize(self) -> None:
        self.line, self.spots = self.compose_line()
        self.refresh()

    def render(self) -> Content:
        return self.line

    def on_click(self, event: events.Click) -> None:
        for first, after, key in self.spots:
            if first <= event.x < after:
                self.app.simulate_key(key.split(",")[0])
                return
