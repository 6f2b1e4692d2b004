"""The pre-commit hook: its entry run on staged files the way pre-commit runs it."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["portal-tui-validate"]
    found: dict[str, object] = hooks[0]
    return found


def run_hook(repo: Path, staged: list[str]) -> subprocess.CompletedProcess[str]:
    """As pre-commit does: keep the staged files the hook's `files` pattern matches (and that
    are TOML), append them to the entry's words, run it from the top of the repository."""
    spec = hook()
    pattern = re.compile(str(spec["files"]))
    chosen = [f for f in staged if pattern.search(f) and f.endswith(".toml")]
    words = shlex.split(str(spec["entry"]))
    command = [str(BIN / words[0]), *words[1:], *chosen]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True)


def test_the_hook_is_a_python_hook_on_profile_files() -> None:
    spec = hook()
    assert spec["language"] == "python" and spec["types"] == ["toml"]
    assert str(spec["entry"]).split()[0] == "portal-tui"  # the console script pip installs
    pattern = re.compile(str(spec["files"]))
    assert pattern.search("profiles/acme.toml") and pattern.search("stripe/profiles/acme.toml")
    assert not pattern.search("pyproject.toml") and not pattern.search("profiles/old/acme.toml")


def test_good_profiles_pass_silently_and_other_toml_files_are_left_alone(tmp_path: Path, config_dir: Path) -> None:
    (tmp_path / "profiles").mkdir()
    shutil.copyfile(DATA / "maximal.toml", tmp_path / "profiles" / "acme.toml")
    shutil.copyfile(DATA / "hand-edited.toml", tmp_path / "profiles" / "test.toml")  # a warning only
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    done = run_hook(tmp_path, ["profiles/acme.toml", "profiles/test.toml", "pyproject.toml"])
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_bad_profile_fails_the_commit_with_one_line_per_error(tmp_path: Path, config_dir: Path) -> None:
    (tmp_path / "profiles").mkdir()
    shutil.copyfile(DATA / "maximal.toml", tmp_path / "profiles" / "acme.toml")
    (tmp_path / "profiles" / "bad.toml").write_text(
        '[business]\nbusiness_name = "B"\n[customer]\ntax_id = "yes"\n[subscriptions]\nswitch_plan = true\n'
    )
    done = run_hook(tmp_path, ["profiles/acme.toml", "profiles/bad.toml"])
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line.split(": ")[:3] for line in lines] == [
        ["profiles/bad.toml", "subscriptions.products", "error"],
        ["profiles/bad.toml", "customer.tax_id", "error"],
    ], done.stdout


def test_a_malformed_profile_fails_with_its_line_and_column(tmp_path: Path, config_dir: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "broken.toml").write_text("[customer\n")
    done = run_hook(tmp_path, ["profiles/broken.toml"])
    assert done.returncode == 2 and done.stdout.startswith("profiles/broken.toml:1:")
