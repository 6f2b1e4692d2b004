"""The store: reading with limits, comment-preserving in-place writes, atomic replace."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from portal_tui.model.edits import REMOVE, apply
from portal_tui.store.paths import BadName, Layout, check_name, resolve
from portal_tui.store.profiles import Refused, Store
from portal_tui.store.read import Malformed, read
from portal_tui.store.write import render, template

from .conftest import DATA


@pytest.fixture
def store(config_dir: Path) -> Store:
    return Store(Layout(config_dir))


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "lines were added or removed"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_one_changed_value_changes_only_its_line_and_keeps_its_comment() -> None:
    text = (DATA / "hand-edited.toml").read_text()
    data = tomllib.loads(text)
    out = render(text, apply(data, {"subscriptions.switch_plan": False}))
    assert changed_lines(text, out) == [
        ("switch_plan = true   # plans: basic <-> pro", "switch_plan = false   # plans: basic <-> pro")
    ]


def test_a_product_edited_inside_an_array_of_tables_keeps_the_comments_around_it() -> None:
    text = (DATA / "hand-edited.toml").read_text()
    data = tomllib.loads(text)
    products = data["subscriptions"]["products"]
    products[1]["prices"] = ["price_pro_month"]
    out = render(text, apply(data, {"subscriptions.products": products}))
    assert changed_lines(text, out) == [
        ('prices = ["price_pro_month", "price_pro_year"]', 'prices = ["price_pro_month"]')
    ]


COMMENTED_LISTS = """\
[subscriptions]
switch_plan = true
products = [{product = "prod_a", prices = ["price_a"]}, # the starter plan
  {product = "prod_b", prices = ["price_b"]},  # the pro plan
]

[cancellations]
reason_options = [
  "too_expensive",  # most common
  "missing_features",
  "other",  # catch-all
]

