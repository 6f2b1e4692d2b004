"""One dialog for every question with a few answers (quit, draft, conflict, save, confirm, errors):
each answer a binding, the hint made from the bindings as the keymap has them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, Literal, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.catalog import SETTINGS
from ...model.edits import ABSENT, raw_value, same
from ...model.problems import Problem
from ...model.session import Session
from ...model.visible import visible
from ..texts import shown_apart
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint

Answer = TypeVar("Answer", bound=str)


class ChoiceDialog(ModalScreen[Answer], Generic[Answer]):
    """A title, lines to read, and answers. A subclass declares its answers as bindings whose
    action is ``choose('answer')``; the hint under the lines lists them with the keys they
    have now, so a ``[keymap]`` remap never leaves a stale key on screen."""

    def __init__(self, title: str, lines: Sequence[Content] = (), note: str = "", flagged: Sequence[int] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.note = note
        self.flagged = set(flagged)
        """Lines shown as problems (in the error colour, besides their words)."""

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.title_text), classes="title", markup=False)
            if self.lines:
                with VerticalScroll(classes="list"):
                    for i, line in enumerate(self.lines):
                        yield Static(line, markup=False, classes="problem" if i in self.flagged else "")
            if self.note:
                yield Static(Content(self.note), classes="note", markup=False)
            yield Hint()

    def action_choose(self, answer: str) -> None:
        self.dismiss(cast(Answer, answer))


def _choose(keys: str, answer: str, description: str, id: str, tooltip: str) -> Binding:
    return Binding(keys, f"choose('{answer}')", description, id=id, tooltip=tooltip)


def change_lines(saved: dict[str, Any], current: dict[str, Any]) -> list[Content]:
    """One line per changed key: ``KEY (Label): old -> new``."""
    preview = Session(saved)
    preview.data = current
    lines = []
    for key in preview.changed():
        info = SETTINGS.get(key)
        label = f" ({info.label})" if info else ""
        old, new = raw_value(saved, key), raw_value(current, key)
        old_text, new_text = shown_apart(info.default if old is ABSENT and info else old, new)
        if old is ABSENT:
            old_text = f"(default) {old_text}" if info else "(none)"
        if new is ABSENT:
            new_text = "(removed)"
        lines.append(Content(f"{visible(key)}{label}: {old_text} -> {new_text}"))
    return lines


# --- quitting or leaving with unsaved changes ---------------------------------------------

QuitChoice = Literal["save", "discard", "cancel"]


class QuitDialog(ChoiceDialog[QuitChoice]):
    """Asked once before unsaved changes would be left: nothing is lost by accident. It shows
    the changes as the save confirmation would, so saving here is not asked a second time."""

    BINDINGS = [
        _choose("s", "save", "Save", "quit-save", "Save these changes, then go on"),
        _choose("d", "discard", "Discard", "quit-discard", "Go on without saving (the changes are lost)"),
        _choose("c,escape", "cancel", "Keep editing", "quit-cancel", "Stay and keep editing"),
    ]

    def __init__(self, session: Session, leaving: str = "quit", creating: str | None = None) -> None:
        """``creating``: the file saving a new profile makes (its changes are from the defaults)."""
        lines = change_lines(session.saved, session.data)
        changes = f"{len(lines)} unsaved change{'s' if len(lines) != 1 else ''}"
        if creating is None:
            title = f"{changes}. Save before you {leaving}?"
        else:
            title = f"{changes} from the defaults. Create {visible(creating)} before you {leaving}?"
        super().__init__(title, lines)


# --- a draft left by an editor that did not finish ----------------------------------------

DraftChoice = Literal["restore", "discard", "later"]


class DraftDialog(ChoiceDialog[DraftChoice]):
    BINDINGS = [
        _choose("r", "restore", "Restore them", "draft-restore", "Bring these edits back (unsaved; ctrl+z undoes)"),
        _choose("d", "discard", "Discard the draft", "draft-discard", "Throw the draft away"),
        _choose("escape", "later", "Decide later", "draft-later", "Keep the draft and decide later"),
    ]

    def __init__(self, saved: dict[str, Any], draft: dict[str, Any]) -> None:
        lines = change_lines(saved, draft)
        count = len(lines)
        super().__init__(
            f"A draft holds {count} unsaved edit{'s' if count != 1 else ''} from an editor that did not finish:", lines
        )


# --- the file changed on disk ---------------------------------------------------------------

ConflictChoice = Literal["theirs", "mine", "cancel"]


def their_changes(base: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Keys the file on disk changed since this editor last read or saved it."""
    return [k for k in SETTINGS if not same(raw_value(base, k), raw_value(theirs, k))]


