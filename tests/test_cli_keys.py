"""Every key of the schema through the CLI: get shows the default, set changes it, reset restores it."""

from __future__ import annotations

import tomllib

import pytest

from portal_tui.model.catalog import SETTINGS
from portal_tui.model.display import raw

PRODUCTS = 'subscriptions.products=[{product="prod_1", prices=["price_1"]}]'
URL = "https://acme.example/x"

# key -> (VALUE as typed, the value expected back from get, other pairs the change needs to be valid)
NEW_VALUES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "profile.description": ("Ops note", "Ops note", ()),
    "profile.mode": ("live", "live", ()),
    "subscriptions.switch_plan": ("true", "true", (PRODUCTS,)),
    "subscriptions.update_quantities": ("true", "true", (PRODUCTS,)),
    "subscriptions.proration": ("always_invoice", "always_invoice", ()),
    "subscriptions.downgrades": ("period_end", "period_end", ()),
    "subscriptions.downgrade_conditions": ('["shortening_interval"]', '["shortening_interval"]', ()),
    "subscriptions.promotion_codes": ("true", "true", ()),
    "subscriptions.trial_update_behavior": ("continue_trial", "continue_trial", ()),
    "subscriptions.billing_cycle_anchor": ("now", "now", ()),
    "subscriptions.products": (
        '[{product="prod_1", prices=["price_1", "price_2"]}]',
        '[{"product":"prod_1","prices":["price_1","price_2"]}]',
        (),
    ),
    "cancellations.enabled": ("false", "false", ()),
    "cancellations.mode": ("immediately", "immediately", ()),
    "cancellations.proration": ("create_prorations", "create_prorations", ("cancellations.mode=immediately",)),
    "cancellations.reason": ("false", "false", ()),
    "cancellations.reason_options": ('["too_complex"]', '["too_complex"]', ()),
    "cancellations.retention_coupons": ("true", "true", ("cancellations.retention_coupon=STAY",)),
    "cancellations.feedback_options": ('["bfo_1", "bfo_2"]', '["bfo_1","bfo_2"]', ()),
    "subscriptions.pause.duration": ("indefinite", "indefinite", ()),
    "subscriptions.pause.intervals": (
        '[{interval="week", count=2}, {interval="year", count=1}]',
        '[{"interval":"week","count":2},{"interval":"year","count":1}]',
        (),
    ),
    "cancellations.retention_coupon": ("STAY20", "STAY20", ()),
    "business.business_name": ('"Beta Co"', "Beta Co", ()),
    "business.headline": ("Hi there", "Hi there", ()),
    "business.terms_of_service_url": (URL, URL, ()),
    "business.privacy_policy_url": (URL, URL, ()),
    "business.default_redirect_url": (URL, URL, ()),
    "business.custom_domain": ("billing.acme.example", "billing.acme.example", ()),
    "invoices.history_visible": ("false", "false", ()),
    "emails.custom_domain": ("acme.example", "acme.example", ()),
    "branding.logo": ("file_abc", "file_abc", ()),
    "branding.icon": ("file_def", "file_def", ()),
    "branding.background_color": ("#0A2540", "#0a2540", ()),
    "branding.button_color": ("#f0a", "#ff00aa", ()),
    "branding.font": ("inter", "inter", ()),
    "branding.shapes": ("pill", "pill", ()),
    "branding.connect_charges": ("direct", "direct", ()),
    "advanced.configuration_name": ("Main", "Main", ()),
    "advanced.login_page": ("true", "true", ()),
    "advanced.payment_method_configuration": ("pmc_123", "pmc_123", ()),
    "advanced.metadata": ('{team = "billing"}', '{"team":"billing"}', ()),
}
for _key, _info in SETTINGS.items():  # the plain on/off switches: flip the default
    if _key not in NEW_VALUES and _info.kind == "toggle":
        _flipped = "false" if _info.default else "true"
        NEW_VALUES[_key] = (_flipped, _flipped, ())


def test_the_table_covers_every_key() -> None:
    assert set(NEW_VALUES) == set(SETTINGS)


@pytest.mark.parametrize("key", list(SETTINGS))
def test_every_key_can_be_read_set_and_reset(cli, install, key: str) -> None:
    path = install("minimal", "demo")
    typed, expected, extra = NEW_VALUES[key]
    default = raw(SETTINGS[key].default)
    if key != "business.business_name":
        assert cli("get", "demo", key).out == default + "\n"

    changed = cli("set", "demo", f"{key}={typed}", *extra)
    assert changed.code == 0, changed
    assert f"{key}: " in changed.out
    assert cli("get", "demo", key).out == expected + "\n"

    reset = cli("reset", "demo", key)
    if key == "business.business_name":
        assert reset.code == 1 and "business_name" in reset.err  # resetting it would add an error
        return
    assert reset.code == 0, reset
    assert cli("get", "demo", key).out == default + "\n"
    node = tomllib.loads(path.read_text())
    for part in SETTINGS[key].path:
        node = node[part]
    assert node == SETTINGS[key].default