# customers
[customer]
tax_id = true
"""


def test_a_list_edit_keeps_the_comments_of_untouched_items_and_the_form_the_user_chose() -> None:
    data = tomllib.loads(COMMENTED_LISTS)
    data["cancellations"]["reason_options"] = ["too_expensive", "other", "unused"]
    data["subscriptions"]["products"][1]["prices"].append("price_b2")
    data["subscriptions"]["products"].append({"product": "prod_c", "prices": ["price_c"]})
    out = render(COMMENTED_LISTS, data)
    assert '  "too_expensive",  # most common\n  "other",  # catch-all\n  "unused",\n]' in out
    assert '{product = "prod_a", prices = ["price_a"]}, # the starter plan' in out
    assert '{product = "prod_b", prices = ["price_b", "price_b2"]},  # the pro plan' in out
    assert '{product = "prod_c", prices = ["price_c"]}' in out and "[[subscriptions.products]]" not in out
    assert "\n\n# customers\n[customer]" in out
    del data["subscriptions"]["products"][0]
    out = render(COMMENTED_LISTS, data)
    assert "# the starter plan" not in out and "# the pro plan" in out


def test_a_key_absent_from_the_file_is_added_after_its_tables_last_key() -> None:
    text = (DATA / "hand-edited.toml").read_text()
    out = render(text, apply(tomllib.loads(text), {"customer.phone": False}))
    lines = out.splitlines()
    assert lines[lines.index("tax_id = true") + 1] == "phone = false"
    assert "    # indented comment that belongs to nobody in particular" in lines
    assert out.replace("phone = false\n", "", 1) == text


def test_a_table_absent_from_the_file_is_added() -> None:
    text = '[business]\nbusiness_name = "Acme"  # ours\n'
    out = render(text, apply(tomllib.loads(text), {"advanced.metadata.team": "billing"}))
    assert out.startswith(text)
    assert tomllib.loads(out)["advanced"]["metadata"] == {"team": "billing"}


def test_removing_a_metadata_entry_removes_only_its_line() -> None:
    text = (DATA / "maximal.toml").read_text()
    out = render(text, apply(tomllib.loads(text), {"advanced.metadata.ticket": REMOVE}))
    assert out == text.replace('ticket = "SUP-1234"\n', "")


def test_colors_are_written_lower_case_six_digit() -> None:
    data = apply({}, {"branding.button_color": "#F0A"})
    assert data["branding"]["button_color"] == "#ff00aa"


def test_a_new_profile_file_lists_every_setting_with_its_label(store: Store) -> None:
    text = template()
    assert text.splitlines()[1] == "schema_version = 1"
    assert "tax_id = false # Tax ID" in text
    data = tomllib.loads(text)
    assert data["business"]["business_name"] == ""


@pytest.mark.parametrize("name", ["Demo", "a/b", "..", "a.b", "a b", "", "-x", "x" * 65, "a\\b"])
def test_bad_profile_names_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(BadName, match="profile name"):
        check_name(name)


def test_good_profile_names_are_taken() -> None:
    for name in ("demo", "acme-test", "a", "0_live", "x" * 64):
        assert check_name(name) == name


def test_only_valid_names_ending_in_toml_are_profiles(profiles: Path, store: Store) -> None:
    for name in ("good.toml", ".good.lock", ".good.draft.toml", ".good.tmp-abc", "Bad.toml", "notes.txt", "a.b.toml"):
        (profiles / name).write_text("")
    assert store.layout.names() == ["good"]


def test_a_name_with_a_slash_or_toml_suffix_is_a_path(tmp_path: Path, store: Store) -> None:
    assert resolve(store.layout, "demo").path == store.layout.profiles / "demo.toml"
    assert resolve(store.layout, "x.toml").path == Path("x.toml")
    assert resolve(store.layout, "./demo").name is None
    assert resolve(store.layout, str(store.layout.profiles / "demo.toml")).name == "demo"


def test_a_no_op_save_writes_nothing(store: Store, install) -> None:
    path = install("hand-edited", "demo")
    before = os.stat(path)
    saved = store.save(store.target("demo"), {"customer.tax_id": True})
    assert not saved.wrote
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not (store.layout.history_root / "demo").exists()


def test_saving_keeps_the_files_permission_bits(store: Store, install) -> None:
    path = install("minimal", "demo")
    os.chmod(path, 0o600)
    store.save(store.target("demo"), {"customer.tax_id": True})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_save_leaves_no_temporary_files(store: Store, install, profiles: Path) -> None:
    install("minimal", "demo")
    store.save(store.target("demo"), {"customer.tax_id": True})
    assert sorted(p.name for p in profiles.iterdir()) == ["demo.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_files(
    store: Store, install, profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(Exception, match="No space left on device"):
        store.save(store.target("demo"), {"customer.tax_id": True})
    assert path.read_bytes() == before
    assert [p.name for p in profiles.iterdir()] == ["demo.toml"]


def test_never_worse_refuses_new_errors_and_lets_old_ones_stand(store: Store, profiles: Path) -> None:
    path = profiles / "demo.toml"
    path.write_text("[subscriptions]\nswitch_plan = true\n")  # no business name, no products: 2 errors
    with pytest.raises(Refused) as refused:
        store.save(store.target("demo"), {"business.headline": "x" * 61})
    assert [p.key for p in refused.value.problems] == ["business.headline"]
    assert path.read_text() == "[subscriptions]\nswitch_plan = true\n"
    saved = store.save(store.target("demo"), {"business.business_name": "Acme"})
    assert saved.wrote and [p.key for p in saved.problems if p.severity == "error"] == ["subscriptions.products"]


def test_a_newer_schema_version_is_read_but_never_written(store: Store, profiles: Path) -> None:
    path = profiles / "demo.toml"
    path.write_text('schema_version = 2\n[business]\nbusiness_name = "A"\n')
    assert read(path).newer
    with pytest.raises(Refused, match="newer portal-tui"):
        store.save(store.target("demo"), {"customer.tax_id": True})
    assert path.read_text().startswith("schema_version = 2")


@pytest.mark.parametrize(
    "content, where, message",
    [
        (b'[business]\nbusiness_name = "Acme\n', ":2:", "not valid TOML"),
        (b'[business]\nname = "caf\xe9"\n', ":2:12", "not UTF-8"),
        (b'# \xc3\xa9t\xc3\xa9\nx = "\xff"\n', ":2:6", "not UTF-8"),
        (b"a = " + b"[" * 40 + b"]" * 40 + b"\n", "", "nested deeper than 32"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "", "nested deeper than 32"),
        (b"x = 1\n" + b"#" * (1024 * 1024), "", "over 1 MiB"),
    ],
)
def test_malformed_files_are_refused_with_file_line_col(
    tmp_path: Path, content: bytes, where: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(Malformed) as error:
        read(path)
    assert error.value.where.startswith(str(path) + where)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_an_empty_file_is_all_defaults_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("")
    loaded = read(path)
    assert loaded.data == {}
    assert [(p.key, p.severity) for p in loaded.notes] == [("-", "warning")]


def test_unknown_keys_and_tables_survive_a_save(store: Store, install) -> None:
    path = install("hand-edited", "demo")
    store.save(store.target("demo"), {"business.headline": "Hello"})
    data = tomllib.loads(path.read_text())
    assert data["x-acme-deploy"]["owner"] == "payments-team"
    assert "# A table portal-tui does not know: kept as it is." in path.read_text()


def test_keys_added_to_a_table_go_before_the_comment_that_leads_the_next_table() -> None:
    text = "[a]\nx = 1  # one\n\n# about b\n[b]\ny = 2\n"
    out = render(text, {"a": {"x": 1, "z": 3, "w": ["p", "q"], "k.dotted": "v"}, "b": {"y": 2}})
    assert out == '[a]\nx = 1  # one\nz = 3\nw = ["p", "q"]\n"k.dotted" = "v"\n\n# about b\n[b]\ny = 2\n'


def test_a_table_added_to_a_table_with_a_trailing_comment_still_holds_every_value() -> None:
    text = "[a]\n  x = 1\n# about b\n[b]\ny = 2\n"
    new = {"a": {"x": 1, "s": 2, "t": {"u": 1}, "v": [{"w": 1}]}, "b": {"y": 2}}
    out = render(text, new)
    assert tomllib.loads(out) == new
    assert out.startswith("[a]\n  x = 1\n  s = 2\n")
