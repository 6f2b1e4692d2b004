"""Hostile profiles for property tests: markup, escapes, bidi, unicode, numbers where text
belongs, duplicates, odd orders, entries of the wrong type, unknown keys."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from portal_tui.model.catalog import SETTINGS

NASTY = [
    "[bold]x[/]",
    "\x1b[2J",
    "\x1b]52;c;ZXZpbA==\x07",
    "\u202eevil\u202c",
    "日本語",
    "\u0085",
    "a\x1bb",
    "[link=https://e.vil]x[/link]",
    "",
    " ",
    "\\",
    '"',
    "'",
    "#ff0000",
    "prod_1",
    "price_1",
    "https://a.example",
]
TEXT = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=12), st.lists(st.sampled_from(NASTY), min_size=2, max_size=3).map("".join)
)
SCALAR = st.one_of(TEXT, st.integers(-5, 1000), st.booleans())


def choices(key: str) -> st.SearchStrategy[Any]:
    known = SETTINGS[key].choices
    return st.one_of(st.sampled_from(known), SCALAR)


def product() -> st.SearchStrategy[Any]:
    quantity = st.fixed_dictionaries(
        {},
        optional={
            "enabled": st.one_of(st.booleans(), TEXT),
            "minimum": st.one_of(st.integers(-2, 30), TEXT),
            "maximum": st.one_of(st.integers(-2, 30), TEXT),
            "note": TEXT,
        },
    )
    table = st.fixed_dictionaries(
        {},
        optional={
            "product": st.one_of(st.sampled_from(["prod_a", "prod_b"]), TEXT, st.integers(0, 9)),
            "prices": st.one_of(
                st.lists(st.one_of(st.sampled_from(["price_a", "price_b"]), TEXT, st.integers(0, 9)), max_size=4), TEXT
            ),
            "adjustable_quantity": st.one_of(quantity, TEXT),
            "extra": TEXT,
        },
    )
    return st.one_of(table, table, table, SCALAR)


def value_for(key: str) -> st.SearchStrategy[Any]:
    """Any value a hand-edited file might hold for a setting (valid or not, of any type)."""
    kind = SETTINGS[key].kind
    if kind == "toggle":
        return st.one_of(st.booleans(), st.booleans(), SCALAR)
    if kind == "choice":
        return choices(key)
    if kind == "multi":
        return st.one_of(st.lists(choices(key), max_size=6), SCALAR)
    if kind == "products":
        return st.one_of(st.lists(product(), max_size=4), SCALAR)
    if kind == "table":
        return st.one_of(st.dictionaries(TEXT.filter(bool), SCALAR, max_size=4), SCALAR)
    return st.one_of(TEXT, TEXT, SCALAR)


@st.composite
def profiles(draw: st.DrawFn, keys: tuple[str, ...] = tuple(SETTINGS), most: int | None = None) -> dict[str, Any]:
    """Raw profile data (as tomllib would read it) with up to ``most`` settings set to hostile values."""
    data: dict[str, Any] = {}
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=most or len(keys)))
    for key in chosen:
        section, name = key.split(".", 1)
        data.setdefault(section, {})[name] = draw(value_for(key))
    if draw(st.booleans()):
        data.setdefault("business", {})["\u202eunknown"] = draw(TEXT)
    return data
