"""`portal-tui preview`: the page a customer will see, printed plain or in the profile's colors."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from ..model.catalog import effective
from ..model.problems import errors_of
from ..model.visible import visible
from ..workflows.preview import WIDTH, Page, render
from .context import Context, Fail, say


def preview(ctx: Context, args: argparse.Namespace) -> int:
    """Exit 0 whatever the profile holds: an invalid one is drawn as it is, its errors on stderr."""
    target, loaded = ctx.load(args.name)
    width = args.width or min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)
    if width < 24:
        raise Fail(2, "portal-tui: error: --width takes 24 columns or more")
    page = render(effective(loaded.data), args.page, width)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        colored(page)
    else:
        for line in page.plain():
            say(line)
    for problem in errors_of(loaded.problems()):
        sys.stderr.write(problem.line(visible(target.shown)) + "\n")
    return 0


def colored(page: Page) -> None:
    """The page through Rich, which knows what the terminal can show (it picks the nearest
    color of 256 or 16 where true color is not there)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
    styles = page.styles(problem="red")
    for line in page.lines:
        console.print(Text.assemble(*((span.text, styles[span.role]) for span in line)))
