"""Years and dates far outside 2000–2100 in the query string are reported on the form, never a server error."""

import datetime as dt

import pytest

from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(unit_a):
    return make_project(unit_a, year=dt.date.today().year, milestones=[(dt.date.today() - dt.timedelta(days=40), None)])


PAGES = ["/projects/", "/overdue/", "/", "/projects/export/csv/", "/projects/export/xlsx/", "/overdue/export.csv"]
PAGES += ["/supervision/", "/supervision/todo/", "/supervision/export.xlsx"]  # 督办台账, 待督办 and the ledger's export


@pytest.mark.parametrize("path", [*PAGES, "detail"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_an_as_of_date_outside_the_years_is_refused(project, client_for, path, as_of):
    path = f"/projects/{project.pk}/" if path == "detail" else path
    response = client_for("manager").get(path, {"as_of": as_of})
    assert response.status_code == 200
    if response.context and "filter" in response.context:
        assert "as_of" in response.context["filter"].form.errors


@pytest.mark.parametrize("as_of", ["2000-01-01", "2100-12-31"])
def test_the_first_and_last_days_of_the_years_are_accepted(project, client_for, as_of):
    response = client_for("manager").get("/projects/", {"as_of": as_of})
    assert not response.context["filter"].form.errors
    assert response.context["as_of"] == dt.date.fromisoformat(as_of)


@pytest.mark.parametrize("year,ok", [("1999", False), ("2000", True), ("2100", True), ("2101", False)])
def test_a_list_year_outside_the_range_is_reported(project, client_for, year, ok):
    response = client_for("manager").get("/projects/", {"year": year})
    assert response.status_code == 200
    assert ("year" not in response.context["filter"].form.errors) is ok


@pytest.mark.parametrize("path", ["/overdue/", "/overdue/export.csv", "/overdue/export.xlsx"])
@pytest.mark.parametrize("min_days,ok", [("1", True), ("36500", True), ("36501", False), ("0", False), ("-5", False)])
def test_min_days_outside_a_hundred_years_is_refused(project, client_for, path, min_days, ok):
    response = client_for("manager").get(path, {"min_days": min_days, "year": dt.date.today().year})
    assert response.status_code == 200
    if path == "/overdue/":
        assert ("min_days" not in response.context["filter"].form.errors) is ok


@pytest.mark.parametrize(
    "language,text",
    [("zh-hans", "清单年度应在 2000 至 2100 之间"), ("en", "The list year must be between 2000 and 2100")],
)
def test_a_list_entry_outside_the_years_is_refused_naming_the_range(project, language, text):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    entry = project.list_entries.get()
    entry.year = 2101
    with translation.override(language), pytest.raises(ValidationError) as refused:
        entry.validate_constraints()
    assert refused.value.messages == [text]


@pytest.mark.parametrize(
    "language,text", [("zh-hans", "年度应在 2000 至 2100 之间"), ("en", "The year must be between 2000 and 2100")]
)
def test_an_indicator_target_or_value_outside_the_years_is_refused_naming_the_range(language, text):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from indicators.models import Target, Value
    from tests.indicator_factories import make_indicator

    indicator = make_indicator()
    for row in (
        Target(indicator=indicator, year=1999, value=1),
        Value(indicator=indicator, year=1999, month=3, growth_yoy=1),
    ):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            row.validate_constraints()
        assert text in refused.value.messages


def test_year_inputs_carry_the_range(project, client_for):
    from tests.indicator_factories import make_indicator

    client = client_for("admin")
    report = client.get(f"/projects/{project.pk}/report/").content.decode()
    assert 'name="year" min="2000" max="2100"' in report
    detail = client.get(f"/indicators/{make_indicator().pk}/").content.decode()
    assert 'name="year" value="' in detail and 'min="2000" max="2100"' in detail


@pytest.mark.parametrize("path", ["/projects/", "/overdue/", "/indicators/"])
@pytest.mark.parametrize("per_page,held", [("-1", 1), ("0", 1), ("1", 1), ("200", 200), ("201", 200), ("100000", 200)])
def test_per_page_in_the_query_string_is_held_to_a_page_size(project, client_for, path, per_page, held):
    response = client_for("manager").get(path, {"per_page": per_page})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == held


def test_a_month_or_year_that_is_not_a_plain_number_falls_back(project, client_for):
    from tests.indicator_factories import make_indicator

    indicator = make_indicator()
    client = client_for("manager")
    assert client.get(f"/indicators/{indicator.pk}/value/", {"month": "²"}).status_code == 200
    assert client.get(f"/indicators/{indicator.pk}/", {"year": "99999999999"}).status_code == 200
    assert client.get(f"/projects/{project.pk}/report/", {"year": "²", "month": "²"}).status_code == 200


@pytest.mark.parametrize(
    "path,query",
    [("/projects/export/csv/", {"status": "purple"}), ("/overdue/export.csv", {"min_days": "abc"})],
)
def test_an_export_with_invalid_filters_holds_no_rows_like_the_page(project, client_for, path, query):
    response = client_for("manager").get(path, query)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    lines = [line for line in content.decode("utf-8-sig").splitlines() if line.strip()]
    assert response.status_code == 200 and len(lines) == 1  # the header only
