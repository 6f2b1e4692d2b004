"""A list read from the open profile's Stripe account in the background, narrowed as you type, one entry picked."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..bindings import MOVES
from ..catalogs import Account
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint

Picked = TypeVar("Picked")
Entry = TypeVar("Entry")


def matching(query: str, *texts: str) -> bool:
    """Every word of the query is in one of the texts (case aside)."""
    hay = " ".join(texts).lower()
    return all(word in hay for word in query.lower().split())


class AccountDialog(ModalScreen[Picked], Generic[Picked, Entry]):
    """The request runs in a worker thread behind a loading indicator, so the editor keeps
    answering; escape closes the dialog at once and what comes back later is dropped. Its
    failure (no key, Stripe's error) is said in one line, and the dialog stays open to be
    closed. The filter narrows the list as each key arrives, so keys typed while the list
    loads narrow it when it comes. A subclass reads the list (``fetch``, in the thread),
    shows it (``options``) and hands back the entry picked (``choose``)."""

    AUTO_FOCUS = "Input"
    DEFAULT_CSS = """
    AccountDialog #busy { height: 1; }
    AccountDialog #found { height: auto; max-height: 12; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="account-cancel",
                tooltip="Back without picking (a request still under way is dropped)"),
        Binding("down", "move(1)", "Next", id="account-next", show=False, tooltip="Highlight the next entry",
                group=MOVES),
        Binding("up", "move(-1)", "Previous", id="account-previous", show=False,
                tooltip="Highlight the previous entry", group=MOVES),
    ]  # fmt: skip

    verb = "pick"
    """What enter does, as the hint says it."""
    instead = "Escape goes back."
    """What to do when the list cannot be read."""

    def __init__(self, account: Account, title: str, found: tuple[str, list[Entry]] | None = None) -> None:
        super().__init__()
        self.account = account
        self.title_text = title
        self.found = found
        """Where the list is from and the list, once it came (a dialog may be given it, read before)."""
        self.preferred: str | None = None
        """The option highlighted when the list comes (its ID), if it is shown."""

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.title_text), classes="title", markup=False)
            yield Static("", id="said", classes="note", markup=False)
            yield LoadingIndicator(id="busy")
            yield Input(placeholder="Filter: type any part of a line", compact=True, id="filter")
            yield OptionList(id="found", classes="list")
            instead = Static(Content(self.instead), id="instead", classes="note", markup=False)
            instead.display = False
            yield instead
            yield Hint(before=f"enter: {self.verb}")

    def on_mount(self) -> None:
        if self.found is not None:
            self.arrived(self.found)
        else:
            self.say(f"Asking Stripe ({self.account.mode} mode)…")
            self._fetch()

    def say(self, text: str, problem: bool = False) -> None:
        said = self.query_one("#said", Static)
        said.set_class(problem, "problem")
        said.update(Content(text))

    @work(thread=True, exclusive=True, group="account")
    def _fetch(self) -> None:
        found = self.fetch()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.arrived, found)

    def fetch(self) -> tuple[str, list[Entry]] | str:
        """The list and where it is from, or why there is none: blocks (a worker thread calls it)."""
        raise NotImplementedError

    def arrived(self, found: tuple[str, list[Entry]] | str) -> None:
        if not self.is_attached:
            return
        self.query_one("#busy").display = False
        if isinstance(found, str):
            self.say(found, problem=True)
            for part in self.query("#filter, #found, #instead"):
                part.display = part.id == "instead"
            return
        self.found = found
        self.say(self.summary(*found))
        self.show(self.query_one(Input).value)

    def summary(self, where: str, entries: list[Entry]) -> str:
        """The line above the list once it came."""
        raise NotImplementedError

    def options(self, query: str) -> list[Option]:
        """The list's lines that match the filter (an option's ID names the entry to ``choose``)."""
        raise NotImplementedError

    def choose(self, ident: str) -> None:
        """The option picked (by its ID): hand back its entry, or say why not."""
        raise NotImplementedError

    def show(self, query: str) -> None:
        if self.found is None:
            return
        found = self.query_one(OptionList)
        found.clear_options()
        found.add_options(self.options(query))
        ids = [found.get_option_at_index(i).id for i in range(found.option_count)]
        if self.preferred in ids:
            found.highlighted = ids.index(self.preferred)
        else:
            found.action_first()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.query_one(OptionList)
        if found.highlighted is not None:
            self.picked(found.get_option_at_index(found.highlighted))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.picked(event.option)

    def picked(self, option: Option) -> None:
        if option.id is not None and not option.disabled:
            self.choose(option.id)

    def action_move(self, step: int) -> None:
        found = self.query_one(OptionList)
        if step > 0:
            found.action_cursor_down()
        else:
            found.action_cursor_up()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "account")
        self.dismiss(None)


def entry(*lines: Any, ident: str | None = None, disabled: bool = False) -> Option:
    """An option of one or more lines."""
    return Option(Content("\n").join(line if isinstance(line, Content) else Content(line) for line in lines),
                  id=ident, disabled=disabled)  # fmt: skip
