"""Never losing an edit: drafts, signals, another editor's lock, and changes made on disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..store.drafts import draft_path, read_draft, remove_draft, write_draft
from ..store.history import digest
from ..store.locks import Lock, Locked
from ..store.paths import StoreError
from ..store.read import Loaded, read

DRAFT_RETRY = 2.0
"""Seconds between attempts while the disk refuses the draft."""

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..model.session import Session
    from ..store.paths import Target
    from ..store.profiles import Store
    from .screens.editor import EditorScreen


class Safety:
    """Mixed into the app: it provides session, target, store, editor, lock and read_only."""

    session: Session
    target: Target
    store: Store
    editor: EditorScreen
    lock: Lock | None
    read_only_reason: str
    asked_read_only: str | None
    _draft_timer: Timer | None
    disk_digest: str
    farewell: list[str]
    """Lines for stderr once the screen is gone (what could not be said in time)."""
    _draft_failing = False

    DRAFT_DELAY = 0.5

    def schedule_draft(self) -> None:
        """Write the draft at most DRAFT_DELAY seconds after the last change."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self.write_draft)

    def write_draft(self) -> None:
        """The pending raw values beside the profile; no pending values, no draft. A disk
        that refuses it is tried again every few seconds, and said once."""
        self._draft_timer = None
        if self.read_only:
            return
        try:
            if self.session.dirty:
                write_draft(self.target, self.session.data)
            else:
                remove_draft(self.target)
        except StoreError as exc:
            if not self._draft_failing:
                self.notify(f"Draft not written (trying again): {exc}", severity="error", timeout=8)
            self._draft_failing = True
            self._draft_timer = self.set_timer(DRAFT_RETRY, self.write_draft)
            return
        self._draft_failing = False

    def discard_draft(self) -> None:
        """The user threw the pending edits away: the draft goes too. A disk that refuses is
        said in one line (the draft is then offered again next time: nothing is lost)."""
        try:
            remove_draft(self.target)
        except StoreError as exc:
            self.farewell.append(f"portal-tui: {exc}")
            self.notify(f"Draft not removed: {exc}", severity="error", timeout=8)

    def offer_draft(self) -> None:
        """A draft from an editor that did not finish: show it and ask."""
        draft = read_draft(self.target)
        if draft is None or self.read_only:
            return
        if draft == self.session.saved:
            self.discard_draft()
            return
        from .dialogs.draft import DraftChoice, DraftScreen

        def chosen(choice: DraftChoice | None) -> None:
            if choice == "restore":
                from ..model.catalog import SETTINGS
                from ..model.edits import raw_value

                values = {k: raw_value(draft, k) for k in SETTINGS}
                self.apply_edit(values, label="restore the draft")
            elif choice == "discard":
                self.discard_draft()

        self.push_screen(DraftScreen(self.session.saved, draft), chosen)

    def keep_draft(self) -> str | None:
        """Write the pending edits to the draft now (the app is stopping); the draft's path,
        or None when nothing was pending or the disk refused (said in farewell)."""
        if self.read_only or not self.session.dirty:
            return None
        try:
            write_draft(self.target, self.session.data)
        except StoreError as exc:
            self.farewell.append(f"portal-tui: {exc}")
            return None
        return str(draft_path(self.target))

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def action_take_lock(self) -> None:
        """Edit a profile another editor has open (its holder is named first)."""
        if self.target.name is None or not self.read_only_reason.startswith("open elsewhere"):
            self.notify("This profile is not locked by another editor.", timeout=3)
            return
        try:
            self.lock, notice = Lock.acquire(self.store.layout, self.target.name, force=True)
        except (Locked, StoreError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.asked_read_only = None
        self.read_only_reason = ""
        self.notify(
            (notice or "Lock taken.") + " You can edit now; the other editor's saves may conflict.",
            severity="warning",
            timeout=8,
        )
        self.editor.refresh_all(force=True)
        self.refresh_bindings()

    # --- the file changed on disk ---------------------------------------------------------

    def changed_on_disk(self) -> Loaded | None:
        """The file as it is now when someone else changed it since we read or saved it."""
        try:
            loaded = read(self.target.path)
        except StoreError:
            return None  # gone or broken: the save itself will say so
        if digest(loaded.raw) == self.disk_digest:
            return None
        return loaded

    def on_app_focus(self) -> None:
        """Back in the terminal: a change made meanwhile is noticed (and taken in when nothing
        of ours is pending, since then nothing can be lost)."""
        theirs = self.changed_on_disk()
        if theirs is None or self.read_only:
            return
        if not self.session.dirty:
            self.take_theirs(theirs)
            self.notify("The file changed on disk: reloaded.", timeout=5)
        else:
            self.notify("The file changed on disk. Saving will show both sides.", severity="warning", timeout=8)

    def take_theirs(self, theirs: Loaded) -> None:
        from .dialogs.conflict import their_changes

        self.session.rebase(theirs.data, drop=their_changes(self.session.saved, theirs.data))
        self.disk_digest = digest(theirs.raw)
        self.editor.refresh_all(force=True)
