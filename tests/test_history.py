"""History: every save keeps the version it replaces; list, restore, delete and rename keep it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from portal_tui.store import history as history_module
from portal_tui.store.history import History
from portal_tui.store.paths import Layout


def test_three_saves_are_listed_newest_first_and_any_can_be_restored(cli, config_dir: Path, profiles: Path) -> None:
    assert cli("new", "demo").code == 0
    path = profiles / "demo.toml"
    contents = [path.read_bytes()]
    for pair in ("business.business_name=Acme", "customer.tax_id=true", "branding.font=inter"):
        assert cli("set", "demo", pair).code == 0
        contents.append(path.read_bytes())

    header, *lines = cli("history", "demo").out.splitlines()
    assert header.split() == ["ID", "SAVED", "BY", "CHANGED"]
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    _, time, user, keys = lines[0].split()
    assert time.endswith("Z") and "@" in user and keys == "customer.tax_id"
    assert lines[1].endswith("business.business_name") and lines[2].endswith("created")
    assert len({line.index(time[:4]) for line in lines}) == 1  # columns line up
    as_json = json.loads(cli("history", "demo", "--json").out)
    assert as_json[0] == {"id": 3, "time": time, "user": user, "changed": ["customer.tax_id"]}

    for version, content in ((1, contents[0]), (3, contents[2]), (2, contents[1])):
        assert cli("restore", "demo", str(version)).code == 0
        assert path.read_bytes() == content
    # each restore was a save, so it kept what it replaced
    assert len(cli("history", "demo").out.splitlines()) == 1 + 6


def test_restore_without_an_id_brings_back_the_newest_version(cli, install, profiles: Path) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()
    cli("set", "demo", "customer.tax_id=true")
    assert cli("restore", "demo").code == 0
    assert path.read_bytes() == before


def test_restore_after_delete_brings_back_exactly_what_was_deleted(cli, install, profiles: Path) -> None:
    path = install("hand-edited", "demo")
    cli("set", "demo", "customer.tax_id=false")
    deleted = path.read_bytes()
    assert cli("delete", "demo").code == 0
    assert not path.exists()
    assert cli("history", "demo").out  # the history outlives the profile
    assert cli("restore", "demo").code == 0
    assert path.read_bytes() == deleted


def test_restoring_an_id_that_does_not_exist_is_a_one_line_error(cli, install, profiles: Path) -> None:
    path = install("minimal", "demo")
    cli("set", "demo", "customer.tax_id=true")
    before = path.read_bytes()
    result = cli("restore", "demo", "42")
    assert result.code == 2 and result.err.count("\n") == 1 and "no version 42" in result.err
    assert path.read_bytes() == before


def test_restore_is_exempt_from_never_worse_and_lists_the_errors(cli, profiles: Path) -> None:
    path = profiles / "demo.toml"
    path.write_text("[subscriptions]\nswitch_plan = true\n")  # two errors, written by hand
    assert cli("set", "demo", "business.business_name=Acme").code == 0
    result = cli("restore", "demo")
    assert result.code == 0 and "business.business_name" in result.err
    assert path.read_text() == "[subscriptions]\nswitch_plan = true\n"


def test_rename_moves_the_history_with_the_profile(cli, install) -> None:
    install("minimal", "old")
    cli("set", "old", "customer.tax_id=true")
    assert cli("rename", "old", "new").code == 0
    assert len(cli("history", "new").out.splitlines()) == 1 + 1  # the header and the version
    assert cli("history", "old").code == 2


def test_ids_are_never_reused_and_old_versions_are_pruned(cli, install, config_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(history_module, "KEEP", 3)
    install("minimal", "demo")
    for i in range(5):
        cli("set", "demo", f"profile.description=v{i}")
    ids = [v.id for v in History(Layout(config_dir), "demo").versions()]
    assert ids == [5, 4, 3]
    cli("delete", "demo")
    cli("restore", "demo")
    assert [v.id for v in History(Layout(config_dir), "demo").versions()][:1] == [6]


def test_a_hand_edited_version_is_described_by_its_file_time_and_changed_keys(cli, install, profiles: Path) -> None:
    path = install("minimal", "demo")
    cli("set", "demo", "customer.tax_id=true")
    text = path.read_text().replace("tax_id = true", "tax_id = true\nphone = false")
    path.write_text(text)  # edited by hand: portal-tui did not write this version
    cli("set", "demo", "branding.font=lato")
    newest = cli("history", "demo").out.splitlines()[1].split(maxsplit=3)
    assert newest[2] == "-" and newest[3] == "customer.phone, customer.tax_id"  # since the previous kept version
    assert tomllib.loads(path.read_text())["customer"]["phone"] is False


def test_a_file_where_the_history_folder_goes_is_one_clear_line_for_every_command(
    cli, install, config_dir: Path
) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()
    place = Layout(config_dir).history("demo")
    place.parent.mkdir(parents=True)
    place.write_text("not a folder\n")
    for args in (
        ["restore", "demo"],
        ["restore", "demo", "1"],
        ["history", "demo"],
        ["set", "demo", "customer.tax_id=true"],
        ["delete", "demo"],
    ):
        result = cli(*args)
        assert result.code == 2 and result.out == "", (args, result)
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert f'{place}: -: error: the history of "demo" must be a folder, but it is a file' in result.err
    assert path.read_bytes() == before and place.read_text() == "not a folder\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.toml"]
