"""Start-up loads modules with the cycle collector paused, then freezes what they built."""

from __future__ import annotations

import gc
import subprocess
import sys

from portal_tui.loading import modules_loading


def test_what_loads_is_frozen_and_the_collector_runs_again_afterwards() -> None:
    frozen = gc.get_freeze_count()
    try:
        with modules_loading():
            assert not gc.isenabled()
            built = [[i] for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(built)
    finally:
        gc.unfreeze()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        frozen = gc.get_freeze_count()
        with modules_loading():
            pass
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.enable()


def test_the_command_leaves_the_collector_on_once_loaded() -> None:
    script = (
        "import gc, sys; sys.argv = ['portal-tui', '--help']\n"
        "from portal_tui.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10000)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "True True"
