"""Never losing an edit: the draft, another editor's lock, and changes made to the file on disk."""

from __future__ import annotations

from textual.app import App
from textual.timer import Timer

from ..model.catalog import SETTINGS
from ..model.edits import raw_value
from ..store.drafts import draft_path, read_draft, remove_draft, write_draft
from ..store.history import digest
from ..store.locks import Lock, Locked
from ..store.paths import StoreError
from ..store.read import Loaded, read
from .editing import Change, Editing

DRAFT_DELAY = 0.5
"""Seconds after the last change that the draft is written."""
DRAFT_RETRY = 2.0
"""Seconds between attempts while the disk refuses the draft."""
LOCK_CHECK = 2.0
"""Seconds between looks at the lock file: another editor taking it over is said this soon."""


class Safeguards:
    """Keeps what the user typed safe while the editor runs, for the app that owns it.

    The draft follows every edit (it listens to ``editing.changed``); a lock another editor
    holds can be taken over; a file changed on disk is noticed and taken in when nothing of
    ours is pending. Every failure of the disk is said in one line and loses nothing.
    """

    def __init__(self, app: App[int], editing: Editing) -> None:
        self.app = app
        self.editing = editing
        self.farewell: list[str] = []
        """Lines for stderr once the screen is gone (what could not be said in time)."""
        self._timer: Timer | None = None
        self._failing = False

    def on_change(self, change: Change) -> None:
        if change == "edit":
            self.schedule_draft()
        elif change in ("saved", "rebased"):
            self.write_draft()  # nothing or less pending: the draft follows
        elif change == "unlocked" and self.editing.session.dirty:
            self.write_draft()  # the lock taken back: the edits kept pending go to the draft again
        elif change == "opened":
            self.offer_draft()

    # --- the draft ------------------------------------------------------------------------

    def schedule_draft(self) -> None:
        """Write the draft at most DRAFT_DELAY seconds after the last change."""
        self._cancel_timer()
        self._timer = self.app.set_timer(DRAFT_DELAY, self.write_draft)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def settle_draft(self) -> None:
        """Write the draft now if it is due (an edit came after the last write): the profile
        is being left, and a timer still running would fire too late (the app gone, an undo
        just made left out of the draft) or on the next profile (removing its draft)."""
        if self._timer is not None:
            self.write_draft()

    def write_draft(self) -> None:
        """The pending raw values beside the profile; no pending values, no draft. A disk
        that refuses it is tried again every few seconds, and said once."""
        self._cancel_timer()  # written now: a write still due would only repeat it
        editing = self.editing
        if editing.read_only:
            return
        try:
            if editing.session.dirty:
                write_draft(editing.target, editing.session.data)
            else:
                remove_draft(editing.target)
        except StoreError as exc:
            if not self._failing:
                self.app.notify(f"Draft not written (trying again): {exc}", severity="error", timeout=8)
            self._failing = True
            self._timer = self.app.set_timer(DRAFT_RETRY, self.write_draft)
            return
        self._failing = False

    def keep_draft(self) -> str | None:
        """Write the pending edits to the draft now (the app is stopping); the draft's path,
        or None when nothing was pending or the disk refused (said in farewell). A draft
        still holding edits undone since is removed: it would offer them back. With the lock
        taken over, only where the new holder keeps no draft of its own."""
        editing = self.editing
        if editing.read_only and editing.taken is None:
            return None
        if editing.taken is not None and (not editing.session.dirty or read_draft(editing.target) is not None):
            if editing.session.dirty:
                self.farewell.append(
                    f"portal-tui: {len(editing.session.changed())} unsaved changes of {editing.profile_name} were "
                    f"not kept: {editing.taken} took over the lock and keeps its own draft"
                )
            return None
        try:
            if editing.session.dirty:
                write_draft(editing.target, editing.session.data)
                return str(draft_path(editing.target))
            if self._timer is not None:  # the edits were undone after the draft was written
                remove_draft(editing.target)
        except StoreError as exc:
            self.farewell.append(f"portal-tui: {exc}")
        return None

    def discard_draft(self) -> None:
        """The user threw the pending edits away: the draft goes too. A disk that refuses is
        said in one line (the draft is then offered again next time: nothing is lost). With
        the lock taken over, the draft is the new holder's: it stays."""
        self._cancel_timer()
        if self.editing.taken is not None:
            return
        try:
            remove_draft(self.editing.target)
        except StoreError as exc:
            self.farewell.append(f"portal-tui: {exc}")
            self.app.notify(f"Draft not removed: {exc}", severity="error", timeout=8)

    def offer_draft(self) -> None:
        """A draft from an editor that did not finish: show what it holds and ask."""
        editing = self.editing
        draft = read_draft(editing.target)
        if draft is None or editing.read_only:
            return
        if draft == editing.session.saved:
            self.discard_draft()
            return
        from .dialogs.choice import DraftChoice, DraftDialog

        def chosen(choice: DraftChoice | None) -> None:
            if choice == "restore":
                editing.apply({k: raw_value(draft, k) for k in SETTINGS}, label="restore the draft")
            elif choice == "discard":
                self.discard_draft()

        self.app.push_screen(DraftDialog(editing.session.saved, draft), chosen)

    # --- the lock -------------------------------------------------------------------------

    def release_lock(self) -> None:
        if self.editing.lock is not None:
            self.editing.lock.release()

    def watch_lock(self) -> None:
        """Look at the lock every LOCK_CHECK seconds: a take-over is said while it is news."""
        self.app.set_interval(LOCK_CHECK, self.check_lock)

    def check_lock(self) -> bool:
        """False (and said, once) when another editor took this one's lock: from then on this
        editor is read-only, its pending edits kept pending until ``T`` takes the lock back."""
        editing, lock = self.editing, self.editing.lock
        if lock is None or editing.target.name is None or lock.path != editing.store.layout.lock(editing.target.name):
            return editing.taken is None
        holder = lock.taken_by()
        if holder is None:
            return True
        editing.lose_lock(holder)
        pending = len(editing.session.changed())
        kept = (
            f"Your {pending} unsaved change{'s are' if pending != 1 else ' is'} still here, not saved: "
            "press T to take the lock back, then save."
            if pending
            else "Press T to take the lock back."
        )
        self.app.notify(
            f"{holder} took over the lock of {editing.profile_name}: this editor is read-only now. {kept}",
            severity="warning",
            timeout=20,
        )
        self.app.refresh_bindings()
        return False

    def take_lock(self) -> None:
        """Edit a profile another editor has open (its holder is named first)."""
        editing = self.editing
        if editing.target.name is None or not editing.read_only_reason.startswith(("open elsewhere", "taken over")):
            self.app.notify("This profile is not locked by another editor.", timeout=3)
            return
        try:
            lock, notice = Lock.acquire(editing.store.layout, editing.target.name, force=True)
        except (Locked, StoreError) as exc:
            self.app.notify(str(exc), severity="error")
            return
        editing.unlock(lock)
        self.app.notify(
            (notice[:1].upper() + notice[1:] + "." if notice else "Lock taken.")
            + " You can edit now; the other editor's saves may conflict.",
            severity="warning",
            timeout=8,
        )
        self.app.refresh_bindings()

    # --- the file changed on disk ---------------------------------------------------------

    def changed_on_disk(self) -> Loaded | None:
        """The file as it is now when someone else changed it since we read or saved it."""
        try:
            loaded = read(self.editing.target.path)
        except StoreError:
            return None  # gone or broken: the save itself will say so
        return None if digest(loaded.raw) == self.editing.disk_digest else loaded

    def back_in_focus(self) -> None:
        """Back in the terminal: a change made meanwhile is noticed (and taken in when nothing
        of ours is pending, since then nothing can be lost), and so is a lock taken over."""
        self.check_lock()
        theirs = self.changed_on_disk()
        if theirs is None or self.editing.read_only:
            return
        if not self.editing.session.dirty:
            self.take_theirs(theirs)
            self.app.notify("The file changed on disk: reloaded.", timeout=5)
        else:
            self.app.notify("The file changed on disk. Saving will show both sides.", severity="warning", timeout=8)

    def take_theirs(self, theirs: Loaded) -> None:
        from .dialogs.choice import their_changes

        self.editing.rebase(theirs, drop=their_changes(self.editing.session.saved, theirs.data))
