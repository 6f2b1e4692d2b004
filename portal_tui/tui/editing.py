"""The profile being edited: where it lives, its session, whether it may change, and one signal for every change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from textual.dom import DOMNode
from textual.signal import Signal

from ..model.problems import check
from ..model.session import Session
from ..store.history import digest
from ..store.images import inspector
from ..store.locks import Holder, Lock
from ..store.paths import Target
from ..store.profiles import Saved, Store
from ..store.read import Loaded, Missing, read

Change = Literal["edit", "opened", "checked", "saved", "rebased", "unlocked", "locked"]
"""What happened: an edit (undo and redo included), another profile opened, the profile opened
at start-up checked, a save, the file changed on disk taken in, the lock taken over
(editing allowed again), or the lock lost to another editor (read-only from then on)."""


class Editing:
    """What the screens receive instead of the app: the open profile and the one way to change it.

    Every change goes through this object and is then published on ``changed``. The editor
    screen subscribes to redraw its rows, the safeguards to keep the draft, the preview to
    follow: nothing that shows or keeps the profile needs to be told by hand.
    """

    def __init__(
        self,
        owner: DOMNode,
        store: Store,
        target: Target,
        *,
        read_only: str | None = None,
        lock: Lock | None = None,
        loaded: Loaded | None = None,
        key_file: str | None = None,
    ) -> None:
        self.store = store
        self.key_file = key_file
        """``edit --api-key-file``: where the Stripe screen and the products dialog read the key."""
        self.lock = lock
        self.taken: Holder | None = None
        """Who took this editor's lock away (None: nobody did); its edits stay pending."""
        self.asked_read_only = read_only
        """Why the user or the lock made this editor read-only (None: it was not)."""
        self.changed: Signal[Change] = Signal(owner, "changed")
        self.target = target
        self.session, self.is_new, self.read_only_reason, self.disk_digest = self._read(target, loaded)
        self.session.opening = True  # the first screen is drawn before the check: finish_opening

    def _read(self, target: Target, loaded: Loaded | None = None) -> tuple[Session, bool, str, str]:
        """A profile as a fresh session (read-only if a newer version wrote it), from the file
        as the command read it when given (read once). A profile with no file yet is new: all
        defaults, and no file until it is saved."""
        try:
            loaded = loaded or read(target.path)
            is_new = False
        except Missing:
            if target.name is None:
                raise
            loaded, is_new = Loaded(target.path, b"", {}), True
        images = inspector(target.path.parent)
        reason = self.asked_read_only or ""
        if loaded.newer and not reason:
            reason = f"schema_version {loaded.schema_version} is newer than this program"
        session = Session(loaded.data, checker=lambda data: loaded.notes + check(data, images=images))
        return session, is_new, reason, "" if is_new else digest(loaded.raw)

    def finish_opening(self) -> None:
        """Check the profile opened at start-up, once the first screen is drawn (the check
        loads Pydantic and the models), and show its problems."""
        if self.session.end_opening():
            self.changed.publish("checked")

    def open(self, target: Target) -> None:
        """Edit another profile (StoreError when it cannot be read: nothing changes then)."""
        session, is_new, reason, disk_digest = self._read(target)
        self.target, self.session, self.is_new, self.read_only_reason = target, session, is_new, reason
        self.disk_digest = disk_digest
        self.changed.publish("opened")

    def subscribe(self, node: DOMNode, callback: Callable[[Change], object]) -> None:
        """Call ``callback`` after every change, while ``node`` is mounted (Textual's Signal
        drops the subscription when the node goes). An error in the callback is raised in the
        app, as any error there is, instead of being only logged as Signal does: a screen
        that failed to redraw must not go on showing a state that is not the profile's."""

        def call(change: Change) -> None:
            try:
                callback(change)
            except Exception as error:  # noqa: BLE001 - handed on, not swallowed
                node.app.call_later(_raise, error)

        self.changed.subscribe(node, call, immediate=True)

    # --- reading ------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def profile_name(self) -> str:
        return self.target.name or str(self.target.path)

    @property
    def values(self) -> dict[str, Any]:
        return self.session.values

    # --- changing -----------------------------------------------------------------------

    def apply(self, values: dict[str, Any], *, merge_key: str | None = None, label: str = "edit") -> bool:
        """Make an edit (an undo step; typing in one field merges into one step). False when
        nothing changed, or when the profile is read-only (the caller says why)."""
        if self.read_only or not self.session.set_many(values, label=label, merge_key=merge_key):
            return False
        self.changed.publish("edit")
        return True

    def undo(self) -> str | None:
        """Undo the last edit; what it was, or None when there was nothing to undo."""
        what = None if self.read_only else self.session.undo()
        if what:
            self.changed.publish("edit")
        return what

    def redo(self) -> str | None:
        what = None if self.read_only else self.session.redo()
        if what:
            self.changed.publish("edit")
        return what

    def saved(self, saved: Saved) -> None:
        """The store wrote the profile: what the file holds now is both saved and current."""
        self.session.mark_saved(saved.new)
        self.disk_digest = digest(saved.raw)
        self.is_new = False
        self.changed.publish("saved")

    def rebase(self, theirs: Loaded, drop: list[str]) -> None:
        """Someone else's version of the file becomes the saved state; our pending edits stay
        pending except for ``drop`` (theirs win there)."""
        self.session.rebase(theirs.data, drop=drop)
        self.disk_digest = digest(theirs.raw)
        self.changed.publish("rebased")

    def unlock(self, lock: Lock) -> None:
        """The lock was taken over: this editor may change the profile now."""
        self.lock = lock
        self.taken = None
        self.asked_read_only = None
        self.read_only_reason = ""
        self.changed.publish("unlocked")

    def lose_lock(self, holder: Holder) -> None:
        """Another editor took the lock (``T``, or ``edit --force``): two editors must never
        both write, so this one stops changing the profile. Its pending edits stay pending,
        shown as such, for when it takes the lock back."""
        self.lock = None
        self.taken = holder
        self.read_only_reason = f"taken over by {holder}; T takes it back"
        self.changed.publish("locked")


def _raise(error: Exception) -> None:
    raise error
