"""What the site review fixed: number formats, navigation, error pages, shared filter dates."""

from decimal import Decimal

import pytest

from tests.factories import make_project


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_amounts_grouped_by_thousands_in_both_languages(client_for, unit_a, lang):
    make_project(lead_unit=unit_a, code="BIG-1", annual_plan=Decimal("1234567.5"), total_investment=Decimal(9876543))
    client = client_for("manager")
    client.cookies["django_language"] = lang
    page = client.get("/projects/?year=2025").content.decode()
    assert "1,234,567.50" in page and "9,876,543.00" in page
