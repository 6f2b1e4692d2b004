"""Settings that do not apply under another's value are greyed with the reason, and keep
their rules about what they hold."""

from __future__ import annotations

from pathlib import Path

from portal_tui.model.catalog import DEFAULTS, SETTINGS
from portal_tui.model.problems import check

from .editor_helpers import make_app, marks


def test_prorate_cancellations_applies_only_to_cancellations_made_immediately() -> None:
    info = SETTINGS["cancellations.proration"]
    at_period_end = dict(DEFAULTS)
    assert at_period_end["cancellations.mode"] == "at_period_end"
    why = info.not_applicable(at_period_end) or ""
    assert 'When to cancel is "immediately"' in why
    assert [c.depends_on for c in info.meta.not_applicable] == ["cancellations.enabled", "cancellations.mode"]
    assert info.not_applicable({**at_period_end, "cancellations.mode": "immediately"}) is None
    # not applicable, it still may not hold what Stripe refuses at period end
    wrong = check({"cancellations": {"proration": "create_prorations"}})
    assert ("cancellations.proration", "proration_needs_immediately") in [(p.key, p.rule) for p in wrong]


async def test_the_prorate_cancellations_row_is_greyed_while_canceling_at_period_end(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert marks(app, "cancellations.proration")[3] == "-"
        app.editing.apply({"cancellations.mode": "immediately"})
        await pilot.pause()
        assert marks(app, "cancellations.proration")[3] == " "
