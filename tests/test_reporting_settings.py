"""The reporting cadence's settings: defaults, and a bad value stops the start naming the variable."""

import pytest
from django.conf import settings

from tests.test_shell import _settings_check


def test_defaults():
    assert (settings.REPORT_DUE_DAY, settings.REPORT_REMIND_DAYS) == (25, 3)


@pytest.mark.parametrize(
    "name,value",
    [("REPORT_DUE_DAY", "29"), ("REPORT_DUE_DAY", "0"), ("REPORT_DUE_DAY", "soon"), ("REPORT_REMIND_DAYS", "-1")],
)
def test_a_bad_value_names_the_variable(name, value):
    result = _settings_check(DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_a_day_every_month_has_is_accepted():
    assert _settings_check(DEBUG="1", REPORT_DUE_DAY="28", REPORT_REMIND_DAYS="0").returncode == 0
