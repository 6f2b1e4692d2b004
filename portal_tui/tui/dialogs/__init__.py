"""Dialogs: a ``*Dialog`` asks about one thing over the screen it opens on, and hands back the answer.

The one thing is a question (save, quit, a draft, a conflict, errors, yes or no), a name, the setting
to jump to, or one setting's list to edit; the caller gives a callback that receives the answer (None:
closed without one). ``ValueDialog`` is a list dialog's read-only stand-in, so it answers nothing. A
view to look around in and act from is a ``*Screen``, in ``screens/``.
"""
