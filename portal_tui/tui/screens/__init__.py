"""Screens: a ``*Screen`` is a view to look around in and act from, and hands nothing back.

The editor and review, the profiles, compare, history, export, help and Stripe: what a screen
changes goes through ``Editing``, as the editor's own edits do. Something that asks about one thing
and hands back the answer is a ``*Dialog``, in ``dialogs/``.
"""
