"""The portal-tui Textual app: one profile open for editing, its collaborators, and every action by binding id."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from ..model.session import Session
from ..store.locks import Lock
from ..store.paths import StoreError, Target
from ..store.preferences import Preferences
from ..store.profiles import Store
from ..store.read import Loaded
from . import keyparse
from .bindings import commands, key_lines, keys_of
from .editing import Editing
from .safeguards import Safeguards
from .saving import Saving
from .screens.editor import EditorScreen
from .screens.review import Review, ReviewScreen
from .theming import Theming
from .typeahead import TypeAhead
from .widgets.helparea import facts

if TYPE_CHECKING:
    from .hangup import Ending
    from .screens.profiles import ProfilesScreen

# The other screens are imported where they open: the first frame needs the editor only.


def _binding(key: str, action: str, description: str, id: str, tooltip: str, **kw: Any) -> Binding:
    return Binding(key, action, description, id=id, tooltip=tooltip, **kw)


class PortalApp(App[int]):
    """Edits one profile. Every action is a binding with an id (remappable through the
    ``[keymap]`` of settings.toml), a tooltip, and a command in the palette.

    The app composes the parts and routes actions to them: ``editing`` (the profile and the
    one way to change it), ``safeguards`` (draft, lock, changes on disk), ``saving`` (save
    and leave), ``theming`` and ``typeahead`` (keys arriving in bursts).
    """

    TITLE = "portal-tui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        _binding("ctrl+s", "save", "Save", "save", "Save the changes, showing them first", priority=True),
        _binding("ctrl+z", "undo", "Undo", "undo", "Undo the last edit", priority=True),
        _binding("ctrl+y", "redo", "Redo", "redo", "Redo the last undone edit", show=False, priority=True),
        _binding("slash", "jump", "Find", "jump", "Jump to any setting by label or key"),
        _binding("question_mark", "help", "Help", "help", "The focused setting and every key"),
        _binding("d", "changes", "Compare", "changes", "The pending changes; or compare with the defaults, "
                 "another profile or a version", show=False),
        _binding("h", "history", "History", "history", "Kept versions: who, when, which keys; restore one",
                 show=False),
        _binding("x", "export", "Export", "export", "The Stripe API parameters of this profile", show=False),
        _binding("p", "profiles", "Profiles", "profiles", "Every profile: open, new, copy, rename, delete",
                 show=False),
        _binding("q", "quit", "Quit", "quit", "Quit; asks when there are unsaved changes"),
        _binding("S", "stripe", "Stripe", "stripe", "The Stripe configuration: link, plan, push, Stripe's values",
                 show=False),
        _binding("T", "take_lock", "Take over", "take-lock",
                 "Edit a profile another editor has open; read-only until then", show=False),
        _binding("ctrl+q", "quit", "Quit", "quit-anywhere", "Quit from anywhere; asks when there are unsaved changes",
                 show=False, priority=True),
    ]  # fmt: skip

    def __init__(
        self,
        store: Store,
        target: Target,
        *,
        prefs: Preferences | None = None,
        read_only: str | None = None,
        notices: Iterable[str] = (),
        lock: Lock | None = None,
        review: Review | None = None,
        ending: Ending | None = None,
        key_file: str | None = None,
        loaded: Loaded | None = None,
    ) -> None:
        super().__init__()
        keyparse.install()  # Escape and the key after it, sent together, stay two keys
        self.prefs = prefs or Preferences()
        self.notices = list(notices)
        self.review = review
        self.ending = ending
        self.editing = Editing(self, store, target, read_only=read_only, lock=lock, loaded=loaded, key_file=key_file)
        self.safeguards = Safeguards(self, self.editing)
        self.saving = Saving(self, self.editing, self.safeguards, confirm=self.prefs.confirm_save)
        self.typeahead = TypeAhead(self)
        self.theming = Theming(self, store.layout, self.prefs.theme, self.notices)
        editing, hold = self.editing, self.typeahead.working
        self.editor = ReviewScreen(editing, hold, review) if review else EditorScreen(editing, hold)
        self.theming.choose()

    # --- what callers holding the app read (the commands, the tests) ------------------------

    @property
    def session(self) -> Session:
        return self.editing.session

    @property
    def target(self) -> Target:
        return self.editing.target

    @property
    def store(self) -> Store:
        return self.editing.store

    @property
    def read_only(self) -> bool:
        return self.editing.read_only

    @property
    def read_only_reason(self) -> str:
        return self.editing.read_only_reason

    # --- running ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return self.editor

    def on_mount(self) -> None:
        problems: list[str] = []
        if self.prefs.keymap:
            from .keymap import check

            safe, problems = check(self.prefs.keymap, type(self))
            self.set_keymap(safe)
        for line in [*self.prefs.problems, *problems, *self.notices]:
            self.notify(line, timeout=8)
        self.editing.subscribe(self, self.safeguards.on_change)
        self.safeguards.watch_lock()
        if self.ending is not None:  # a hang-up from now on keeps the edits, then ends at once
            self.ending.keep_edits = self.safeguards.keep_draft
            self.ending.release = self.safeguards.release_lock
            self.ending.graceful = partial(asyncio.get_running_loop().call_soon_threadsafe, self.exit)
        self.call_after_refresh(self.editing.finish_opening)
        self.call_after_refresh(self.safeguards.offer_draft)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.typeahead.handle(event, super().on_event)
        else:
            await super().on_event(event)

    def on_app_focus(self) -> None:
        self.safeguards.back_in_focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only: the keys that would edit or save are hidden from the footer. While the
        palette is open they belong to its text field (ctrl+z undoes typing there; ctrl+s
        would open the save dialog over the palette): disabled, not hidden, so the palette
        still names them. Save stays on in an editor whose lock was taken over, so that
        ctrl+s says why its pending edits cannot be saved."""
        if action in ("save", "undo", "redo"):
            allowed = (action == "save" and self.editing.taken is not None) or not self.read_only
            return None if allowed and isinstance(self.screen, CommandPalette) else allowed
        return True

    def action_command_palette(self) -> None:
        """One palette at a time. Textual looks only at the top screen, so a dialog opened over
        the palette let ctrl+p open a second one with the same id, which crashed the editor."""
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            super().action_command_palette()

    # --- editing ----------------------------------------------------------------------------

    def action_undo(self) -> None:
        if not self.read_only:
            what = self.editing.undo()
            self.notify(f"Undid: {what}" if what else "Nothing to undo.", timeout=2)

    def action_redo(self) -> None:
        if not self.read_only:
            what = self.editing.redo()
            self.notify(f"Redid: {what}" if what else "Nothing to redo.", timeout=2)

    def action_take_lock(self) -> None:
        self.safeguards.take_lock()

    def action_save(self) -> None:
        self.saving.save()

    async def action_quit(self) -> None:
        """Nothing is put over the palette: a choice it is still carrying out (enter, then
        ctrl+q in one burst) closes the top screen, not itself; the quit question would vanish
        and the palette stay, its result given, so Textual crashed on the next escape."""
        if isinstance(self.screen, CommandPalette):
            self.notify("Close the palette first (escape), then quit.", timeout=4)
            return
        self.saving.leave(partial(self.exit, 0))

    # --- moving and looking -------------------------------------------------------------------

    def jump_to(self, key: str) -> None:
        self.call_later(self.editor.jump_to, key)

    async def action_jump(self) -> None:
        """`/`: the finder, waited for, so keys typed ahead land in it, not in the editor."""
        from .dialogs.find import JumpDialog

        def chosen(key: str | None) -> None:
            if key:
                self.jump_to(key)

        await self.push_screen(JumpDialog(), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        row = self.editor.focused_row()
        setting = (row.info, facts(row.info, self.session.values)) if row else None
        self.push_screen(HelpScreen(setting, key_lines(self.editor)))

    def keys_of(self, binding_id: str) -> str:
        """The keys a binding has in the editor now (the keymap applied), for texts that name them."""
        return keys_of(self.editor, binding_id)

    def action_export(self) -> None:
        from ..stripe.export import build
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen(build(self.session.values, self.session.problems)))

    def action_changes(self) -> None:
        from .screens.compare import CompareScreen, sources

        self.push_screen(CompareScreen(self.editing, sources(self.editing)))

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.editing))

    def action_stripe(self) -> None:
        from .screens.stripe import StripeScreen

        self.push_screen(StripeScreen(self.editing, self.editing.key_file))

    # --- other profiles -----------------------------------------------------------------------

    def action_profiles(self) -> None:
        from .screens.profiles import ProfilesScreen

        self.push_screen(ProfilesScreen(self.editing))

    def on_profiles_screen_open(self, message: ProfilesScreen.Open) -> None:
        self.open_profile(message.name)

    def open_profile(self, name: str) -> None:
        """Switch the editor to another profile, asking first about unsaved changes."""
        if name == self.target.name:
            self.pop_screen()
            return
        self.saving.leave(partial(self.call_later, self._open, name), leaving=f"open {name}")

    async def _open(self, name: str) -> None:
        target = self.store.target(name)
        while self.screen is not self.editor:
            await self.pop_screen()
        try:
            self.editing.open(target)  # the editor rebuilds its rows, the draft is offered
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)

    # --- themes -------------------------------------------------------------------------------

    def action_change_theme(self) -> None:
        self.theming.pick()

    def on_command_palette_option_highlighted(self, event: CommandPalette.OptionHighlighted) -> None:
        self.theming.highlighted(event)

    def on_command_palette_closed(self, event: CommandPalette.Closed) -> None:
        self.theming.closed(event)

    # --- the palette ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own but its Quit (ours asks when there are unsaved changes), then the
        actions of the screen the palette opened over when that is not the editor (the Stripe
        screen's, a dialog's: they answer there, and win a title they share), then every action
        of the app and the editor, each read from its bindings."""
        yield from (c for c in super().get_system_commands(screen) if c.title != "Quit")
        theirs = screen is self.editor or isinstance(screen, CommandPalette)
        own = [] if theirs else list(commands((screen,), partial(keys_of, screen)))
        yield from own
        titles = {c.title for c in own}
        yield from (c for c in commands((self, self.editor), self.keys_of) if c.title not in titles)
