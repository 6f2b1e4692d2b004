"""What a push would change: a profile and a Stripe configuration compared on Stripe's parameters."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..model.catalog import DASHBOARD_ORDER, DEFAULTS, SETTINGS, effective
from ..model.display import shown
from ..model.edits import same
from ..model.meta import Raw
from .export import build
from .importer import from_object
from .lookup import apply, recorded
from .mapping import MAPPING, Param, get_path, put_path


def _order(param: Param) -> int:
    return min(DASHBOARD_ORDER.index(k) for k in param.keys)


PARAMS_IN_ORDER: tuple[Param, ...] = tuple(sorted(MAPPING, key=_order))
"""Every parameter in the Dashboard's order of the settings that decide it."""


@dataclass(frozen=True)
class ParamChange:
    """One parameter that differs: its value in Stripe and in the profile (None: absent)."""

    param: str
    keys: tuple[str, ...]
    stripe: Any
    profile: Any

    @property
    def label(self) -> str:
        """The labels of the settings behind the change: of a list of entries (allowed updates),
        only those whose entry comes or goes."""
        keys = self.keys
        entries = {k: s.entry for k in keys if (s := SETTINGS[k].meta.stripe) is not None and s.entry}
        if len(entries) == len(keys) and isinstance(self.stripe, list) and isinstance(self.profile, list):
            moved = [k for k, e in entries.items() if (e in self.stripe) != (e in self.profile)]
            keys = tuple(moved) or keys
        return ", ".join(SETTINGS[k].label for k in keys)

    def line(self) -> str:
        """``PARAM (Label): stripe -> profile``."""
        return f"{self.param} ({self.label}): {_shown(self.stripe)} -> {_shown(self.profile)}"

    def as_json(self) -> dict[str, Any]:
        return {"param": self.param, "key": ", ".join(self.keys), "label": self.label,
                "stripe": self.stripe, "profile": self.profile}  # fmt: skip


def _shown(value: Any) -> str:
    return "(not set)" if value is None else shown(value)


def stripe_values(obj: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A configuration object as every setting's value (the defaults where it says nothing),
    and what import says about it."""
    values, report = from_object(obj)
    return {**DEFAULTS, **values}, report


def stripe_params(obj: dict[str, Any]) -> dict[str, Any]:
    """The parameters an update would need to make a configuration what it is now: the same
    mapping both ways, so a profile pulled from it plans nothing."""
    values, _ = stripe_values(obj)
    return build(values, [], update=str(obj.get("id") or "bpc_")).params


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[ParamChange]:
    """Every parameter whose value differs between two parameter sets, in Dashboard order."""
    found = []
    for param in PARAMS_IN_ORDER:
        a, b = get_path(before, param.path), get_path(after, param.path)
        if not same(a, b):
            found.append(ParamChange(param.path, param.keys, a, b))
    return found


_REQUIRED = ("enabled", "type")
"""Keys Stripe requires beside any other key of the same object in an update
(``cancellation_reason.enabled``, ``login_page.enabled``, ``duration.type``)."""


def payload(changes: list[ParamChange], profile: dict[str, Any]) -> dict[str, Any]:
    """The update that makes Stripe's configuration hold the profile's values: only the
    changed parameters, each object with the keys Stripe requires beside them; an emptied list
    as ``""`` (Stripe clears a list given an empty value; the library drops an empty list), and
    metadata keys the profile no longer has as ``""`` (Stripe merges metadata)."""
    body: dict[str, Any] = {}
    for change in changes:
        value = copy.deepcopy(change.profile)
        if change.param == "metadata":
            old = change.stripe if isinstance(change.stripe, dict) else {}
            new = value if isinstance(value, dict) else {}
            gone = dict.fromkeys((k for k in old if k not in new), "")
            value = {**gone, **{k: v for k, v in new.items() if old.get(k) != v}} if new else ""
        elif value == []:
            value = ""
        put_path(body, change.param, value)
    _add_required(body, profile)
    return body


def _add_required(node: dict[str, Any], full: dict[str, Any]) -> None:
    for key, value in node.items():
        if isinstance(value, dict) and isinstance(full.get(key), dict):
            for required in _REQUIRED:
                if required in full[key] and required not in value:
                    value[required] = full[key][required]
            _add_required(value, full[key])


def pushed(state_params: dict[str, Any], configuration: str, data: Raw, resolved: dict[str, list[str]]) -> bool:
    """Whether a profile's saved data is what its last sync left in Stripe (the header's
    pushed / not pushed): no request, the sync file alone (lookup keys as it resolved them)."""
    values = apply(effective(data), recorded(resolved))
    return not differences(state_params, build(values, [], update=configuration).params)
