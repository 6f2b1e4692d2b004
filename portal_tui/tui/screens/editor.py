"""The editor screen: the Dashboard's sections as tabs of rows generated from the model."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from ...model.brand import CONNECT_BRANDS
from ...model.catalog import DASHBOARD_ORDER, SETTINGS, by_tab
from ...model.meta import Tab
from ...model.visible import visible
from ..bindings import MOVES, PREVIEW_PAGES, TABS
from ..editing import Change, Editing
from ..widgets.helparea import HelpArea, facts
from ..widgets.keybar import KeyBar
from ..widgets.preview import PreviewPane, place_preview, shown_preview, toggle_preview
from ..widgets.quiet import QuietText
from ..widgets.rows import Rows, SettingRow, SummaryRow
from ..widgets.tabbar import TabBar
from ..widgets.textrows import row_for

EMAILS_CAUTION = (
    "Caution: email settings apply to all emails Stripe sends your customers. "
    "Make sure any change is right for all your Stripe use cases."
)

FIRST_TAB = Tab.SUBSCRIPTIONS


def pane_id(tab: Tab) -> str:
    return f"scroll-{tab.value}"


class EditorScreen(Screen[None]):
    """Rows are composed per tab on first visit, so the first frame needs one tab only."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Screen's own, but without its repaint: Textual repaints the whole screen when focus
    moves, though the two rows restyle themselves. Over SSH that was ~5,600 of the ~7,800
    bytes a `j` sent (tests/benchmarks/wire.py)."""

    DEFAULT_CSS = """
    EditorScreen {
        & > #header { dock: top; height: 1; background: $panel; }
        & > #help { height: 4; padding: 0 1; background: $boost; color: $text-muted; }
        & > #body { height: 1fr; }
        & #panes { width: 1fr; height: 1fr; }
        &.-preview-in-place #panes { width: 0; }
        & .caution { height: auto; padding: 0 1; color: $text-warning; text-style: bold; }
        & .note { height: auto; padding: 0 1; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("tab,j,down", "row(1)", "Next", show=False, id="row-next", tooltip="Next setting", group=MOVES),
        Binding("shift+tab,k,up", "row(-1)", "Previous", show=False, id="row-previous", tooltip="Previous setting",
                group=MOVES),
        *[Binding(str(t.value), f"tab({t.value})", t.title, show=False, id=f"tab-{t.value}",
                  tooltip=f"Show the {t.title} tab", group=TABS) for t in Tab],
        Binding("right", "tab_step(1)", "Next tab", show=False, id="tab-next", tooltip="Show the next tab",
                group=MOVES),
        Binding("left", "tab_step(-1)", "Previous tab", show=False, id="tab-previous", tooltip="Show the previous tab",
                group=MOVES),
        Binding("r", "reset", "Reset", id="reset", show=False, tooltip="Put the focused setting back to its default"),
        Binding("v", "preview", "Preview", id="preview", show=False,
                tooltip="Show or hide what the customer will see: the page of the tab in front"),
        Binding("left_square_bracket", "preview_page(-1)", "Previous page", id="preview-previous", show=False,
                tooltip="The preview's previous page: home, update, cancel", group=PREVIEW_PAGES),
        Binding("right_square_bracket", "preview_page(1)", "Next page", id="preview-next", show=False,
                tooltip="The preview's next page: home, update, cancel", group=PREVIEW_PAGES),
        Binding("e", "next_error", "Next error", id="next-error", show=False, tooltip="Go to the next invalid setting"),
        Binding("g", "go_dependency", "Go to parent", show=False, id="go-dependency",
                tooltip="Go to the setting the focused one depends on"),
    ]  # fmt: skip

    def __init__(self, editing: Editing, hold_keys: Callable[[], AbstractContextManager[None]]) -> None:
        super().__init__()
        self.editing = editing
        self.hold_keys = hold_keys
        """Keys typed ahead wait while this is held (a jump building another tab)."""
        self.sync_badge = ""
        """pushed / not pushed, when the profile is linked to a Stripe configuration."""
        self.composed: set[Tab] = set()
        self.rows: list[SettingRow] = []
        """Every mounted row, kept here so an edit does not search the whole DOM for them."""
        self.brand_note = Static("", id="brand-note", classes="note", markup=False)

    def compose(self) -> ComposeResult:
        yield QuietText(id="header")
        yield TabBar(FIRST_TAB, id="tabs")
        # Only the first tab's pane exists at first; the others are mounted on first visit.
        self.composed.add(FIRST_TAB)
        with (
            Horizontal(id="body"),
            ContentSwitcher(id="panes", initial=pane_id(FIRST_TAB)),
            Rows(id=pane_id(FIRST_TAB), classes="rows"),
        ):
            yield from self.enlist(self.rows_of(FIRST_TAB))
        yield HelpArea(id="help")
        yield KeyBar()

    def on_resize(self) -> None:
        """Fold the help area away when fewer than 20 rows leave no room for it (the tab bar
        shortens its titles below 110 columns by itself); put the preview beside the rows or
        in their place; fit the header and the help to the new width."""
        self.query_one("#help", HelpArea).display = self.size.height >= 20
        self.place_preview()
        self.update_header()
        self.update_help()

    # --- the customer-portal preview ---------------------------------------------------------

    async def action_preview(self) -> None:
        """v: show or hide the preview (made the first time it is shown)."""
        await toggle_preview(self, self.editing)
        self.refresh_bindings()

    def place_preview(self) -> None:
        place_preview(self)

    def action_preview_page(self, by: int) -> None:
        pane = shown_preview(self)
        if pane is not None:
            pane.step(by)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """[ and ] only while the preview is shown (disabled, not hidden, so help and the
        palette still name their keys)."""
        return None if action == "preview_page" and shown_preview(self) is None else True

    def on_mount(self) -> None:
        self.editing.subscribe(self, self.on_change)
        self.refresh_all()
        self.focus_first()
        self.call_after_refresh(self.read_sync)  # after the first frame: it loads the Stripe mapping

    async def reload(self) -> None:
        """Show another profile (the app's session changed): rows are rebuilt per tab again."""
        for tab in self.composed:
            await self.query_one(f"#{pane_id(tab)}", Rows).remove_children()
        self.composed.clear()
        self.rows.clear()
        self.brand_note = Static("", id="brand-note", classes="note", markup=False)
        await self.show_tab(FIRST_TAB)
        self.refresh_all()

    # --- building tabs on demand ---------------------------------------------------------

    def rows_of(self, tab: Tab) -> list[Widget]:
        """A tab's widgets: its rows, and the notes the Dashboard shows there."""
        widgets: list[Widget] = []
        if tab is Tab.EMAILS:
            widgets.append(Static(Content(EMAILS_CAUTION), classes="caution", markup=False))
        widgets += [row_for(info, tab) for info in by_tab(tab)]
        if tab is Tab.BRANDING:
            widgets.append(self.brand_note)
        return widgets

    def enlist(self, widgets: list[Widget]) -> list[Widget]:
        """Rows join those every change re-reads once they are mounted (composed with the
        screen, or after a tab's mount): a change that comes while a tab is being built (the
        first check, a save) must not reach rows whose controls do not exist yet."""
        self.rows += [w for w in widgets if isinstance(w, SettingRow)]
        return widgets

    async def fill(self, tab: Tab) -> None:
        """Mount a tab's rows the first time it is needed."""
        panes = self.query_one("#panes", ContentSwitcher)
        if tab in self.composed or not panes.is_attached:  # not attached: the app is closing
            return
        self.composed.add(tab)
        widgets = self.rows_of(tab)
        if panes.query_children(f"#{pane_id(tab)}"):  # emptied by a reload
            await panes.get_child_by_id(pane_id(tab)).mount_all(widgets)
        else:
            await panes.add_content(Rows(*widgets, id=pane_id(tab), classes="rows"))
        session, read_only = self.editing.session, self.editing.read_only
        for row in self.enlist(widgets):
            if isinstance(row, SettingRow):
                row.sync(session, read_only)
        self.update_notes()

    async def on_tab_bar_clicked(self, event: TabBar.Clicked) -> None:
        await self.show_tab(event.tab)

    def focus_first(self) -> None:
        """Focus the active tab's first row, unless a row of that tab has focus already."""
        pane = self.query_one("#panes", ContentSwitcher).visible_content
        row = self.focused_row()
        if pane is not None and (row is None or pane not in row.ancestors):
            rows = pane.query(SettingRow)
            if rows:
                rows.first().focus()

    # --- one path from an edit to the screen ---------------------------------------------

    def refresh_all(self, force: bool = False) -> None:
        """Every row re-reads the session; ``force`` redraws rows whose state looks unchanged
        (a refused edit must put the control back the way the session has it)."""
        session, read_only = self.editing.session, self.editing.read_only
        for row in self.rows:
            row.sync(session, read_only, force=force)
        self.update_header()
        self.update_notes()
        self.update_help()

    def update_header(self) -> None:
        app = self.editing
        session = app.session
        mode = session.values["profile.mode"]
        parts = [Content(" portal-tui "), Content.assemble(" ", (visible(app.profile_name), "bold"), " ")]
        if mode == "live":
            parts.append(Content.styled(" LIVE ", "reverse bold $error"))
        else:
            parts.append(Content(" test "))
        unsaved = len(session.changed())
        if app.is_new:
            parts.append(Content(" new: not saved yet "))
        if self.sync_badge:
            parts.append(Content(f" {self.sync_badge} "))
        parts.append(Content(f" {unsaved} unsaved " if unsaved else " saved " if not app.is_new else ""))
        errors = 0 if session.opening else session.error_count  # opening: the first screen, before the check
        count = " checking " if session.opening else f" {errors} error{'s' if errors != 1 else ''} "
        parts.append(Content.styled(count, "bold $error" if errors else ""))
        if app.read_only:  # last: the counts always show, the reason is cut first when narrow
            parts.append(Content.styled(f" READ-ONLY: {app.read_only_reason} ", "reverse"))
        header = Content(" ").join(parts)
        if header.cell_length > (self.size.width or 80):  # the program's name goes first
            header = Content(" ").join(parts[1:])
        self.set_header(header)

    def set_header(self, header: Content) -> None:
        """One line, cut with an ellipsis where the terminal is narrower."""
        self.query_one("#header", QuietText).update(header.truncate(self.size.width or 80, ellipsis=True))

    def update_notes(self) -> None:
        if Tab.BRANDING in self.composed:
            choice = self.editing.session.values["branding.connect_charges"]
            self.brand_note.update(Content(CONNECT_BRANDS.get(choice, "")))

    def update_help(self) -> None:
        row = self.focused_row()
        help_area = self.query_one("#help", HelpArea)
        if row is None:
            help_area.update("")
            return
        info = row.info
        help_area.show(
            Content.assemble((info.label, "bold"), f"  ({info.key})"), facts(info, self.editing.session.values),
            info.meta.help,
        )  # fmt: skip

    def on_descendant_focus(self) -> None:
        self.update_help()

    def on_setting_row_opened(self, event: SettingRow.Opened) -> None:
        """A picker or a field being typed into needs the rows: a preview in their place
        steps aside while it is open, then shows the effect."""
        pane = next(iter(self.query(PreviewPane)), None)
        if pane is None or not (self.has_class("-preview-in-place") or pane.has_class("-stepped-aside")):
            return
        pane.display = not event.showing
        pane.set_class(event.showing, "-stepped-aside")
        self.place_preview()

    def on_change(self, change: Change) -> None:
        """Every change of the profile: another profile rebuilds the rows, the rest re-reads
        them (forced where the file or the right to edit changed under the rows)."""
        if change in ("opened", "saved", "rebased"):
            self.call_after_refresh(self.read_sync)
        if change == "opened":
            self.call_later(self.reload)
        else:
            self.refresh_all(force=change in ("rebased", "unlocked"))

    def read_sync(self) -> None:
        """The header's pushed / not pushed, from the sync file (no request)."""
        from .stripe import sync_badge

        badge = sync_badge(self.editing)
        if badge != self.sync_badge:
            self.sync_badge = badge
            self.update_header()

    def edit(self, values: dict[str, Any], *, merge_key: str | None = None, label: str = "edit") -> None:
        """Apply an edit of a row; read-only, the row's control goes back to the profile's value."""
        if self.editing.read_only:
            self.notify(f"Read-only: {self.editing.read_only_reason}", severity="warning", timeout=3)
            self.refresh_all(force=True)
            return
        self.editing.apply(values, merge_key=merge_key, label=label)

    def on_setting_row_edit(self, event: SettingRow.Edit) -> None:
        self.edit(
            {event.key: event.value}, merge_key=event.key if event.merge else None, label=SETTINGS[event.key].label
        )

    def on_summary_row_open(self, event: SummaryRow.Open) -> None:
        """A list or table setting's dialog; what it hands back is one undoable edit.
        Read-only, its entries as text."""
        from ..catalogs import Account
        from ..dialogs.view import list_dialog

        info = event.row.info

        def done(result: Any) -> None:
            if result is not None:
                self.edit({info.key: result}, label=info.label)
            self.call_later(self.jump_to, info.key)

        value = self.editing.values[info.key]
        self.app.push_screen(list_dialog(info, value, self.editing.read_only_reason, Account.of(self.editing)), done)

    # --- moving around --------------------------------------------------------------------

    def action_row(self, step: int) -> None:
        if step > 0:
            self.focus_next(SettingRow)
        else:
            self.focus_previous(SettingRow)

    async def show_tab(self, tab: Tab) -> None:
        """Show a tab with its first row focused."""
        await self.fill(tab)
        if tab not in self.composed:
            return  # the app is closing
        self.query_one("#tabs", TabBar).active = tab
        self.query_one("#panes", ContentSwitcher).current = pane_id(tab)
        self.focus_first()

    async def action_tab(self, number: int) -> None:
        await self.show_tab(Tab(number))

    async def action_tab_step(self, step: int) -> None:
        current = self.query_one("#tabs", TabBar).active
        await self.show_tab(Tab((current.value - 1 + step) % len(Tab) + 1))

    def focused_row(self) -> SettingRow | None:
        focused = self.focused
        if isinstance(focused, SettingRow):
            return focused
        return next((a for a in focused.ancestors if isinstance(a, SettingRow)), None) if focused else None

    async def jump_to(self, key: str) -> None:
        """Show a setting's tab and focus its row (from /, e and g)."""
        tab = SETTINGS[key].meta.tab
        current = self.focused_row()
        if current is not None and current.key == key:
            return
        with self.hold_keys():  # keys typed ahead wait for the row, not the old focus
            await self.show_tab(tab)
            row = self.query_one(f"#{pane_id(tab)} #row-{key.replace('.', '--')}", SettingRow)
            row.focus()
        self.call_after_refresh(row.scroll_visible)

    def action_reset(self) -> None:
        row = self.focused_row()
        if row is not None:
            self.edit({row.key: SETTINGS[row.key].default}, label=f"reset {row.info.label}")

    async def walk(self, keys: list[str], step: int, none: str) -> None:
        """Go to the next (step 1) or previous (-1) of ``keys`` after the focused row, in
        Dashboard order, wrapping around; ``none`` is said when there are no keys."""
        if not keys:
            self.notify(none, timeout=2)
            return
        row = self.focused_row()
        here = DASHBOARD_ORDER.index(row.key) if row else -1
        ordered = sorted(keys, key=DASHBOARD_ORDER.index)
        if step > 0:
            ahead = [k for k in ordered if DASHBOARD_ORDER.index(k) > here]
            await self.jump_to((ahead or ordered)[0])
        else:
            behind = [k for k in ordered if DASHBOARD_ORDER.index(k) < here]
            await self.jump_to((behind or ordered)[-1])

    async def action_next_error(self) -> None:
        errors = [k for k in DASHBOARD_ORDER if any(p.severity == "error" for p in self.editing.session.problems_of(k))]
        await self.walk(errors, 1, "No errors.")

    async def action_go_dependency(self) -> None:
        row = self.focused_row()
        if row is None or not row.info.meta.not_applicable:
            self.notify("This setting depends on no other.", timeout=2)
            return
        values = self.editing.session.values
        blocking = next((c for c in row.info.meta.not_applicable if c.when(values)), row.info.meta.not_applicable[0])
        await self.jump_to(blocking.depends_on)
