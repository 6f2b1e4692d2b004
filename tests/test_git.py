"""Profiles kept in git: `show --textconv` makes `git diff` and `git log -p` read like `portal-tui diff`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
TOOL = Path(sys.executable).parent / "portal-tui"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,  # the user's own git settings stay out of it
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, config_dir: Path) -> Path:
    """A repository set up as the README says: the two lines, then a profile committed."""
    root = tmp_path / "shop"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitattributes").write_text("profiles/*.toml diff=portal-tui\n")
    git(root, "config", "diff.portal-tui.textconv", f"{TOOL} show --textconv")
    (root / "profiles").mkdir()
    shutil.copyfile(DATA / "hand-edited.toml", root / "profiles" / "acme.toml")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "acme")
    return root


def test_git_diff_of_a_profile_reads_like_portal_tui_diff(repo: Path) -> None:
    path = repo / "profiles" / "acme.toml"
    text = path.read_text().replace("tax_id = true", "tax_id = false").replace("# the basic plan", "# basic")
    path.write_text(text.replace('proration = "create_prorations"', 'proration = "always_invoice"'))
    changed = [
        line for line in git(repo, "diff").splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-subscriptions.proration (Prorate subscription updates): create_prorations",
        "+subscriptions.proration (Prorate subscription updates): always_invoice",
        "-customer.tax_id (Tax ID): true",
        "+customer.tax_id (Tax ID): false",
    ]  # the comment changed too, but a comment is not a setting


def test_git_log_p_shows_each_commit_as_settings_and_a_new_error_as_a_line(repo: Path) -> None:
    path = repo / "profiles" / "acme.toml"
    path.write_text(path.read_text().replace('business_name = "Acme (test)"', 'business_name = ""'))
    git(repo, "commit", "-q", "-am", "no name")
    log = git(repo, "log", "-p", "--format=commit %s")
    newest = log.split("commit acme")[0]
    assert "-business.business_name (Business name): Acme (test)" in newest
    assert '+business.business_name (Business name): ""' in newest
    assert any(line.startswith("+! business.business_name: error:") for line in newest.splitlines())
    assert "+customer.tax_id (Tax ID): true" in log.split("commit acme")[1]  # the first commit, whole


def test_textconv_of_a_malformed_file_shows_its_error_and_text_and_exits_0(cli, tmp_path: Path) -> None:
    """git gives up on the whole diff when a textconv fails: a broken file must still show."""
    broken = tmp_path / "broken.toml"
    broken.write_text("[customer\ntax_id = true\n")
    result = cli("show", str(broken), "--textconv")
    assert result.code == 0
    assert result.out.startswith("malformed TOML: ") and result.out.endswith("[customer\ntax_id = true\n")


def test_textconv_lists_every_setting_in_dashboard_order_then_unknown_keys(cli) -> None:
    from portal_tui.model.catalog import DASHBOARD_ORDER

    result = cli("show", str(DATA / "hand-edited.toml"), "--textconv")
    lines = result.out.splitlines()
    assert result.code == 0 and lines[0] == "schema_version: 1"
    assert [line.split(" ")[0] for line in lines[1 : 1 + len(DASHBOARD_ORDER)]] == list(DASHBOARD_ORDER)
    assert lines[-2] == 'x-acme-deploy (unknown, kept): {"owner":"payments-team","reviewed":"2026-10-01"}'
    assert lines[-1] == "! x-acme-deploy: warning: unknown key, kept as it is"


def test_textconv_does_not_look_for_image_files_git_hands_over_elsewhere(cli, tmp_path: Path) -> None:
    """git passes an old version as a temp file in another folder: a logo path relative to
    the profile must not read as missing there (a spurious line on one side of every diff)."""
    profile = tmp_path / "acme.toml"
    profile.write_text('[business]\nbusiness_name = "A"\n[branding]\nlogo = "logo.png"\n')
    result = cli("show", str(profile), "--textconv")
    assert result.code == 0 and "branding.logo (Logo): logo.png" in result.out
    assert not any(line.startswith("! branding.logo") for line in result.out.splitlines()), result.out
