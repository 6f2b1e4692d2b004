"""Output cut short by its reader (``| head -1``) changes no exit code and prints no traceback."""

from __future__ import annotations

import os
import subprocess
import sys


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """``portal-tui ARGS | head -1`` at its harshest: the reader is gone before anything is
    written, so every write meets a broken pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "portal_tui", *args], stdout=write_end, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write_end)


def test_diff_into_a_closed_pipe_still_exits_1_when_the_profiles_differ(cli, install) -> None:
    install("minimal", "a")
    install("maximal", "b")
    install("minimal", "c")
    differing = run_into_closed_pipe("diff", "a", "b")
    assert differing.returncode == 1 and differing.stderr == ""
    same = run_into_closed_pipe("diff", "a", "c")
    assert same.returncode == 0 and same.stderr == ""


def test_validate_into_a_closed_pipe_still_exits_1_on_errors(install) -> None:
    path = install("minimal", "broken")
    path.write_text(path.read_text() + '\n[branding]\nfont = "comic_sans"\n')
    result = run_into_closed_pipe("validate", "broken")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_output_that_cannot_be_written_is_one_line_and_exit_2(install) -> None:
    path = install("minimal", "demo")
    path.write_text(path.read_text() + "\n[advanced.metadata]\n" + "".join(f'k{i} = "v{i}"\n' for i in range(2000)))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "portal_tui", "show", "demo"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "portal-tui: error: cannot write the output: No space left on device" in result.stderr