class ConflictDialog(ChoiceDialog[ConflictChoice]):
    """Nothing is silently overwritten: theirs (reload, keeping my other edits) or mine."""

    BINDINGS = [
        _choose("t", "theirs", "Keep theirs", "conflict-theirs", "Reload; your edits of other keys stay pending"),
        _choose("m", "mine", "Keep mine", "conflict-mine", "Write your changes over theirs; their others stay"),
        _choose("escape", "cancel", "Decide later", "conflict-cancel", "Go back without saving"),
    ]

    def __init__(self, session: Session, theirs: dict[str, Any]) -> None:
        saved, mine_now = session.saved, session.data
        mine = set(session.changed())
        changed = their_changes(saved, theirs)
        both = [k for k in changed if k in mine]
        lines: list[Content] = []
        flagged: list[int] = []

        def line(who: str, key: str, new: dict[str, Any]) -> Content:
            old_text, new_text = shown_apart(raw_value(saved, key), raw_value(new, key))
            return Content(f"{who}: {key}: {old_text} -> {new_text}")

        for key in changed:
            if key in both:
                flagged.append(len(lines))
            lines.append(line("BOTH theirs" if key in both else "theirs", key, theirs))
        for key in sorted(mine - set(changed), key=list(SETTINGS).index):
            lines.append(line("mine", key, mine_now))
        for key in both:
            flagged.append(len(lines))
            lines.append(line("BOTH mine", key, mine_now))
        note = f"Changed on both sides: {', '.join(both)}." if both else "No key was changed on both sides."
        super().__init__("The file changed on disk since you opened it.", lines, note, flagged)


# --- saving -----------------------------------------------------------------------------------

SaveChoice = Literal["save", "cancel"]


class SaveDialog(ChoiceDialog[SaveChoice]):
    """The save confirmation: the changes key by key. (Looking at pending changes without
    saving is the compare screen, `d`.)"""

    BINDINGS = [
        _choose("y,enter", "save", "Save", "confirm-save", "Write these changes to the file"),
        _choose("n,escape", "cancel", "Cancel", "cancel-save", "Go back without saving"),
    ]

    def __init__(self, session: Session, creating: str | None = None) -> None:
        """``creating``: the file a new profile's save makes (its changes are from the defaults)."""
        lines = change_lines(session.saved, session.data)
        count = len(lines)
        changes = f"{count} change{'s' if count != 1 else ''}"
        if creating is None:
            title = f"Save {changes}?"
        elif count:
            title = f"Create {visible(creating)} with {changes} from the defaults?"
        else:
            title = f"Create {visible(creating)} with every setting at its default?"
        super().__init__(title, lines)


class ErrorsDialog(ChoiceDialog[Literal["close"]]):
    """Why a save was refused: the errors it would add (never worse)."""

    BINDINGS = [_choose("escape,enter", "close", "Close", "close-errors", "Back to editing")]

    def __init__(self, title: str, problems: Sequence[Problem]) -> None:
        lines: list[Content] = []
        for problem in problems:
            label = SETTINGS[problem.key].label if problem.key in SETTINGS else ""
            lines.append(Content(f"{visible(problem.key)}{' (' + label + ')' if label else ''}: {problem.message}"))
        super().__init__(
            title, lines, "Fix these, or undo the edits that caused them (ctrl+z).", flagged=range(len(lines))
        )


# --- a yes or no ------------------------------------------------------------------------------

YesNo = Literal["yes", "no"]


class ConfirmDialog(ChoiceDialog[YesNo]):
    BINDINGS = [
        _choose("y", "yes", "Yes", "confirm-yes", "Yes, do it"),
        _choose("n,escape", "no", "No", "confirm-no", "No, go back"),
    ]
