"""`[keymap]` of settings.toml checked before Textual applies it: an unknown action or a key
that another binding already has is named, and that remap left out, so no binding is lost."""

from __future__ import annotations

import difflib

from textual.binding import Binding
from textual.dom import DOMNode

from .bindings import declared
from .dialogs.account import AccountDialog
from .dialogs.choice import ConfirmDialog, ConflictDialog, DraftDialog, ErrorsDialog, QuitDialog, SaveDialog
from .dialogs.find import JumpDialog
from .dialogs.lines import IntervalsDialog, MetadataDialog
from .dialogs.lists import ChoicesDialog
from .dialogs.name import NameDialog
from .dialogs.products import ProductsDialog
from .dialogs.typed_name import TypedNameDialog
from .dialogs.view import ValueDialog
from .screens.compare import CompareScreen
from .screens.editor import EditorScreen
from .screens.export import ExportScreen
from .screens.help import HelpScreen
from .screens.history import HistoryScreen
from .screens.profiles import ProfilesScreen
from .screens.review import ReviewScreen
from .screens.stripe import StripeScreen
from .widgets.product import ListedBy
from .widgets.rows import SettingRow
from .widgets.textrows import TextRow
from .widgets.ticks import Tick, TickList

REMAPPABLE: tuple[type[DOMNode], ...] = (
    EditorScreen,
    ReviewScreen,
    SettingRow,
    TextRow,
    TickList,
    Tick,
    QuitDialog,
    DraftDialog,
    ConflictDialog,
    SaveDialog,
    ErrorsDialog,
    ConfirmDialog,
    TypedNameDialog,
    NameDialog,
    JumpDialog,
    ChoicesDialog,
    MetadataDialog,
    IntervalsDialog,
    ProductsDialog,
    ListedBy,
    AccountDialog,
    ValueDialog,
    ProfilesScreen,
    CompareScreen,
    HistoryScreen,
    ExportScreen,
    HelpScreen,
    StripeScreen,
)
"""Every class that declares bindings the keymap may remap, but the app (``check`` is given it:
importing it here would be a loop). Named one by one, so that checking a keymap imports these
and no other module; tests/test_editor.py fails when a class with bindings is missing here."""


def keys_of(binding: Binding, keymap: dict[str, str]) -> set[str]:
    return {k.strip() for k in keymap.get(binding.id or "", binding.key).split(",") if k.strip()}


def check(keymap: dict[str, str], app_class: type[DOMNode]) -> tuple[dict[str, str], list[str]]:
    """The remaps that are safe to apply, and one line for each that is not. A remap is
    refused when its id is no binding's, or when one of its keys is already another
    binding's where both are active at once: within one dialog, or in the editor, where a
    row's, the editor screen's and the app's bindings all answer (the nearer would win and
    the other be lost)."""
    editor = declared(app_class) + declared(EditorScreen)
    groups = [declared(cls) + (editor if issubclass(cls, SettingRow | EditorScreen) else []) for cls in REMAPPABLE]
    groups.append(editor)
    known = {b.id for group in groups for b in group}
    problems: list[str] = []
    safe = {}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            near = difflib.get_close_matches(binding_id, sorted(i for i in known if i), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(f"[keymap] {binding_id}: no such action{hint}; left out")
            continue
        safe[binding_id] = keys
    for binding_id in list(safe):
        clash = _clash(binding_id, safe, groups)
        if clash:
            problems.append(f"[keymap] {binding_id} = {safe[binding_id]!r}: {clash}; left out")
            del safe[binding_id]
    return safe, problems


def _clash(binding_id: str, keymap: dict[str, str], groups: list[list[Binding]]) -> str:
    for group in groups:
        mine = [b for b in group if b.id == binding_id]
        if not mine:
            continue
        wanted = keys_of(mine[0], keymap)
        for other in group:
            taken = wanted & keys_of(other, keymap) if other.id != binding_id else set()
            if taken:
                return f"{', '.join(sorted(taken))} already does {other.id}"
    return ""
