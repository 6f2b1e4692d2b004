"""`S`: the profile's Stripe configuration: the link and last sync at once, the plan fetched in the
background, push (`P`), Stripe's values into the editor (`L`), and a link to another configuration (`C`)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, Static
from textual.worker import get_current_worker

from ...model.catalog import effective
from ...model.edits import same
from ...model.visible import visible
from ...store.links import read_state
from ...store.paths import StoreError
from ..catalogs import Account, one_line, unexpected
from ..dialogs.choice import ConfirmDialog, YesNo
from ..dialogs.typed_name import TypedNameDialog
from ..editing import Editing
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint

if TYPE_CHECKING:
    from ...store.links import SyncState
    from ...workflows.sync import Plan
    from ..catalogs import Listed


class Stopped(str):
    """A push's worker met what nobody foresaw: said as it is, not as "Not pushed" (it may have landed)."""

    __slots__ = ()


def sync_badge(editing: Editing) -> str:
    """pushed / not pushed for the editor's header: whether the saved profile is what the last
    pull or push left in Stripe, from the sync file alone. Empty when not linked."""
    name = editing.target.name
    try:
        state = read_state(editing.store.layout, name) if name else None
    except StoreError:
        return ""
    if state is None:
        return ""
    if state.pending is not None or state.configuration is None:
        return "push may have landed"
    from ...stripe.plan import pushed  # the Stripe mapping: loaded at start-up for a linked profile only

    return (
        "pushed" if pushed(state.params, state.configuration, editing.session.saved, state.resolved) else "not pushed"
    )


def link_line(editing: Editing) -> str:
    """What the sync file says, without a request: where the profile is linked and since when."""
    name = editing.target.name
    if name is None:
        return "A file outside the profiles folder: sync takes profiles by name."
    try:
        state = read_state(editing.store.layout, name)
    except StoreError as exc:
        return str(exc)
    if state is None:
        return "Not linked yet: a push updates the account's default configuration (the Dashboard's) and links it."
    if state.pending is not None:
        return (f"Linked to {state.where}. The last push (at {state.pending.started}) may have landed: "
                "the plan below checks it.")  # fmt: skip
    synced = (state.synced_at or "-").replace("T", " ")
    return f"Linked to {state.where}; last sync {synced}"


