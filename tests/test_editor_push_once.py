"""The editor's Stripe screen pushes once: a push whose answer was lost is settled, never sent
again with a new key, and nothing starts while a request of the screen is under way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from portal_tui.store.links import read_state
from portal_tui.store.paths import Layout
from portal_tui.store.read import read
from portal_tui.stripe.http import run
from portal_tui.tui.screens.stripe import StripeScreen
from portal_tui.workflows.push import push
from portal_tui.workflows.sync import SyncError, connect, plan

from .editor_helpers import notices, watch_notices
from .stripe_standin import StandIn
from .sync_helpers import log, snapshot, state
from .test_sync_editor import app_on, opened_stripe

TAX_ID = "features.customer_update.allowed_updates"


async def said_once_done(app: Any, pilot: Any) -> str:
    """What the Stripe screen says once nothing of it runs any more (a push, then its plan)."""
    for _ in range(200):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, StripeScreen) and not screen.query_one("#busy").display and not screen.workers:
            return str(screen.query_one("#said", Static).render())
    raise AssertionError("the screen never settled")


def shown(app: Any) -> str:
    return str(app.screen.query_one("#said", Static).render())


async def test_a_push_whose_answer_was_lost_is_settled_by_the_plan_and_never_sent_again_with_a_new_key(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    for _ in range(3):  # the first POST and its retries: each carried out, the connection dropped before the answer
        stripe_api.inject(method="POST", landed=True)
    app = app_on(config_dir, "shop")
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await opened_stripe(app, pilot)).startswith("1 change to push")
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        said = await said_once_done(app, pilot)
        assert "may have landed" in said and "Not pushed" not in said, said
        assert "had landed: recorded now" in said and "In sync:" in said, said
        assert not list(app.screen.query("#plan .heading"))  # no changes to push left on screen
        await pilot.press("P")  # the old plan is gone: nothing is asked, nothing sent
        await pilot.pause()
        assert isinstance(app.screen, StripeScreen)
        await pilot.press("y")
        await said_once_done(app, pilot)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert " pushed " in str(app.screen.query_one("#header").render())
    assert stripe_api.updates[("test", None, default["id"])] == 1
    assert len({p.headers["idempotency-key"] for p in stripe_api.posts()}) == 1
    lines = log(config_dir, "shop")
    assert len(lines) == 1 and lines[0]["changed"] == [TAX_ID]
    assert state(config_dir, "shop")["pending"] is None


async def test_p_while_pushing_is_refused_with_a_notice_and_the_push_is_sent_once(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    stripe_api.inject(method="POST", slow=1.5)
    stripe_api.inject(method="POST", slow=1.5)
    app = watch_notices(app_on(config_dir, "shop"))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened_stripe(app, pilot)
        screen = app.screen
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause(0.2)
        assert shown(app) == "Pushing…"
        for key in ("P", "C", "L", "R", "escape"):  # and the palette's commands, which call the same actions
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            await pilot.press("y")  # a question, had one been asked, would be answered yes
            await pilot.pause()
        said_then = notices(app)
        assert said_then and all(n.startswith("Pushing: ") for n in said_then), said_then
        said = await said_once_done(app, pilot)
        assert said.startswith("In sync:"), said
        assert app.screen is screen
    assert stripe_api.updates[("test", None, default["id"])] == 1
    assert len(stripe_api.posts()) == 1
    assert len(log(config_dir, "shop")) == 1


async def test_p_while_the_plan_is_fetched_again_is_refused_and_nothing_is_sent(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    app = app_on(config_dir, "shop")
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await opened_stripe(app, pilot)).startswith("1 change to push")
        stripe_api.inject(method="GET", slow=1.0)
        await pilot.press("R")  # the old plan is still held while the new one is fetched
        await pilot.pause(0.1)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, StripeScreen)
        await pilot.press("y")
        await said_once_done(app, pilot)
    assert not stripe_api.posts()
    assert not log(config_dir, "shop")


async def test_the_editors_plan_made_before_a_push_from_the_command_line_is_refused_and_its_push_recorded(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    app = app_on(config_dir, "shop")
    async with app.run_test(size=(80, 24)) as pilot:
        assert (await opened_stripe(app, pilot)).startswith("1 change to push")
        for _ in range(3):  # meanwhile, push on the command line: it lands, its answer lost
            stripe_api.inject(method="POST", landed=True)
        assert cli("push", "shop", "--yes").code != 0  # its output goes to the app while it runs
        assert state(config_dir, "shop")["pending"] is not None
        sent = len(stripe_api.posts())
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("y")
        said = await said_once_done(app, pilot)
        first = said.splitlines()[0]
        assert first.startswith("Not pushed: another push to bpc_test0 (test)") and "nothing sent" in first, said
        assert "had landed: recorded now" in said and "In sync:" in said, said
        assert len(stripe_api.posts()) == sent
    assert stripe_api.updates[("test", None, default["id"])] == 1
    assert len(log(config_dir, "shop")) == 1 and state(config_dir, "shop")["pending"] is None


def test_a_push_planned_before_another_push_was_recorded_as_under_way_is_refused_and_sends_nothing(
    cli, default: dict[str, Any], stripe_api: StandIn, config_dir: Path
) -> None:
    assert cli("pull", "shop").code == 0
    assert cli("set", "shop", "customer.tax_id=true").code == 0
    layout = Layout(config_dir)
    loaded = read(config_dir / "profiles" / "shop.toml")
    stripe = connect("test", "shop")
    stale = run(plan(stripe, layout, "shop", loaded.data, loaded.problems(), read_state(layout, "shop")))
    assert [c.param for c in stale.changes] == [TAX_ID]
    for _ in range(3):  # another push lands meanwhile, its answer lost: its record stays
        stripe_api.inject(method="POST", landed=True)
    other = cli("push", "shop", "--yes")
    assert other.code != 0 and "may have landed" in other.err, other
    pending = state(config_dir, "shop")["pending"]
    assert pending is not None
    before, sent = snapshot(config_dir), len(stripe_api.posts())
    try:
        run(push(stripe, layout, stale))
    except SyncError as exc:
        message = str(exc)
    else:
        raise AssertionError("the stale plan was pushed")
    assert "\n" not in message and "may have landed" in message and "nothing sent" in message, message
    assert "sk_test" not in message
    assert len(stripe_api.posts()) == sent and snapshot(config_dir) == before
    assert stripe_api.updates[("test", None, default["id"])] == 1
    status = cli("status", "shop")
    assert status.code == 0 and status.out.split()[-1] == "in-sync", status
    assert len(log(config_dir, "shop")) == 1
