"""The frame every dialog draws in: a bordered column with a title, a list, notes and problems."""

from __future__ import annotations

from textual.containers import Vertical


class Dialog(Vertical):
    """Centered by the modal screen it is on; ``.title``, ``.list``, ``.note`` and ``.problem``
    children get their look from here, so every dialog reads the same."""

    DEFAULT_CSS = """
    Dialog {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
        & .title { text-style: bold; padding-bottom: 1; }
        & .list { height: auto; max-height: 16; }
        & .note { height: auto; padding: 0 1; color: $text-muted; }
        & .problem { color: $text-error; }
    }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(id="dialog", classes=classes)
