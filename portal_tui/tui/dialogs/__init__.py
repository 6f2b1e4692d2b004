"""Dialogs over the editor: choices to make, list editors, products, a name to give."""
