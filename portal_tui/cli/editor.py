"""The editor's command: open a profile in the editor, when there is a terminal to draw on."""

from __future__ import annotations

import argparse
import sys

from ..model.visible import visible
from .context import Context, Fail, note


def has_terminal() -> bool:
    """Whether a screen can be drawn: the editor reads keys from stdin and draws on stderr."""
    try:
        return (
            sys.__stdin__ is not None
            and sys.__stderr__ is not None
            and sys.__stdin__.isatty()
            and sys.__stderr__.isatty()
        )
    except (ValueError, OSError):  # closed streams
        return False


def edit(ctx: Context, args: argparse.Namespace) -> int:
    """Open the editor: the named profile, else settings.toml's default_profile. A missing
    profile opens as a new one holding the defaults, unsaved: a mistyped name leaves no file."""
    from ..store.preferences import load_preferences

    prefs = load_preferences(ctx.layout)
    name = args.name or prefs.default_profile
    target = ctx.target(name)
    notices = []
    loaded = None
    if not target.path.exists():
        if target.name is None:
            raise Fail(2, f"portal-tui: error: no such file: {visible(str(target.path))}")
        if args.read_only:
            raise Fail(2, f'portal-tui: error: no profile named "{visible(name)}" to look at')
        notices.append(
            f'New profile "{target.name}": not saved yet. ctrl+s creates '
            f"{visible(str(target.path))}; quitting without saving leaves no file."
        )
    else:
        _, loaded = ctx.load(name)  # read once: a malformed file stops here, before the screen changes
    if not has_terminal():
        raise Fail(
            2,
            "portal-tui: error: the editor needs a terminal (stdin and stderr are not one here); "
            "without one, portal-tui show, get and set read and change profiles",
        )
    from ..store.locks import Lock, Locked, Unlockable
    from ..tui.hangup import Ending
    from .loading import modules_loading

    ending = Ending()
    ending.install()  # from here on a hang-up ends the process at once, whatever it is doing
    with modules_loading():  # Textual: ~130 ms of the start-up, most of it importing
        from ..tui.app import PortalApp

    lock, read_only = None, "opened with --read-only" if args.read_only else None
    if target.name and not args.read_only:
        # Set before the lock exists: a hang-up right after taking it still gives it back
        # (a Lock releases only a lock file that names this very process).
        ending.release = Lock(ctx.layout.lock(target.name)).release
        try:
            lock, notice = Lock.acquire(ctx.layout, target.name, force=args.force)
            if notice:
                notices.append(notice[:1].upper() + notice[1:] + ".")
        except Locked as exc:
            read_only = f"open elsewhere by {exc.holder}"
            notices.append(
                f"{target.name} is open in another editor by {exc.holder}: opened read-only. "
                "Press T to take over the lock and edit it anyway."
            )
        except Unlockable as exc:
            if not target.path.exists():  # a new profile that could never be saved: nothing to edit
                why = f'portal-tui: error: no profile named "{target.name}", and none can be made: {exc}'
                raise Fail(2, why) from None
            read_only = exc.reason
            notices.append(f"{target.name} opened read-only: {exc}; nothing can be saved in that folder.")
    app = PortalApp(ctx.store, target, prefs=prefs, notices=notices, read_only=read_only, lock=lock, ending=ending,
                    key_file=args.api_key_file, loaded=loaded)  # fmt: skip
    try:
        code = app.run() or 0
        if app.return_code == 1:  # stopped on an error of its own (Textual printed it)
            kept = app.safeguards.keep_draft()
            note(
                "portal-tui: error: the editor stopped on an internal error"
                + (
                    f"; your unsaved edits are kept in {visible(kept)}, offered back when you open it again"
                    if kept
                    else ""
                )
            )
            code = 2
        return code
    finally:
        app.safeguards.release_lock()
        for line in app.safeguards.farewell:
            note(line)
