"""The settings table the editor starts from is exactly what the models declare."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from portal_tui.model import declared, derive
from portal_tui.model.catalog import SECTIONS, SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_declared_py_is_what_the_models_declare_now() -> None:
    text = (ROOT / "portal_tui" / "model" / "declared.py").read_text(encoding="utf-8")
    assert text == derive.source(), "portal_tui/model/declared.py is out of date: run python -m portal_tui.cli.derive"


def test_every_setting_in_the_table_equals_the_one_read_from_its_model_field() -> None:
    from portal_tui.model.profile import Profile

    assert list(SETTINGS.values()) == derive.derive()
    assert tuple(name for name in Profile.model_fields if name != "schema_version") == SECTIONS
    assert derive.product_keys() == declared.PRODUCT_KEYS


def test_the_table_shares_the_not_applicable_conditions_with_the_models() -> None:
    from portal_tui.model import conditions, sections

    field = sections.Cancellations.model_fields["mode"].json_schema_extra
    assert SETTINGS["cancellations.mode"].meta.not_applicable == (conditions.CANCEL_OFF,)
    assert SETTINGS["cancellations.mode"].meta.not_applicable[0] is field.not_applicable[0]


def test_the_catalog_loads_without_pydantic_and_the_first_check_loads_it() -> None:
    probe = (
        "import sys\n"
        "from portal_tui.model.catalog import SETTINGS\n"
        "from portal_tui.model.session import Session\n"
        "from portal_tui.store.profiles import Store\n"
        "session = Session({'customer': {'tax_id': 1}, 'business': {'business_name': 'A'}})\n"
        "print(len(SETTINGS), session.values['customer.tax_id'], 'pydantic' in sys.modules)\n"
        "print([p.key for p in session.problems], 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"{len(SETTINGS)} 1 False", "['customer.tax_id'] True"]


def test_a_session_opened_before_its_check_still_answers_every_action_with_the_checked_problems() -> None:
    from portal_tui.model.session import Session

    session = Session({"business": {"business_name": "A"}, "customer": {"tax_id": 1}})
    session.opening = True  # as the editor opens it: its first screen shows no problems yet
    assert [p.key for p in session.problems] == ["customer.tax_id"]  # saving, export, next error
    assert session.error_count == 1 and session.problems_of("customer.tax_id")
    assert session.end_opening() is True and session.opening is False
    assert session.end_opening() is False  # once


def test_a_generation_that_fails_leaves_declared_py_whole(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from portal_tui.cli import derive as writer

    target = tmp_path / "declared.py"
    target.write_text("OLD = 1\n")
    monkeypatch.setattr(writer, "TARGET", target)

    def broken() -> str:
        raise RuntimeError("a model that does not load")

    monkeypatch.setattr(writer.derive, "source", broken)
    with pytest.raises(RuntimeError):
        writer.main()
    monkeypatch.setattr(writer.derive, "source", lambda: '"""Every setting as the models declare it.\n(')
    with pytest.raises(SyntaxError):
        writer.main()
    monkeypatch.setattr(writer.derive, "source", lambda: "HEADERLESS = 1\n")
    assert writer.main() == 1
    assert target.read_text() == "OLD = 1\n" and [p.name for p in tmp_path.iterdir()] == ["declared.py"]
    monkeypatch.setattr(writer.derive, "source", lambda: '"""Every setting as the models declare it."""\nNEW = 2\n')
    assert writer.main() == 0 and "NEW = 2" in target.read_text()
