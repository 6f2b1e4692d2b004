"""`diff`: equal, different, missing, malformed and NAME@ID inputs; text, JSON and Stripe views."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import DATA


def test_equal_profiles_print_nothing_and_exit_0_even_when_comments_differ(cli, install, profiles: Path) -> None:
    install("hand-edited", "a")
    text = (DATA / "hand-edited.toml").read_text().replace("# the basic plan", "# renamed comment")
    (profiles / "b.toml").write_text(text + "\n# a trailing note\n")
    result = cli("diff", "a", "b")
    assert result.code == 0 and result.out == ""


def test_differences_are_listed_in_dashboard_order_and_exit_1(cli, install) -> None:
    install("minimal", "a")
    install("minimal", "b")
    cli("set", "b", "branding.font=inter", "customer.tax_id=true", "subscriptions.proration=always_invoice")
    result = cli("diff", "a", "b")
    assert result.code == 1
    assert result.out.splitlines() == [
        "subscriptions.proration (Prorate subscription updates): none -> always_invoice",
        "customer.tax_id (Tax ID): false -> true",
        "branding.font (Font): default -> inter",
    ]
    as_json = json.loads(cli("diff", "a", "b", "--json").out)
    assert as_json[1] == {"key": "customer.tax_id", "label": "Tax ID", "a": False, "b": True}


def test_defaults_fill_in_so_an_absent_key_equals_its_default(cli, profiles: Path) -> None:
    (profiles / "a.toml").write_text('[business]\nbusiness_name = "A"\n')
    (profiles / "b.toml").write_text('[business]\nbusiness_name = "A"\n[customer]\ntax_id = false\n')
    assert cli("diff", "a", "b").code == 0


def test_unknown_keys_are_listed_apart_without_changing_the_exit_code(cli, profiles: Path) -> None:
    (profiles / "a.toml").write_text('[business]\nbusiness_name = "A"\n[x-team]\nowner = "ana"\n')
    (profiles / "b.toml").write_text('[business]\nbusiness_name = "A"\n[x-team]\nowner = "bo"\n')
    result = cli("diff", "a", "b")
    assert result.code == 0
    assert "unknown keys (kept in the files, not compared):" in result.out and "x-team" in result.out


def test_paths_and_history_versions_can_be_compared(cli, install) -> None:
    path = install("minimal", "demo")
    cli("set", "demo", "customer.tax_id=true")
    assert cli("diff", "demo@1", "demo").out == "customer.tax_id (Tax ID): false -> true\n"
    assert cli("diff", str(DATA / "minimal.toml"), str(path)).code == 1
    assert cli("diff", "demo@1", str(DATA / "minimal.toml")).code == 0


def test_missing_malformed_and_bad_versions_are_exit_2_in_one_line(cli, install, profiles: Path) -> None:
    install("minimal", "demo")
    (profiles / "broken.toml").write_text("[x\n")
    for args in (["demo", "ghost"], ["demo", "broken"], ["demo@7", "demo"], ["demo@x", "demo"]):
        result = cli("diff", *args)
        assert result.code == 2 and result.err.count("\n") == 1 and result.out == "", (args, result)


def test_stripe_view_compares_the_parameters_sent(cli, install) -> None:
    install("minimal", "a")
    install("minimal", "b")
    cli("set", "b", "branding.font=inter")
    assert cli("diff", "a", "b", "--stripe").code == 0  # the font is Dashboard-only
    cli("set", "b", "customer.tax_id=true")
    result = cli("diff", "a", "b", "--stripe")
    assert result.code == 1
    assert "features[customer_update][allowed_updates][4]: (absent) -> tax_id" in result.out


def test_colors_only_on_a_terminal_and_never_with_no_color(cli, install, monkeypatch) -> None:
    install("minimal", "a")
    install("maximal", "b")
    assert "\x1b[" not in cli("diff", "a", "b").out  # captured: not a terminal
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert "\x1b[31m" in cli("diff", "a", "b").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("diff", "a", "b").out


def test_a_group_table_is_a_known_table_not_an_unknown_key(cli, install, profiles: Path) -> None:
    install("minimal", "a")
    install("minimal", "b")
    cli("set", "b", "subscriptions.pause.enabled=true")
    result = cli("diff", "a", "b")
    assert result.code == 1
    assert result.out.splitlines() == ["subscriptions.pause.enabled (Pause subscriptions): false -> true"]


def test_unknown_tables_holding_dates_and_times_show_them_as_toml_writes_them(cli, profiles: Path) -> None:
    """TOML has dates and times, JSON does not: an unknown table holding one used to crash."""
    (profiles / "a.toml").write_text("[x-deploy]\nreviewed = 2026-10-01\nat = 07:30:00\n")
    (profiles / "b.toml").write_text("[x-deploy]\nreviewed = 2026-10-02\nat = 07:30:00\n")
    result = cli("diff", "a", "b")
    assert result.code == 0, result.err
    assert '{"reviewed":"2026-10-01","at":"07:30:00"} -> {"reviewed":"2026-10-02","at":"07:30:00"}' in result.out
