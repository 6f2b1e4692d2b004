"""Property tests: any set of valid changes saved into a hand-written file reads back exactly,
and the file keeps every comment it had."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_tui.model.catalog import SETTINGS, effective
from portal_tui.model.edits import apply
from portal_tui.model.problems import check, errors_of
from portal_tui.store.write import render

from .conftest import DATA

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=40)
IDS = st.from_regex(r"[A-Za-z0-9_]{1,12}", fullmatch=True)


def product(i: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda prices, q: {"product": f"prod_{i}", "prices": prices, **({"adjustable_quantity": q} if q else {})},
        st.lists(IDS.map(lambda s: f"price_{i}_{s}"), min_size=1, max_size=3, unique=True),
        st.one_of(
            st.none(),
            st.builds(
                lambda lo, extra: {"enabled": True, "minimum": lo, "maximum": lo + extra},
                st.integers(0, 50),
                st.integers(0, 50),
            ),
        ),
    )


def value_for(key: str) -> st.SearchStrategy[Any]:
    info = SETTINGS[key]
    kind = info.kind
    if kind == "toggle":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from(info.choices)
    if kind == "multi":
        return st.lists(st.sampled_from(info.choices), min_size=1, unique=True)
    if kind == "url":
        return st.one_of(st.just(""), IDS.map(lambda s: f"https://acme.example/{s}"))
    if kind == "host":
        return st.one_of(st.just(""), st.from_regex(r"[a-z][a-z0-9]{0,8}\.example\.(com|org)", fullmatch=True))
    if kind == "color":
        return st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
    if kind == "image":
        return st.one_of(st.just(""), IDS.map(lambda s: f"file_{s}"))
    if kind == "products":
        return st.integers(1, 3).flatmap(lambda n: st.tuples(*[product(i) for i in range(n)]).map(list))
    if kind == "table":
        return st.dictionaries(IDS, TEXT, max_size=4)
    if kind == "ids":
        return st.lists(IDS.map(lambda s: f"bfo_{s}"), max_size=3, unique=True)
    if kind == "intervals":
        limits = {"day": 1095, "week": 156, "month": 36, "year": 3}
        one = st.sampled_from(sorted(limits)).flatmap(
            lambda unit: st.builds(lambda n: {"interval": unit, "count": n}, st.integers(1, limits[unit]))
        )
        return st.lists(one, min_size=1, max_size=3, unique_by=lambda d: (d["interval"], d["count"]))
    if key == "advanced.payment_method_configuration":
        return st.one_of(st.just(""), IDS.map(lambda s: f"pmc_{s}"))
    if key == "business.business_name":
        return TEXT.filter(str.strip)
    if key == "business.headline":
        return st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=60)
    return TEXT


CHANGES = st.lists(st.sampled_from(list(SETTINGS)), min_size=1, max_size=8, unique=True).flatmap(
    lambda keys: st.fixed_dictionaries({k: value_for(k) for k in keys})
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANGES)
def test_valid_changes_read_back_exactly_and_keep_every_comment(changes: dict[str, Any]) -> None:
    text = (DATA / "hand-edited.toml").read_text()
    new = apply(tomllib.loads(text), changes)
    out = render(text, new)  # raises if the written file would not hold exactly `new`
    values = effective(tomllib.loads(out))
    for key, value in changes.items():
        assert values[key] == (value.lower() if SETTINGS[key].kind == "color" else value)
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert all(c in out for c in comments)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([k for k, i in SETTINGS.items() if i.kind not in ("products",)]),
        min_size=1,
        max_size=5,
        unique=True,
    ).flatmap(lambda keys: st.fixed_dictionaries({k: value_for(k) for k in keys}))
)
def test_generated_valid_values_are_accepted_by_the_model(changes: dict[str, Any]) -> None:
    data = apply({"business": {"business_name": "Acme"}}, changes)
    data.setdefault("subscriptions", {})["products"] = [{"product": "prod_1", "prices": ["price_1"]}]
    data.setdefault("cancellations", {})["retention_coupon"] = "STAY"
    data["cancellations"]["mode"] = "immediately"
    data.setdefault("subscriptions", {}).setdefault("downgrade_conditions", ["shortening_interval"])
    data["cancellations"].setdefault("reason_options", ["other"])
    assert errors_of(check(data)) == []


INLINE_LISTS = """\
[subscriptions]
products = [{product = "prod_0", prices = ["price_0_a"]}, # plan zero
  {product = "prod_1", prices = ["price_1_a"]},  # plan one
]

[cancellations]
reason_options = [
  "too_expensive",  # most common
  "missing_features",  # asked for
  "other",  # catch-all
]
"""
REASONS = SETTINGS["cancellations.reason_options"].choices


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(REASONS), max_size=8),
    st.lists(st.integers(0, 3), max_size=4, unique=True).flatmap(
        lambda ids: st.tuples(*[product(i) for i in ids]).map(list)
    ),
)
def test_any_edit_of_an_inline_list_reads_back_exactly_and_keeps_the_comments_of_items_that_stay(
    reasons: list[str], products: list[dict[str, Any]]
) -> None:
    data = tomllib.loads(INLINE_LISTS)
    data["cancellations"]["reason_options"] = reasons
    data["subscriptions"]["products"] = products
    out = render(INLINE_LISTS, data)  # raises if the written file would not hold exactly `data`
    assert "[[subscriptions.products]]" not in out
    commented = {"too_expensive": "# most common", "missing_features": "# asked for", "other": "# catch-all"}
    kept = [r for r in reasons if r in commented]
    if kept == [r for r in commented if r in kept]:  # the old items stay in their order (a move may lose it)
        for reason in kept:
            assert commented[reason] in out
    ids = [p["product"] for p in products if p["product"] in ("prod_0", "prod_1")]
    if ids == sorted(ids):
        for i, comment in ((0, "# plan zero"), (1, "# plan one")):
            if f"prod_{i}" in ids:
                assert comment in out