def test_get_prints_scalars_raw_and_lists_and_tables_as_compact_json(cli, install) -> None:
    install("maximal", "demo")
    assert cli("get", "demo", "customer.tax_id").out == "true\n"
    assert cli("get", "demo", "subscriptions.proration").out == "always_invoice\n"
    assert cli("get", "demo", "branding.button_color").out == "#635bff\n"
    assert cli("get", "demo", "schema_version").out == "1\n"
    assert cli("get", "demo", "advanced.metadata.team").out == "billing\n"
    assert cli("get", "demo", "subscriptions.downgrade_conditions").out == '["shortening_interval"]\n'
    assert cli("get", "demo", "invoices").out == '{"history_visible":false}\n'
    assert cli("get", "demo", "customer.tax_id", "--json").out == "true\n"
    assert cli("get", "demo", "branding.font", "--json").out == '"inter"\n'


def test_get_of_an_empty_string_prints_an_empty_line_and_none_as_none(cli, install) -> None:
    install("minimal", "demo")
    assert cli("get", "demo", "business.headline").out == "\n"
    assert cli("get", "demo", "subscriptions.proration").out == "none\n"


def test_get_of_a_missing_metadata_entry_is_an_error(cli, install) -> None:
    install("minimal", "demo")
    result = cli("get", "demo", "advanced.metadata.nope")
    assert result.code == 2 and result.err.count("\n") == 1


def test_set_takes_quoted_and_unquoted_text_alike(cli, install) -> None:
    path = install("minimal", "demo")
    assert cli("set", "demo", 'cancellations.mode="immediately"').code == 0
    first = path.read_bytes()
    assert cli("set", "demo", "cancellations.mode=immediately").code == 0
    assert path.read_bytes() == first


def test_set_of_a_metadata_entry_adds_it_and_reset_removes_it(cli, install) -> None:
    path = install("minimal", "demo")
    assert cli("set", "demo", "advanced.metadata.team=billing").code == 0
    assert tomllib.loads(path.read_text())["advanced"]["metadata"] == {"team": "billing"}
    assert cli("reset", "demo", "advanced.metadata.team").code == 0
    assert tomllib.loads(path.read_text())["advanced"]["metadata"] == {}


def test_reset_of_a_whole_table_resets_each_of_its_keys(cli, install) -> None:
    path = install("maximal", "demo")
    assert cli("reset", "demo", "customer").code == 0
    assert tomllib.loads(path.read_text())["customer"]["tax_id"] is False


def test_reset_of_a_key_absent_from_the_file_changes_nothing(cli, install) -> None:
    path = install("minimal", "demo")
    before = path.read_bytes()
    result = cli("reset", "demo", "customer.tax_id")
    assert result.code == 0 and "nothing to reset" in result.err
    assert path.read_bytes() == before


def test_several_changes_are_checked_together(cli, install) -> None:
    install("minimal", "demo")
    alone = cli("set", "demo", "subscriptions.switch_plan=true")
    assert alone.code == 1
    together = cli("set", "demo", "subscriptions.switch_plan=true", PRODUCTS)
    assert together.code == 0, together


def test_set_on_a_hand_written_file_changes_only_that_line_byte_for_byte(cli, install) -> None:
    path = install("hand-edited", "demo")
    before = path.read_bytes()
    assert cli("set", "demo", "business.business_name=Acme Inc").code == 0
    after = path.read_bytes()
    assert after == before.replace(b'business_name = "Acme (test)"', b'business_name = "Acme Inc"')


def test_reset_on_a_hand_written_file_writes_the_default_in_place(cli, install) -> None:
    path = install("hand-edited", "demo")
    before = path.read_bytes()
    assert cli("reset", "demo", "subscriptions.proration").code == 0
    assert path.read_bytes() == before.replace(b'proration = "create_prorations"', b'proration = "none"')


def test_hostile_text_is_stored_as_typed_and_printed_literally(cli, install) -> None:
    path = install("minimal", "demo")
    assert cli("set", "demo", "business.headline=[bold]x[/]").code == 0
    assert cli("get", "demo", "business.headline").out == "[bold]x[/]\n"
    path.write_text(path.read_text() + '[profile]\ndescription = "a\\u001b[2Jb\\u202ec"\n')
    shown = cli("get", "demo", "profile.description")
    assert shown.out == "a\\u001b[2Jb\\u202ec\n"
    assert "\x1b" not in cli("show", "demo").out and "\x1b" not in cli("show", "demo", "--json").out
    assert "\x1b" not in cli("validate", "demo").out
