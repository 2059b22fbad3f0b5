"""Every list page answers any query string without a server error (issue 19: every query string is safe)."""

import pytest

from tests.indicator_factories import add_value, make_indicator, set_target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sort", ["status", "-status", "name", "responsible_unit"])
@pytest.mark.parametrize("bad", [{"status": "purple"}, {"unit": "999999"}, {"group": "nope"}, {"period": "13"}])
def test_an_indicator_list_sorted_with_an_invalid_filter_is_an_empty_page(unit_a, client_for, sort, bad):
    indicator = make_indicator("growth", unit=unit_a, code="g1", name="指标一")
    set_target(indicator, "7")
    add_value(indicator, 6, growth="5")
    response = client_for("staff_a").get("/indicators/", {"sort": sort, **bad})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
