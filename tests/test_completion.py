"""Shell completion through argcomplete: the protocol, then real bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

BIN = Path(sys.executable).parent
TOOL = BIN / "portal-tui"


def completions(line: str, shell: str = "bash") -> list[str]:
    """What portal-tui answers when the shell asks it to complete ``line`` (argcomplete's
    protocol: the request in the environment, the answer in a file)."""
    out = Path(os.environ["PORTAL_TUI_CONFIG_DIR"]).parent / "completions.txt"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": shell,
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    done = subprocess.run([str(TOOL)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [c for c in out.read_text().split("\013") if c]


@pytest.fixture
def two_profiles(cli, install) -> None:
    install("maximal", "acme-live")
    install("minimal", "acme-test")
    cli("set", "acme-test", "customer.tax_id=true")
    cli("set", "acme-test", "customer.phone=true")  # two kept versions of acme-test


def test_commands_and_options_complete(config_dir: Path) -> None:
    offered = completions("portal-tui ")
    assert {"edit", "validate", "diff", "push", "completion", "--version"} <= set(offered)
    assert completions("portal-tui val") == ["validate "]  # one match: the space to go on typing
    assert set(completions("portal-tui validate --")) == {"--help", "--config-dir", "--quiet"}


def test_profile_names_complete_where_a_profile_is_taken(two_profiles) -> None:
    for line in ("portal-tui edit acme", "portal-tui validate acme-", "portal-tui export acme", "portal-tui get a"):
        assert completions(line) == ["acme-live", "acme-test"], line


def test_setting_keys_come_from_the_declarations(two_profiles) -> None:
    from portal_tui.model.catalog import SETTINGS

    assert set(SETTINGS) <= set(completions("portal-tui reset acme-test "))
    assert completions("portal-tui get acme-test customer.t") == ["customer.tax_id "]
    assert "subscriptions.pause" in completions("portal-tui get acme-test subscriptions.pa")  # a whole table
    assert completions("portal-tui set acme-test customer.ta") == ["customer.tax_id="]  # no space after =


def test_set_completes_the_values_a_choice_or_a_toggle_allows(two_profiles) -> None:
    assert completions("portal-tui set acme-test customer.tax_id=") == ["customer.tax_id=true", "customer.tax_id=false"]
    assert completions("portal-tui set acme-test subscriptions.proration=a") == [
        "subscriptions.proration=always_invoice "
    ]
    assert completions("portal-tui set acme-test business.headline=") == []  # free text: nothing to offer


def test_history_versions_complete_as_name_at_id(two_profiles) -> None:
    assert completions("portal-tui diff acme-test@") == ["acme-test@2", "acme-test@1"]
    assert completions("portal-tui review acme-live --against acme-test@1") == ["acme-test@1 "]
    assert completions("portal-tui restore acme-test ") == ["-h", "--help", "--config-dir", "--force", "2", "1"]


def test_config_dir_on_the_line_is_where_profiles_are_looked_for(config_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "profiles"
    other.mkdir(parents=True)
    shutil.copyfile(DATA / "minimal.toml", other / "shop.toml")
    assert completions(f"portal-tui edit --config-dir {other.parent} s") == ["shop "]


def test_an_ordinary_command_never_loads_argcomplete(config_dir: Path) -> None:
    """Completion costs a command nothing: argcomplete is imported only when the shell asks."""
    probe = "import sys\nfrom portal_tui.cli import main\nmain(['list'])\nprint('argcomplete' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(cli, shell: str) -> None:
    result = cli("completion", shell)
    assert result.code == 0 and "portal-tui" in result.out and "_ARGCOMPLETE" in result.out


def test_bash_completes_with_the_printed_script(two_profiles, tmp_path: Path) -> None:
    script = (
        'eval "$(portal-tui completion bash)"\n'
        'COMP_LINE="portal-tui diff acme-t"; COMP_POINT=${#COMP_LINE}\n'
        "COMP_WORDS=(portal-tui diff acme-t); COMP_CWORD=2\n"
        "_python_argcomplete portal-tui acme-t diff\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["acme-test"], done.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_completes_with_the_printed_script(two_profiles) -> None:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    script = 'portal-tui completion fish | source; complete -C "portal-tui set acme-test customer.tax_id="'
    done = subprocess.run(["fish", "-c", script], env=env, capture_output=True, text=True)
    assert sorted(done.stdout.split()) == ["customer.tax_id=false", "customer.tax_id=true"], done.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_loads_the_printed_script_and_gets_descriptions(two_profiles) -> None:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    script = 'autoload -U compinit; compinit -u; eval "$(portal-tui completion zsh)"; print $_comps[portal-tui]'
    done = subprocess.run(["zsh", "-c", script], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "_python_argcomplete", done.stderr
    described = completions("portal-tui re", shell="zsh")
    assert "reset:put settings back to their defaults, in place" in described
    assert "restore:bring back a kept version (the newest by default)" in described
