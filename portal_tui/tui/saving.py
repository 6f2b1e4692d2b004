"""Saving, and leaving a profile with unsaved changes: shown first, asked once, written through the store."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from ..store.history import digest
from ..store.paths import StoreError
from ..store.profiles import Conflict, Refused, new_errors
from ..store.read import Loaded
from .dialogs.choice import ConflictChoice, ConflictDialog, ErrorsDialog, QuitChoice, QuitDialog, SaveChoice, SaveDialog
from .editing import Editing
from .safeguards import Safeguards


class Saving:
    """The way from pending edits to the file: a file changed on disk shows both sides first,
    a save that would add errors is refused with them listed, the changes are shown and
    confirmed (unless ``confirm_save = false``), then the store writes them. ``then`` runs
    once the save is done (quitting, opening another profile)."""

    def __init__(self, app: App[int], editing: Editing, safeguards: Safeguards, *, confirm: bool) -> None:
        self.app = app
        self.editing = editing
        self.safeguards = safeguards
        self.confirm = confirm

    def save(self, then: Callable[[], object] | None = None, *, asked: bool = False) -> None:
        """``asked``: the user has seen the changes and chosen to save them (leaving asked
        first), so they are not asked again."""
        editing = self.editing
        self.safeguards.check_lock()  # taken over since the last look: read-only, said first
        if editing.read_only:
            self.app.notify(f"Read-only: {editing.read_only_reason}", severity="warning")
            return
        if not editing.session.dirty and not editing.is_new:
            self.app.notify("Nothing to save.", timeout=2)
            if then:
                then()
            return
        theirs = self.safeguards.changed_on_disk()
        if theirs is not None:
            self._resolve(theirs, then, asked)
            return
        worse = new_errors(editing.session.saved_problems, editing.session.problems)
        if worse:
            self.app.push_screen(ErrorsDialog("Not saved: these errors are new since the last save.", worse))
            return

        def confirmed(answer: SaveChoice | None) -> None:
            if answer == "save" and self.write() and then:
                then()

        if self.confirm and not asked:
            self.app.push_screen(SaveDialog(editing.session, self.creating()), confirmed)
        elif self.write() and then:
            then()

    def creating(self) -> str | None:
        """The file a save makes, when the profile is new (saving it creates the file)."""
        return self.editing.target.path.name if self.editing.is_new else None

    def _resolve(self, theirs: Loaded, then: Callable[[], object] | None, asked: bool) -> None:
        def resolved(choice: ConflictChoice | None) -> None:
            if choice == "theirs":
                self.safeguards.take_theirs(theirs)
                self.app.notify("Reloaded theirs; your other edits are still pending.", timeout=5)
            elif choice == "mine":
                self.editing.disk_digest = digest(theirs.raw)  # seen: write over it
                self.save(then, asked=asked)

        self.app.push_screen(ConflictDialog(self.editing.session, theirs.data), resolved)

    def write(self) -> bool:
        """Save through the store; False (and the edits kept) when it could not."""
        editing = self.editing
        if not self.safeguards.check_lock():  # taken over while the changes were shown
            self.app.notify(f"Not saved, your edits are kept: {editing.read_only_reason}", severity="error")
            return False
        try:
            saved = editing.store.save(
                editing.target, editing.session.changes(), expect=editing.disk_digest, create=editing.is_new
            )
        except Conflict:  # written by someone else since it was checked: show both sides
            self.app.call_later(self.save)
            return False
        except Refused as exc:
            self.app.push_screen(ErrorsDialog(f"Not saved: {exc}", exc.problems))
            return False
        except StoreError as exc:
            self.safeguards.write_draft()  # the edits are safe on disk too, whatever happens next
            self.app.notify(f"Not saved, your edits are kept: {exc}", severity="error", timeout=10)
            return False
        created = self.creating()
        editing.saved(saved)
        count = len(saved.changed)
        changes = f"{count} change{'s' if count != 1 else ''}"
        if created:
            how = f"{changes} from the defaults" if count else "every setting at its default"
            self.app.notify(f"Created {created} ({how}).", timeout=3)
        else:
            self.app.notify(f"Saved {changes} to {editing.target.path.name}.", timeout=3)
        return True

    def leave(self, then: Callable[[], object], leaving: str = "quit") -> None:
        """Before leaving the profile (quitting, opening another): unsaved changes ask save,
        discard or cancel; ``then`` runs once it is safe to go."""
        editing = self.editing
        if not editing.session.dirty:  # read-only too, unless the lock was taken over meanwhile
            self.safeguards.settle_draft()
            then()
            return

        def chosen(choice: QuitChoice | None) -> None:
            if choice == "save":
                self.save(then, asked=True)
            elif choice == "discard":
                self.safeguards.discard_draft()
                then()

        self.app.push_screen(QuitDialog(editing.session, leaving, self.creating()), chosen)
