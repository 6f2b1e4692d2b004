"""`C` on the Stripe screen: every portal configuration of the account, to link the open profile to one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets.option_list import Option

from ...model.visible import visible
from ..catalogs import Account
from .account import AccountDialog, entry, matching

if TYPE_CHECKING:
    from ..catalogs import Listed


class ConfigurationsDialog(AccountDialog["Listed", "Listed"]):
    """Each configuration: its ID and name, then whether it is the default (the Dashboard's),
    active or not, when it last changed, and the local profile linked to it. Inactive ones pile
    up (Stripe cannot delete configurations), so the list says how many. The one picked is
    handed back, to be linked; a read-only editor lists them and picks none."""

    verb = "link"

    def __init__(self, account: Account, linked: str | None, read_only_reason: str = "") -> None:
        super().__init__(account, f"Configurations of the account: link {account.shown} to one")
        self.preferred = linked
        self.linked = linked
        """The configuration the profile is linked to now (None: not linked)."""
        self.read_only_reason = read_only_reason

    def fetch(self) -> tuple[str, list[Listed]] | str:
        return self.account.configurations()

    def summary(self, where: str, entries: list[Listed]) -> str:
        count, inactive = len(entries), sum(not c.active for c in entries)
        said = (f"{count} configuration{'s' if count != 1 else ''} in {where}, {inactive} inactive "
                "(Stripe cannot delete configurations; they pile up).")  # fmt: skip
        if self.read_only_reason:
            said += f" Read-only ({self.read_only_reason}): listed, not linked."
        return said

    def options(self, query: str) -> list[Option]:
        lines: list[Option] = []
        for c in self.found[1] if self.found else []:
            head = f"{c.id}  {visible(c.name) or '(no name)'}" + ("  <- linked now" if c.id == self.linked else "")
            facts = ["default" if c.is_default else "", "active" if c.active else "inactive",
                     f"profile: {c.profile or '-'}"]  # fmt: skip
            if matching(query, head, *facts):  # not the time: a digit typed would match every date
                updated = c.as_json()["updated"].replace("T", " ")
                tail = "  " + ", ".join(f for f in [*facts[:2], f"updated {updated}", facts[2]] if f)
                lines.append(entry(head, tail, ident=c.id))
        return lines or [entry("Nothing matches." if query.strip() else "No configuration yet.", disabled=True)]

    def choose(self, ident: str) -> None:
        if self.read_only_reason:
            self.notify(f"Read-only: {self.read_only_reason}; nothing is linked.", severity="warning", timeout=4)
            return
        found = self.found[1] if self.found else []
        self.dismiss(next(c for c in found if c.id == ident))
