"""Start-up: modules load with the cycle collector paused; the first screen comes before Pydantic."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from portal_tui.cli.loading import modules_loading


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
        "from portal_tui.cli.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10000)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "True True"


FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from editor_helpers import marks, problem
from portal_tui.store.paths import Layout
from portal_tui.store.profiles import Store
from portal_tui.tui.app import PortalApp
from portal_tui.tui.editing import Editing

seen = []
finish = Editing.finish_opening

def spy(editing):
    app = editing.changed.owner
    header = app.editor.query_one("#header").render().plain
    seen.append(("pydantic" in sys.modules, " checking " in header, marks(app, "subscriptions.switch_plan")))
    finish(editing)

Editing.finish_opening = spy

async def main():
    store = Store(Layout(Path({config!r})))
    store.layout.profiles.mkdir(parents=True)
    target = store.target("demo")
    target.path.write_text('[business]\\nbusiness_name = "A"\\n[subscriptions]\\nswitch_plan = 1\\n')
    app = PortalApp(store, target)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.editor.query_one("#header").render().plain
        print(seen, "pydantic" in sys.modules, " 1 error " in header, marks(app, "subscriptions.switch_plan"))
        print(problem(app, "subscriptions.switch_plan"))

asyncio.run(main())
"""


def test_the_first_screen_is_drawn_before_pydantic_loads_then_the_check_shows_the_problems(tmp_path: Path) -> None:
    script = FIRST_SCREEN.format(tests=str(Path(__file__).parent), config=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    first, problem = out.splitlines()
    # Drawn: the rows, "checking" in the header, no problem marked yet, Pydantic not loaded.
    assert first == "[(False, True, ' +  ')] True True  +! "
    assert problem == "error: expected true or false, got 1"
