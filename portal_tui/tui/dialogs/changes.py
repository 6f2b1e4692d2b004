"""The changes key by key (old -> new): the save confirmation, and the `d` view."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...model.catalog import SETTINGS
from ...model.edits import ABSENT, raw_value
from ...model.problems import Problem
from ...model.session import Session
from ...model.visible import visible
from ...output import shown


def change_lines(session: Session) -> list[Content]:
    """One line per changed key: ``KEY (Label): old -> new``."""
    lines = []
    saved, current = session.saved, session.data
    for key in session.changed():
        info = SETTINGS.get(key)
        label = f" ({info.label})" if info else ""
        old, new = raw_value(saved, key), raw_value(current, key)
        old_text = (
            "(default) " + shown(info.default)
            if old is ABSENT and info
            else ("(none)" if old is ABSENT else shown(old))
        )
        new_text = "(removed)" if new is ABSENT else shown(new)
        lines.append(Content(f"{visible(key)}{label}: {old_text} -> {new_text}"))
    return lines


class ChangesScreen(ModalScreen[bool]):
    """The save confirmation: the changes key by key; ``y``/enter saves. (Looking at pending
    changes without saving is the compare screen, `d`.)"""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Save", id="confirm-save", tooltip="Write these changes to the file"),
        Binding("n,escape", "answer(False)", "Cancel", id="cancel-save", tooltip="Go back without saving"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        lines = change_lines(self.session)
        count = len(lines)
        with Vertical(id="dialog"):
            yield Static(Content(f"Save {count} change{'s' if count != 1 else ''}?"), classes="title", markup=False)
            with VerticalScroll(classes="list"):
                for line in lines:
                    yield Static(line, markup=False)
            yield Static(Content("y or enter: save    n or escape: cancel"), classes="hint", markup=False)
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ErrorsScreen(ModalScreen[None]):
    """Why a save was refused: the errors it would add (never worse)."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close-errors", tooltip="Back to editing")]

    def __init__(self, title: str, problems: list[Problem]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.title_text), classes="title", markup=False)
            with VerticalScroll(classes="list"):
                for problem in self.problems:
                    label = SETTINGS[problem.key].label if problem.key in SETTINGS else ""
                    yield Static(
                        Content(f"{visible(problem.key)}{' (' + label + ')' if label else ''}: {problem.message}"),
                        classes="problem",
                        markup=False,
                    )
            yield Static(
                Content("Fix these, or undo the edits that caused them (ctrl+z). escape: close"),
                classes="hint",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
