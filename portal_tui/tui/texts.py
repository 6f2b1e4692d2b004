"""Values as the editor's text fields and lists show them, and back: the shown form is never written as the value."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from ..model.display import as_json, shown
from ..model.edits import same
from ..model.visible import edited, visible


def as_text(value: Any) -> str:
    """The text a field edits a value as: a string is itself (hidden characters and all; the
    field shows them as escapes), anything else its shown form (edited, it becomes text)."""
    return value if isinstance(value, str) else shown(value)


class FieldText:
    """What a text field stands for, followed edit by edit: it shows hidden characters as
    escapes (ESC as ``\\u001b``), so its text is not the value. Each text it holds is read
    against the one before (model.visible.edited): the characters behind escapes an edit
    leaves whole stay the characters, what is typed is taken as typed."""

    def __init__(self, text: str) -> None:
        self.meant = text
        """The value as text (as_text), hidden characters and all."""
        self.seen = visible(text)
        """The field's text it was last read at."""

    def read(self, text: str) -> str:
        """What the field stands for now that it holds ``text``."""
        self.meant, self.seen = edited(self.meant, self.seen, text), text
        return self.meant


def shown_apart(old: Any, new: Any) -> tuple[str, str]:
    """``old`` and ``new`` as the editor shows values; when they differ but would read the
    same (a hidden character and the typed text of its escape, ``\\u001b``; ``true`` and
    "true"), as JSON instead, which escapes a typed backslash and quotes text."""
    a, b = shown(old), shown(new)
    if a == b and not same(old, new):
        return as_json(old), as_json(new)
    return a, b


class TextFields(Widget):
    """A widget holding text fields (Inputs told apart by a class) whose values are followed
    through FieldText, so hidden characters of the file survive edits of the text around
    them. A field left as it was shown gives back None: its entry's own value stands.

    A mixin: name it after the container it is (``Line(Horizontal, TextFields)``), since
    Textual takes a widget's CSS types from its first bases only (Horizontal's layout)."""

    texts: dict[str, FieldText]
    shown: dict[str, str]
    """Each field's text as it was first shown."""

    def follow(self, texts: dict[str, str]) -> None:
        """Follow these fields, each from its value as text (as_text)."""
        self.texts = {field: FieldText(text) for field, text in texts.items()}
        self.shown = {field: text.seen for field, text in self.texts.items()}

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each edit in order; one the field is already past is left to the next read."""
        for field, text in self.texts.items():
            if event.input.has_class(field) and event.value == event.input.value:
                text.read(event.value)

    def typed(self, field: str) -> str | None:
        """What the field stands for when the user changed it, else None."""
        now = self.query_one(f".{field}", Input).value
        meant = self.texts[field].read(now)
        return None if now == self.shown[field] else meant
