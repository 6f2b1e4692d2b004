"""The command line: each command's output shape and exit code, and every bad input the spec names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from portal_tui.cli.parser import COMMANDS

from .conftest import DATA


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and "Traceback" not in text


def test_the_editor_refuses_a_malformed_profile_in_one_line_before_opening(cli, profiles: Path) -> None:
    (profiles / "default.toml").write_text("[business\n")
    for args in ([], ["edit"], ["default"], ["edit", "default", "--read-only"]):
        result = cli(*args)
        assert result.code == 2 and one_line(result.err) and "default.toml:1:" in result.err, (args, result)


def test_the_editor_in_read_only_mode_does_not_create_a_missing_profile(cli, profiles: Path) -> None:
    result = cli("edit", "ghost", "--read-only")
    assert result.code == 2 and one_line(result.err)
    assert not (profiles / "ghost.toml").exists()


def test_new_creates_a_profile_from_the_defaults_that_lacks_only_a_business_name(cli, profiles: Path) -> None:
    result = cli("new", "acme")
    assert result.code == 0
    assert (profiles / "acme.toml").exists()
    assert "business.business_name" in result.err
    assert cli("validate", "acme").code == 1


def test_list_shows_name_mode_validity_and_last_change(cli, install, profiles: Path) -> None:
    install("maximal", "live-one")
    install("minimal", "small")
    (profiles / "broken.toml").write_text("[business\n")
    result = cli("list")
    assert result.code == 0
    rows = [line.split() for line in result.out.splitlines()]
    assert rows[0] == ["NAME", "MODE", "VALID", "MODIFIED"]
    assert [r[:3] for r in rows[1:]] == [
        ["broken", "-", "invalid"],
        ["live-one", "live", "valid"],
        ["small", "test", "valid"],
    ]
    listed = json.loads(cli("list", "--json").out)
    assert listed[0] == {"name": "broken", "mode": None, "valid": False, "modified": listed[0]["modified"]}
    assert listed[0]["modified"].endswith("Z") and "T" in listed[0]["modified"]


def test_list_with_no_profiles_says_how_to_make_one(cli) -> None:
    result = cli("list")
    assert result.code == 0 and result.out == "" and "portal-tui new" in result.err


def test_copy_rename_and_delete_manage_profiles(cli, install, profiles: Path) -> None:
    install("maximal", "a")
    assert cli("copy", "a", "b").code == 0
    assert (profiles / "b.toml").read_bytes() == (profiles / "a.toml").read_bytes()
    assert cli("new", "c", "--from", "a").code == 0
    assert cli("rename", "b", "d").code == 0
    assert not (profiles / "b.toml").exists() and (profiles / "d.toml").exists()
    assert cli("delete", "d").code == 0
    assert not (profiles / "d.toml").exists()
    assert cli("copy", "a", "c").code == 2  # exists already
    assert cli("rename", "nope", "e").code == 2


def test_show_prints_every_effective_setting_as_toml_or_json(cli, install) -> None:
    install("minimal", "demo")
    shown = tomllib.loads(cli("show", "demo").out)
    assert shown["customer"]["name"] is True and shown["business"]["business_name"] == "Acme"
    assert shown["schema_version"] == 1
    as_json = json.loads(cli("show", "demo", "--json").out)
    assert as_json == shown | {"subscriptions": as_json["subscriptions"]}
    assert list(shown) == [
        "schema_version",
        "profile",
        "subscriptions",
        "cancellations",
        "customer",
        "business",
        "invoices",
        "emails",
        "branding",
        "advanced",
    ]


def test_validate_prints_one_line_per_problem_and_exits_by_the_worst(cli, install, profiles: Path) -> None:
    install("maximal", "good")
    (profiles / "bad.toml").write_text('[subscriptions]\nswitch_plan = "yes"\n[customer]\ntax_idd = true\n')
    assert cli("validate", "good").code == 0
    bad = cli("validate", "bad")
    assert bad.code == 1
    assert bad.out.splitlines() == [
        f'{profiles / "bad.toml"}: subscriptions.switch_plan: error: expected true or false, got "yes"',
        f"{profiles / 'bad.toml'}: business.business_name: error: a business name is required: "
        "the portal shows it to your customers",
        f"{profiles / 'bad.toml'}: customer.tax_idd: warning: unknown key, kept as it is; "
        'did you mean "customer.tax_id"?',
    ]
    (profiles / "broken.toml").write_text("a = 1\nb = \n")
    broken = cli("validate", "good", "bad", "broken")
    assert broken.code == 2
    assert f"{profiles / 'broken.toml'}:2:5: -: error: not valid TOML" in broken.out


def test_validate_takes_paths(cli) -> None:
    result = cli("validate", str(DATA / "hand-edited.toml"), str(DATA / "minimal.toml"))
    assert result.code == 0
    assert result.out == f"{DATA / 'hand-edited.toml'}: x-acme-deploy: warning: unknown key, kept as it is\n"


def test_validate_of_a_missing_file_is_exit_2_in_one_line(cli) -> None:
    result = cli("validate", "/nonexistent/x.toml")
    assert result.code == 2 and one_line(result.err)


def test_locate_lists_every_path(cli, config_dir: Path) -> None:
    out = cli("locate").out
    for path in (
        config_dir,
        config_dir / "profiles",
        config_dir / "history",
        config_dir / "settings.toml",
        config_dir / "themes",
    ):
        assert str(path) in out


def test_config_dir_option_beats_the_environment(cli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert cli("--config-dir", str(other), "new", "x").code == 0
    assert (other / "profiles" / "x.toml").exists()
    assert cli("list", "--config-dir", str(other)).out.splitlines()[1].startswith("x ")


@pytest.mark.parametrize("example", ["minimal", "maximal", "hand-edited"])
def test_the_json_schema_validates_the_example_profiles(cli, example: str) -> None:
    schema = json.loads(cli("schema").out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(tomllib.loads((DATA / f"{example}.toml").read_text()), schema)


def test_the_json_schema_rejects_a_wrong_type(cli) -> None:
    schema = json.loads(cli("schema").out)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"customer": {"tax_id": "yes"}}, schema)


# --- bad input: a clear one-line error each, and nothing written ---------------------------------


@pytest.mark.parametrize(
    "pair, code, says",
    [
        ("cancellations.mode=whenever", 1, "is not allowed; choose one of: 'at_period_end' or 'immediately'"),
        ("customer.tax_id=yes", 1, '"yes" is not true or false'),
        ('customer.tax_id="yes"', 1, 'expected true or false, got "yes"'),
        ("business.headline=" + "x" * 61, 1, "61 characters is too long (at most 60)"),
        ("profile.description=a\x1b[2Jb", 1, "control, escape or bidi characters are not allowed"),
        ("business.terms_of_service_url=acme.example/terms", 1, "absolute http(s) URL"),
        ("branding.button_color=blue", 1, "not a color"),
        ("business.custom_domain=https://billing.acme.example", 1, "a host name only"),
        (
            'subscriptions.products=[{product="prod_1", prices=["price_1"]}, {product="prod_1", prices=["price_2"]}]',
            1,
            "prod_1 is listed twice",
        ),
        ('subscriptions.products=[{product="prod_1", prices=["price_1", "price_1"]}]', 1, "price_1 is listed twice"),
        ("custmer.tax_id=true", 2, 'did you mean "customer.tax_id"?'),
        ("customer=3", 2, "is a table"),
        ("schema_version=2", 2, "kept by portal-tui"),
        ("tax_id", 2, "expected KEY=VALUE"),
    ],
)
def test_set_refuses_bad_values_in_one_line_and_writes_nothing(cli, install, pair: str, code: int, says: str) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()
    result = cli("set", "demo", pair)
    assert result.code == code, result
    assert says in result.err
    assert "Traceback" not in result.err
    assert all(len(line) < 400 for line in result.err.splitlines())
    assert path.read_bytes() == before
    assert not (path.parent.parent / "history").exists()


@pytest.mark.parametrize(
    "content, says",
    [
        (b'[business]\nbusiness_name = "Acme\n', ":2:"),
        (b"\xff\xfe[business]\n", ":1:1: -: error: not UTF-8"),
        (b"a = " + b"[" * 40 + b"]" * 40 + b"\n", "nested deeper than 32"),
        (b"# big\n" + b"#" * (1024 * 1024 + 10), "over 1 MiB"),
    ],
)
def test_commands_refuse_malformed_files_in_one_line_and_write_nothing(
    cli, profiles: Path, content: bytes, says: str
) -> None:
    path = profiles / "demo.toml"
    path.write_bytes(content)
    for args in (
        ["show", "demo"],
        ["get", "demo", "customer.tax_id"],
        ["set", "demo", "customer.tax_id=true"],
        ["reset", "demo", "customer.tax_id"],
    ):
        result = cli(*args)
        assert result.code == 2 and one_line(result.err) and says in result.err, (args, result)
    assert path.read_bytes() == content
    validated = cli("validate", "demo")
    assert validated.code == 2 and says in validated.out


def test_a_table_of_the_wrong_kind_is_reported_and_blocks_no_other_reading(cli, profiles: Path) -> None:
    (profiles / "demo.toml").write_text('customer = 3\n[business]\nbusiness_name = "A"\n')
    result = cli("validate", "demo")
    assert result.code == 1 and ": customer: error: expected a table, got 3" in result.out
    assert cli("get", "demo", "business.business_name").out == "A\n"


def test_a_newer_schema_version_reads_with_a_warning_and_refuses_writes(cli, profiles: Path) -> None:
    path = profiles / "demo.toml"
    path.write_text('schema_version = 2\n[business]\nbusiness_name = "A"\n')
    shown = cli("get", "demo", "business.business_name")
    assert shown.code == 0 and shown.out == "A\n" and "newer" in shown.err
    wrote = cli("set", "demo", "customer.tax_id=true")
    assert wrote.code == 2 and one_line(wrote.err) and "newer portal-tui" in wrote.err
    assert path.read_text().startswith("schema_version = 2")
    assert cli("validate", "demo").code == 0


def test_a_newer_schema_version_is_read_only_but_never_unchecked(cli, profiles: Path) -> None:
    path = profiles / "demo.toml"
    path.write_text(
        'schema_version = 2\n[business]\nbusiness_name = "A"\n[customer]\ntax_id = "yes"\n'
        "[subscriptions]\nswitch_plan = true\n"
    )
    checked = cli("validate", "demo")
    assert checked.code == 1
    assert ": customer.tax_id: error: expected true or false" in checked.out
    assert ": subscriptions.products: error:" in checked.out and ": schema_version: warning:" in checked.out
    exported = cli("export", "demo")
    assert exported.code == 1 and exported.out == "" and "customer.tax_id" in exported.err


@pytest.mark.parametrize("name", ["a/b", "..", "a.b", "a b", "Demo", "x" * 65])
def test_bad_profile_names_are_refused_in_one_line(cli, name: str, profiles: Path) -> None:
    result = cli("new", name)
    assert result.code == 2 and one_line(result.err) and "profile name" in result.err
    assert list(profiles.iterdir()) == []


def test_without_a_terminal_edit_refuses_in_one_line_and_review_prints_its_summary(install, config_dir: Path) -> None:
    install("minimal", "demo")
    install("maximal", "other")
    env = {**os.environ, "PORTAL_TUI_CONFIG_DIR": str(config_dir)}
    tool = [sys.executable, "-m", "portal_tui"]
    edit = subprocess.run(
        [*tool, "edit", "demo"], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=20
    )
    assert edit.returncode == 2 and one_line(edit.stderr) and "needs a terminal" in edit.stderr
    assert "get and set" in edit.stderr and edit.stdout == ""
    review = subprocess.run(
        [*tool, "review", "demo", "--against", "other"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
    )
    assert review.returncode == 1 and "differences between other and demo" in review.stdout.splitlines()[0]
    assert "\x1b" not in review.stdout + review.stderr  # nothing was drawn
    same = subprocess.run(
        [*tool, "review", "demo", "--against", "demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
    )
    assert same.returncode == 0 and same.stdout == "0 differences between demo and demo\n"


def test_a_hand_written_file_comes_in_by_copy_or_new_from_with_its_comments(
    cli, tmp_path: Path, profiles: Path
) -> None:
    hand = tmp_path / "shop" / "portal.toml"
    hand.parent.mkdir()
    hand.write_text('# our portal\n[business]\nbusiness_name = "Shop"  # the public name\n')
    assert cli("copy", str(hand), "shop").code == 0
    assert cli("new", "shop2", "--from", str(hand)).code == 0
    for name in ("shop", "shop2"):
        assert (profiles / f"{name}.toml").read_text() == hand.read_text()
    assert cli("history", "shop", "--json").code == 0
    refused = cli("copy", "shop", str(tmp_path / "out.toml"))
    assert refused.code == 2 and one_line(refused.err) and "not a profile name" in refused.err


@pytest.mark.parametrize(
    "args",
    [["history", "PATH"], ["rename", "PATH", "x"], ["rename", "demo", "PATH"], ["delete", "PATH"], ["restore", "PATH"]],
)
def test_commands_that_manage_the_profiles_folder_refuse_a_path_and_say_why(
    cli, install, tmp_path: Path, args: list[str]
) -> None:
    path = install("minimal", "demo")
    outside = tmp_path / "portal.toml"
    outside.write_text(path.read_text())
    result = cli(*[str(outside) if a == "PATH" else a for a in args])
    assert result.code == 2 and one_line(result.err)
    assert "takes a profile name, not a path" in result.err and "copy PATH NAME" in result.err
    assert outside.exists() and path.exists()


def test_a_missing_profile_is_exit_2_in_one_line(cli) -> None:
    for args in (
        ["show", "ghost"],
        ["get", "ghost", "customer.tax_id"],
        ["set", "ghost", "customer.tax_id=true"],
        ["reset", "ghost", "customer.tax_id"],
        ["delete", "ghost"],
        ["validate", "ghost"],
        ["history", "ghost"],
        ["copy", "ghost", "other"],
    ):
        result = cli(*args)
        assert result.code == 2 and one_line(result.err), (args, result)


def test_an_unknown_key_in_get_and_reset_suggests_the_closest(cli, install) -> None:
    install("minimal", "demo")
    for args in (["get", "demo", "branding.buton_color"], ["reset", "demo", "branding.buton_color"]):
        result = cli(*args)
        assert result.code == 2 and 'did you mean "branding.button_color"?' in result.err


def test_usage_errors_are_one_line_and_exit_2(cli) -> None:
    result = cli("get", "demo")
    assert result.code == 2 and one_line(result.err)


# --- the CLI as a process ---------------------------------------------------------------------


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=60)


def test_no_cli_command_imports_textual(install) -> None:
    install("maximal", "demo")
    probe = (
        "import sys; from portal_tui.cli import main\n"
        "for args in (['list'], ['show', 'demo'], ['get', 'demo', 'customer'], ['validate', 'demo'],"
        " ['set', 'demo', 'customer.tax_id=false'], ['history', 'demo'], ['schema'], ['locate'],"
        " ['preview', 'demo']):\n"
        "    main(args)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('textual', 'rich')}))"
    )
    result = run("-c", probe)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_only_the_sync_commands_import_the_stripe_library(install) -> None:
    """Not list, validate, export, import, nor the editor's start-up (the Stripe screen loads it when opened)."""
    install("maximal", "demo")
    probe = (
        "import asyncio, sys\n"
        "from portal_tui.cli import main\n"
        "for args in (['list'], ['validate', 'demo'], ['export', 'demo'], ['show', 'demo'],"
        " ['diff', 'demo', 'demo']):\n"
        "    main(args)\n"
        "from portal_tui.store.paths import Layout\n"
        "from portal_tui.store.profiles import Store\n"
        "from portal_tui.tui.app import PortalApp\n"
        "from pathlib import Path\n"
        "import os\n"
        "store = Store(Layout(Path(os.environ['PORTAL_TUI_CONFIG_DIR'])))\n"
        "async def editor():\n"
        "    app = PortalApp(store, store.target('demo'))\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause(0.3)\n"
        "asyncio.run(editor())\n"
        "print('stripe' in sys.modules)"
    )
    result = run("-c", probe)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr


def test_validate_loads_only_what_validating_needs(install) -> None:
    """Each command's module is imported when that command runs: `validate` never pays for
    the code of preview, review, export or the Stripe commands (issue 15's 1.1x budget)."""
    install("minimal", "demo")
    probe = (
        "import sys\n"
        "from portal_tui.cli import main\n"
        "main(['validate', 'demo'])\n"
        "others = ('workflows.preview', 'cli.preview', 'cli.review', 'cli.exchange', 'cli.sync', 'workflows.diff')\n"
        "assert 'portal_tui.cli.profiles' in sys.modules  # the probe looks where the modules are\n"
        "print(sorted(m for m in others if f'portal_tui.{m}' in sys.modules))"
    )
    result = run("-c", probe)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_python_dash_m_portal_tui_is_the_same_command(install) -> None:
    install("minimal", "demo")
    result = run("-m", "portal_tui", "get", "demo", "business.business_name")
    assert result.returncode == 0 and result.stdout == "Acme\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run("-m", "portal_tui", command, "--help")
    assert result.returncode == 0 and "usage: portal-tui" in result.stdout


def test_version_prints_the_installed_version(cli) -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.code == 0 and result.out == f"portal-tui {version('portal-tui')}\n"


def test_validate_without_a_name_checks_every_profile_and_exits_with_the_worst(cli, install, profiles: Path) -> None:
    install("maximal", "good")
    install("hand-edited", "warned")  # an unknown table: a warning only
    (profiles / "bad.toml").write_text('[customer]\ntax_id = "yes"\n')
    result = cli("validate")
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(line.startswith(f"{profiles / 'bad.toml'}: customer.tax_id: error:") for line in lines)
    assert f"{profiles / 'warned.toml'}: x-acme-deploy: warning: unknown key, kept as it is" in lines
    assert not any("good.toml" in line for line in lines)
    assert result.err.startswith("checked 3 profiles: ") and "warning" in result.err
    (profiles / "broken.toml").write_text("[customer\n")
    assert cli("validate").code == 2  # the worst: a file that cannot be read


def test_validate_quiet_prints_nothing_unless_something_is_wrong(cli, install, profiles: Path) -> None:
    install("hand-edited", "warned")
    quiet = cli("validate", "--quiet")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    (profiles / "bad.toml").write_text('[customer]\ntax_id = "yes"\n')
    failing = cli("validate", "-q")
    assert failing.code == 1 and failing.err == ""
    assert ["customer.tax_id", "error"] in [line.split(": ")[1:3] for line in failing.out.splitlines()]
    assert "warning" not in failing.out


def test_validate_with_no_profiles_says_so(cli, config_dir: Path) -> None:
    result = cli("validate")
    assert result.code == 0 and result.out == "" and "no profiles yet" in result.err
