"""The README's two set-up commands stay true: CI runs exactly the test line."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = text.split("```")[1::2]
    return [block.strip() for block in blocks[:2]]


def test_the_readme_opens_with_a_run_command_and_a_test_command() -> None:
    run, test = commands()
    assert run.endswith(".venv/bin/portal-tui") and run.startswith("python3 -m venv .venv")
    assert "pytest" in test and "'.[test]'" in test


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    assert commands()[1] in (ROOT / ".ci" / "run").read_text().splitlines()