class StripeScreen(ModalScreen[None]):
    """The plan is fetched in a worker thread; escape closes the screen at once and drops it.
    Pushing takes the saved profile, with the checks and the confirmation of ``portal-tui push``."""

    DEFAULT_CSS = """
    StripeScreen #busy { height: 1; }
    StripeScreen #plan { max-height: 30vh; }
    StripeScreen Hint { dock: bottom; }
    StripeScreen #plan .heading { text-style: bold; }
    """
    BINDINGS = [
        Binding("P", "push", "Push", id="stripe-push", tooltip="Push the saved profile to Stripe (asks first)"),
        Binding("L", "take", "Take Stripe's", id="stripe-take",
                tooltip="Bring Stripe's values into the editor as pending edits (ctrl+z undoes them)"),
        Binding("R", "refresh", "Refresh", id="stripe-refresh", tooltip="Fetch the plan again"),
        Binding("C", "configurations", "Configurations", id="stripe-configurations",
                tooltip="Every configuration of the account; link the profile to one (the next plan compares with it)"),
        Binding("escape", "close", "Close", id="stripe-close", tooltip="Back to the editor"),
    ]  # fmt: skip

    def __init__(self, editing: Editing, key_file: str | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.key_file = key_file
        """``--api-key-file`` of the editor's command, else the environment's key."""
        self.plan: Plan | None = None
        self.running = ""
        """What the screen's worker is doing ("Pushing"...), until its result is handled: nothing
        else starts meanwhile (a second push, or one of a plan being replaced, would send twice)."""
        self.outcome = ""
        """A failed push's message, kept above the plan fetched after it."""

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(f"Stripe: {self.editing.profile_name}"), classes="title", markup=False)
            yield Static(Content(link_line(self.editing)), id="link", classes="note", markup=False)
            yield LoadingIndicator(id="busy")
            yield Static("", id="said", markup=False)
            yield VerticalScroll(id="plan", classes="list")
            yield Hint()

    def on_mount(self) -> None:
        self.fetch()

    def say(self, text: str, problem: bool = False) -> None:
        said = self.query_one("#said", Static)
        said.set_class(problem, "problem")
        said.update(Content(text))

    def busy(self, busy: bool) -> None:
        self.query_one("#busy").display = busy

    def idle(self) -> bool:
        """Whether an action may start now; if not, says what it waits for."""
        if self.running:
            self.notify(f"{self.running}: wait for Stripe's answer first.", severity="warning", timeout=3)
        return not self.running

    # --- the plan ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        if self.idle():
            self.fetch()

    def fetch(self, outcome: str = "") -> None:
        self.outcome = outcome
        name = self.editing.target.name
        if name is None:
            self.busy(False)
            return
        self.busy(True)
        self.running = "Fetching the plan"
        self.say("\n".join([*self.said_before(), "Fetching the plan…"]), problem=bool(outcome))
        session = self.editing.session
        self._fetch(name, session.values["profile.mode"], session.saved, session.saved_problems)

    @work(thread=True, exclusive=True, group="stripe")
    def _fetch(self, name: str, mode: Any, saved: dict[str, Any], problems: list[Any]) -> None:
        from ...stripe.http import run
        from ...workflows.sync import SyncError, connect, plan

        layout = self.editing.store.layout
        try:
            state = read_state(layout, name)  # read once for the plan
            stripe = connect(mode if mode in ("test", "live") else "test", name, key_file=self.key_file,
                             account=state.account if state else None)  # fmt: skip
            found: Plan | str = run(plan(stripe, layout, name, saved, problems, state))
        except (SyncError, StoreError) as exc:
            found = one_line(exc)
        except Exception as exc:  # noqa: BLE001 - a worker's crash report would show its locals: the key
            found = unexpected(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, found)

    def said_before(self) -> list[str]:
        return [self.outcome] if self.outcome else []

    def show(self, found: Plan | str) -> None:
        if not self.is_attached:
            return
        self.running = ""
        self.busy(False)
        lines = self.query_one("#plan", VerticalScroll)
        lines.remove_children()
        self.query_one("#link", Static).update(Content(link_line(self.editing)))
        if isinstance(found, str):
            self.plan = None
            self.say("\n".join([*self.said_before(), found]), problem=True)
            return
        self.plan = found
        if found.settled or (found.state is not None and not found.changes):
            self.editing.changed.publish("saved")  # the plan recorded the sync: the header says pushed again
        changes = found.changes
        count = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
        head = f"{count} to push to {found.where}." if changes else f"In sync: {found.where} holds the saved profile."
        notes = list(found.settled)
        if self.editing.session.dirty:
            notes.append("Unsaved edits are not pushed: save first (ctrl+s).")
        if found.conflicts:
            notes.append("Stripe changed some of these since the last sync: L takes Stripe's, P overwrites them.")
        for problem in found.errors:
            notes.append(f"{problem.key}: {problem.message} (a push refuses it)")
        alarm = bool(self.outcome or found.errors or found.conflicts)
        self.say("\n".join([*self.said_before(), head, *notes]), problem=alarm)
        shown: list[Static] = []
        groups = (("To push (Stripe -> profile):", changes),
                  ("Changed in Stripe since the last sync (then -> now):", found.edited))  # fmt: skip
        for title, group in groups:
            if group:
                shown.append(Static(Content(title), classes="heading", markup=False))
                shown += [Static(Content(visible(c.line())), markup=False) for c in group]
        lines.mount_all(shown)

    # --- push -------------------------------------------------------------------------------

    def action_push(self) -> None:
        if not self.idle():
            return
        the_plan = self.plan
        if the_plan is None:
            self.notify("No plan yet: nothing can be pushed.", severity="warning", timeout=3)
            return
        if self.editing.read_only:
            self.notify(f"Read-only: {self.editing.read_only_reason}", severity="warning", timeout=3)
            return
        if self.editing.session.dirty:
            self.notify("Save first (ctrl+s): a push sends the saved profile.", severity="warning", timeout=4)
            return
        if the_plan.errors:
            self.notify("Not pushed: sent settings have errors.", severity="error", timeout=4)
            return
        if not the_plan.changes:
            self.notify("In sync: nothing to push.", timeout=3)
            return
        count = len(the_plan.changes)
        question = f"Push {count} change{'s' if count != 1 else ''} to {the_plan.where}?"
        if the_plan.conflicts:
            question = f"{the_plan.where} changed in Stripe since the last sync; overwrite it? " + question

        def answered(answer: YesNo | bool | None) -> None:
            if answer in ("yes", True) and self.idle():
                self.running = "Pushing"
                self.busy(True)
                self.say("Pushing…")
                self._push(the_plan)

        if the_plan.mode == "live":
            self.app.push_screen(TypedNameDialog(question.replace("(live)", "(LIVE)"), the_plan.name), answered)
        else:
            self.app.push_screen(ConfirmDialog(question), answered)

    @work(thread=True, exclusive=True, group="stripe")
    def _push(self, the_plan: Plan) -> None:
        from ...stripe.http import run
        from ...workflows.push import MayHaveLanded, push, refuse
        from ...workflows.sync import Refused, SyncError, connect

        try:
            stripe = connect(the_plan.mode, the_plan.name, key_file=self.key_file, account=the_plan.account)
            run(refuse(stripe, the_plan, force=True))  # an overwrite of Stripe's changes was asked above
            result: Any = run(push(stripe, self.editing.store.layout, the_plan))
        except Refused as exc:
            result = "\n".join([str(exc), *exc.lines])
        except MayHaveLanded as exc:  # sent: not "Not pushed"
            result = Stopped(str(exc))
        except (SyncError, StoreError) as exc:
            result = str(exc)
        except Exception as exc:  # noqa: BLE001 - a worker's crash report would show its locals: the key
            result = Stopped(f"The push stopped on an {unexpected(exc)}; it may have landed: the plan below checks it.")
        self.app.call_from_thread(self.pushed, the_plan, result)

    def pushed(self, the_plan: Plan, result: Any) -> None:
        """A failed push's plan is dropped and fetched again: the push may have landed (settled
        and recorded by the fetch), and its plan, pushed again, would send it a second time."""
        self.editing.changed.publish("saved")  # the header's pushed / not pushed (a failed push may have landed)
        self.running = ""
        if not self.is_attached:
            return
        if isinstance(result, str):
            self.plan = None
            self.fetch(result if isinstance(result, Stopped) else f"Not pushed: {result}")
            return
        count = len(the_plan.changes)
        if result:
            self.notify(f"Pushed, but {the_plan.where} did not keep {len(result)} of them.", severity="error")
        else:
            self.notify(f"pushed {count} change{'s' if count != 1 else ''} to {the_plan.where}", timeout=6)
        self.fetch()

    # --- Stripe's values into the editor --------------------------------------------------------

    def action_take(self) -> None:
        if not self.idle():
            return
        if self.plan is None or self.editing.read_only:
            self.notify("No plan yet, or read-only: nothing taken.", severity="warning", timeout=3)
            return
        from ...stripe.mapping import SENT_KEYS
        from ...stripe.plan import stripe_values

        theirs, _ = stripe_values(self.plan.obj)
        now = effective(self.editing.session.data)
        values = {k: theirs[k] for k in SENT_KEYS if not same(now[k], theirs[k])}
        if not values:
            self.notify("The editor already holds Stripe's values.", timeout=3)
            return
        self.editing.apply(values, label="Stripe's values")
        self.notify(f"{len(values)} value{'s' if len(values) != 1 else ''} from Stripe are pending: "
                    "ctrl+s saves them, ctrl+z takes them back.", timeout=6)  # fmt: skip
        self.dismiss(None)

    # --- another configuration ------------------------------------------------------------------

    def account(self) -> Account:
        return replace(Account.of(self.editing), key_file=self.key_file)

    def action_configurations(self) -> None:
        from ..dialogs.configurations import ConfigurationsDialog

        if not self.idle():
            return
        name = self.editing.target.name
        if name is None:
            self.notify("A file outside the profiles folder: sync takes profiles by name.", severity="warning")
            return
        try:
            state = read_state(self.editing.store.layout, name)
        except StoreError as exc:
            self.say(str(exc), problem=True)
            return
        linked = state.configuration if state else None
        dialog = ConfigurationsDialog(self.account(), linked, self.editing.read_only_reason)
        self.app.push_screen(dialog, partial(self.chosen, state))

    def chosen(self, state: SyncState | None, picked: Listed | None) -> None:
        """Link the profile to the configuration picked; asked first when it is linked to another."""
        if picked is None or not self.idle():
            return
        if self.editing.read_only:
            self.notify(f"Read-only: {self.editing.read_only_reason}", severity="warning", timeout=3)
            return
        name, mode = self.editing.profile_name, self.account().mode
        if state is not None and state.configuration == picked.id and state.mode == mode:
            self.notify(f"{name} is linked to {state.where} already.", timeout=3)
            return
        if state is None or state.configuration is None:
            self.relink(picked.id)
            return
        also = f" ({picked.profile} is linked to it too.)" if picked.profile not in (None, name) else ""
        question = (f"{name} is linked to {state.where}. Link it to {picked.id} instead? "
                    f"The next plan compares with that one.{also}")  # fmt: skip

        def answered(answer: YesNo | None) -> None:
            if answer == "yes":
                self.relink(picked.id)

        self.app.push_screen(ConfirmDialog(question), answered)

    def relink(self, configuration: str) -> None:
        self.running = "Linking"
        self.busy(True)
        self.say(f"Linking to {configuration}…")
        self._link(configuration)

    @work(thread=True, exclusive=True, group="stripe")
    def _link(self, configuration: str) -> None:
        result = self.account().link(configuration)
        self.app.call_from_thread(self.linked, result)

    def linked(self, result: SyncState | str) -> None:
        self.running = ""
        if not self.is_attached:
            return
        if isinstance(result, str):
            self.busy(False)
            self.say(f"Not linked: {result}", problem=True)
            return
        self.editing.changed.publish("saved")  # the header's pushed / not pushed is of the new link
        self.notify(f"{self.editing.profile_name} is linked to {result.where} now: the plan compares with it.")
        self.fetch()

    def action_close(self) -> None:
        if self.running == "Pushing":  # sent or being sent: its answer is awaited here, never dropped
            self.idle()
            return
        self.workers.cancel_group(self, "stripe")
        self.dismiss(None)
