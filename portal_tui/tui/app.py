"""The portal-tui Textual app: one profile, its editing session, and every action by id."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from ..model.catalog import SettingInfo
from ..model.problems import check
from ..model.session import Session
from ..store.history import digest
from ..store.images import inspector
from ..store.locks import Lock
from ..store.paths import StoreError, Target
from ..store.preferences import Preferences
from ..store.profiles import Conflict, Refused, Store, new_errors
from ..store.read import Loaded, Missing, read
from . import keyparse
from .safeguards import Safety
from .screens.editor import EditorScreen
from .screens.review import Review, ReviewScreen
from .theming import Theming
from .typeahead import TypeAhead

if TYPE_CHECKING:
    from ..hangup import Ending
    from .dialogs.quit import QuitChoice

# The other screens are imported where they open: the first frame needs the editor only.


class PortalApp(Safety, Theming, TypeAhead, App[int]):
    """Edits one profile. Every action is a binding with an id (remappable through the
    ``[keymap]`` of settings.toml), a tooltip, and a command in the palette."""

    TITLE = "portal-tui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True, tooltip="Save the changes (shows them first)"),
        Binding("ctrl+z", "undo", "Undo", id="undo", priority=True, tooltip="Undo the last edit"),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False, priority=True, tooltip="Redo the last undone edit"),
        Binding("slash", "jump", "Find", id="jump", tooltip="Jump to any setting by label or key"),
        Binding("question_mark", "help", "Help", id="help", tooltip="The focused setting and every key"),
        Binding(
            "d",
            "changes",
            "Compare",
            id="changes",
            show=False,
            tooltip="The pending changes; or compare with the defaults, another profile or a version",
        ),
        Binding(
            "h",
            "history",
            "History",
            id="history",
            show=False,
            tooltip="Kept versions: who, when, which keys; restore one",
        ),
        Binding("x", "export", "Export", id="export", show=False, tooltip="The Stripe API parameters of this profile"),
        Binding(
            "p",
            "profiles",
            "Profiles",
            id="profiles",
            show=False,
            tooltip="Every profile: open, new, copy, rename, delete",
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (asks when there are unsaved changes)"),
        Binding(
            "T",
            "take_lock",
            "Take over",
            id="take-lock",
            show=False,
            tooltip="Edit a profile another editor has open (read-only until then)",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit-anywhere",
            show=False,
            priority=True,
            tooltip="Quit from anywhere (asks when there are unsaved changes)",
        ),
    ]

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
    ) -> None:
        super().__init__()
        keyparse.install()  # Escape and the key after it, sent together, stay two keys
        self.lock = lock
        self.ending = ending
        self.farewell: list[str] = []
        self.store = store
        self.target = target
        self.prefs = prefs or Preferences()
        self.notices = list(notices)
        self.asked_read_only = read_only
        self.session = self.load_session(target)
        self.review = review
        self.editor = ReviewScreen(review) if review else EditorScreen()
        self.choose_theme()
        self._theme_before: str | None = None
        self._draft_timer: Timer | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only: the keys that would edit or save are hidden from the footer."""
        return not (self.read_only and action in ("save", "undo", "redo"))

    def load_session(self, target: Target) -> Session:
        """Read a profile into a fresh session (read-only if a newer version wrote it). A
        profile with no file yet is new: all defaults, and no file until it is saved."""
        try:
            loaded = read(target.path)
        except Missing:
            if target.name is None:
                raise
            loaded = Loaded(target.path, b"", {})
            self.is_new = True
        else:
            self.is_new = False
        images = inspector(target.path.parent)
        self.read_only_reason = self.asked_read_only or ""
        if loaded.newer and not self.read_only_reason:
            self.read_only_reason = f"schema_version {loaded.schema_version} is newer than this program"
        self.disk_digest = "" if self.is_new else digest(loaded.raw)
        return Session(loaded.data, checker=lambda data: loaded.notes + check(data, images=images))

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def profile_name(self) -> str:
        return self.target.name or str(self.target.path)

    def get_default_screen(self) -> Screen[Any]:
        return self.editor

    def on_mount(self) -> None:
        if self.prefs.keymap:
            self.set_keymap(self.prefs.keymap)
        for line in [*self.prefs.problems, *self.notices]:
            self.notify(line, timeout=8)
        if self.ending is not None:  # a hang-up from now on keeps the edits, then ends at once
            loop = asyncio.get_running_loop()
            self.ending.keep_edits = self.keep_draft
            self.ending.release = self.release_lock
            self.ending.graceful = partial(loop.call_soon_threadsafe, self.exit)
        self.call_after_refresh(self.offer_draft)

    # --- edits ----------------------------------------------------------------------------

    def apply_edit(self, values: dict[str, Any], merge_key: str | None = None, label: str = "edit") -> None:
        """Every edit of the editor comes through here, then every row re-reads its state."""
        if self.read_only:
            self.notify(f"Read-only: {self.read_only_reason}", severity="warning", timeout=3)
            self.editor.refresh_all(force=True)
            return
        if self.session.set_many(values, label=label, merge_key=merge_key):
            self.editor.refresh_all()
            self.schedule_draft()

    def action_reset_row(self, key: str) -> None:
        from ..model.catalog import SETTINGS

        self.apply_edit({key: SETTINGS[key].default}, label=f"reset {SETTINGS[key].label}")

    def action_undo(self) -> None:
        if self.read_only:
            return
        what = self.session.undo()
        self.notify(f"Undid: {what}" if what else "Nothing to undo.", timeout=2)
        self.editor.refresh_all()
        self.schedule_draft()

    def action_redo(self) -> None:
        if self.read_only:
            return
        what = self.session.redo()
        self.notify(f"Redid: {what}" if what else "Nothing to redo.", timeout=2)
        self.editor.refresh_all()
        self.schedule_draft()

    def open_list_editor(self, info: SettingInfo) -> None:
        value = self.session.values[info.key]
        from .dialogs.lists import ChoicesScreen, MetadataScreen
        from .dialogs.products import ProductsScreen

        screens = {"multi": ChoicesScreen, "products": ProductsScreen, "table": MetadataScreen}
        screen = screens[info.meta.kind](info, value)

        def done(result: Any) -> None:
            if result is not None:
                self.apply_edit({info.key: result}, label=info.label)
            self.jump_to(info.key)

        self.push_screen(screen, done)

    # --- moving and looking ---------------------------------------------------------------

    def jump_to(self, key: str) -> None:
        self.call_later(self.editor.jump_to, key)

    async def action_jump(self) -> None:
        """`/`: the finder, waited for, so keys typed ahead land in it, not in the editor."""
        from .screens.find import JumpScreen

        def chosen(key: str | None) -> None:
            if key:
                self.jump_to(key)

        await self.push_screen(JumpScreen(), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        row = self.editor.focused_row()
        self.push_screen(HelpScreen(row.info if row else None, self.key_table()))

    def key_table(self) -> list[tuple[str, str, str]]:
        """(keys, name, what it does) of every binding active on the editor now, keymap
        applied, one line per binding id."""
        merged: dict[str, tuple[list[str], Binding]] = {}
        for key, active in self.editor.active_bindings.items():
            binding = active.binding
            if binding.system or not binding.id:
                continue  # Textual's own (copy, palette), not portal-tui's actions
            name = binding.id
            merged.setdefault(name, ([], binding))[0].append(key)
        return [(", ".join(keys), b.description or name, b.tooltip) for name, (keys, b) in merged.items()]

    def action_export(self) -> None:
        from ..stripe.export import build
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen(build(self.session.values, self.session.problems)))

    def action_profiles(self) -> None:
        from .screens.profiles import ProfilesScreen

        self.push_screen(ProfilesScreen())

    def open_profile(self, name: str) -> None:
        """Switch the editor to another profile, asking first about unsaved changes."""
        if name == self.target.name:
            self.pop_screen()
            return

        def switch(choice: QuitChoice | None = "discard") -> None:
            if choice == "save":
                self.action_save(then_open=name)
            elif choice == "discard":
                self.discard_draft()
                self.call_later(self._open, name)  # after the asking screen is gone

        if self.session.dirty and not self.read_only:
            from .dialogs.quit import QuitScreen

            self.push_screen(QuitScreen(len(self.session.changed()), leaving="open " + name), switch)
        else:
            switch()

    async def _open(self, name: str) -> None:
        target = self.store.target(name)
        try:
            session = self.load_session(target)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.target, self.session = target, session
        while self.screen is not self.editor:
            self.pop_screen()
        await self.editor.reload()
        self.offer_draft()

    def action_changes(self) -> None:
        from .screens.compare import CompareScreen, sources

        self.push_screen(CompareScreen(sources(self)))

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    # --- saving and quitting --------------------------------------------------------------

    def action_save(self, then_quit: bool = False, then_open: str | None = None) -> None:
        if self.read_only:
            self.notify(f"Read-only: {self.read_only_reason}", severity="warning")
            return
        if not self.session.dirty and not self.is_new:
            self.notify("Nothing to save.", timeout=2)
            self.after_save(then_quit, then_open)
            return
        from .dialogs.changes import ChangesScreen, ErrorsScreen

        theirs = self.changed_on_disk()
        if theirs is not None:
            from .dialogs.conflict import ConflictChoice, ConflictScreen

            def resolved(choice: ConflictChoice | None) -> None:
                if choice == "theirs":
                    self.take_theirs(theirs)
                    self.notify("Reloaded theirs; your other edits are still pending.", timeout=5)
                elif choice == "mine":
                    self.disk_digest = digest(theirs.raw)
                    self.action_save(then_quit, then_open)

            self.push_screen(ConflictScreen(self.session, theirs.data), resolved)
            return
        worse = new_errors(self.session.saved_problems, self.session.problems)
        if worse:
            self.push_screen(ErrorsScreen("Not saved: these errors are new since the last save.", worse))
            return

        def confirmed(ok: bool | None) -> None:
            if ok and self.write():
                self.after_save(then_quit, then_open)

        if self.prefs.confirm_save:
            self.push_screen(ChangesScreen(self.session), confirmed)
        elif self.write():
            self.after_save(then_quit, then_open)

    def after_save(self, then_quit: bool, then_open: str | None) -> None:
        if then_quit:
            self.exit(0)
        elif then_open:
            self.call_later(self._open, then_open)

    def write(self) -> bool:
        """Save through the store; False (and the edits kept) when it could not."""
        try:
            saved = self.store.save(self.target, self.session.changes(), expect=self.disk_digest, create=self.is_new)
        except Conflict:  # written by someone else since it was checked: show both sides
            self.call_later(self.action_save)
            return False
        except Refused as exc:
            from .dialogs.changes import ErrorsScreen

            self.push_screen(ErrorsScreen(f"Not saved: {exc}", exc.problems))
            return False
        except StoreError as exc:
            self.write_draft()  # the edits are safe on disk too, whatever happens next
            self.notify(f"Not saved, your edits are kept: {exc}", severity="error", timeout=10)
            return False
        self.session.mark_saved(saved.new)  # what the file holds now, colors normalised
        self.disk_digest = digest(saved.raw)
        self.is_new = False
        self.write_draft()  # nothing pending now: the draft goes
        self.editor.refresh_all()
        count = len(saved.changed)
        self.notify(f"Saved {count} change{'s' if count != 1 else ''} to {self.target.path.name}.", timeout=3)
        return True

    async def action_quit(self) -> None:
        if self.read_only or not self.session.dirty:
            self.exit(0)
            return

        def chosen(choice: QuitChoice | None) -> None:
            if choice == "save":
                self.action_save(then_quit=True)
            elif choice == "discard":
                self.discard_draft()
                self.exit(0)

        from .dialogs.quit import QuitScreen

        self.push_screen(QuitScreen(len(self.session.changed())), chosen)

    # --- the palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        editor = self.editor
        commands = [
            ("Save", "Save the changes (ctrl+s)", self.action_save),
            ("Undo", "Undo the last edit (ctrl+z)", self.action_undo),
            ("Redo", "Redo the last undone edit (ctrl+y)", self.action_redo),
            ("Find a setting", "Jump to a setting by label or key (/)", self.action_jump),
            ("Pending changes", "The changes since the last save, old -> new (d)", self.action_changes),
            ("Compare", "With the saved file, the defaults, another profile or a version (d)", self.action_changes),
            ("History", "Kept versions: who, when, which keys; restore one (h)", self.action_history),
            ("Profiles", "Open, create, duplicate, rename or delete profiles (p)", self.action_profiles),
            ("Export", "The Stripe API parameters of this profile, to read or copy (x)", self.action_export),
            ("Take over the lock", "Edit a profile another editor has open", self.action_take_lock),
            ("Help", "The focused setting and every key (?)", self.action_help),
            ("Reset setting", "Put the focused setting back to its default (r)", editor.action_reset),
            ("Next error", "Go to the next invalid setting (e)", editor.action_next_error),
            ("Go to parent setting", "The setting the focused one depends on (g)", editor.action_go_dependency),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
        for tab_number in range(1, 9):
            from ..model.meta import Tab

            yield SystemCommand(
                f"Tab: {Tab(tab_number).title}", f"Show the tab ({tab_number})", partial(editor.action_tab, tab_number)
            )
