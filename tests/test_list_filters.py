"""The list filters narrow the entries correctly, with year defaulting to the current one."""

import datetime as dt
import re

import pytest
import time_machine
from django.http import QueryDict

from projects.filters import ListEntryFilter
from projects.models import ListEntry, Unit
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)


def codes(params):
    f = ListEntryFilter(QueryDict(params), queryset=ListEntry.objects.all())
    assert f.is_valid(), f.errors
    return sorted(f.qs.values_list("project__code", flat=True))


@pytest.fixture
def entries(db):
    a, b = make_unit("甲", "甲"), make_unit("乙", "乙")
    make_project(
        a,
        code="P1",
        name="科学大道",
        batch="start",
        level="municipal",
        category="基础设施",
        milestones=[(AS_OF - dt.timedelta(days=40), None)],
    )
    make_project(
        b,
        code="P2",
        name="金凤隧道",
        batch="ongoing",
        level="district",
        category="产业发展",
        milestones=[(AS_OF - dt.timedelta(days=3), None)],
    )
    make_project(b, code="P3", name="储能电站", year=2024, batch="in_use")
    return a, b


@time_machine.travel(dt.datetime(2025, 7, 1, 12, tzinfo=dt.UTC), tick=False)
def test_year_defaults_to_the_current_year(entries):
    assert codes("") == ["P1", "P2"]
    assert codes("year=2024") == ["P3"]


def test_each_filter_narrows(entries):
    a, b = entries
    assert codes("year=2025&batch=start") == ["P1"]
    assert codes(f"year=2025&lead_unit={b.pk}") == ["P2"]
    assert codes("year=2025&level=district") == ["P2"]
    assert codes("year=2025&category=基础设施") == ["P1"]
    assert codes("year=2025&q=隧道") == ["P2"]
    assert codes("year=2025&q=p1") == ["P1"]


def test_status_filter_uses_the_as_of_date(entries):
    assert codes("year=2025&status=red&as_of=2025-06-30") == ["P1"]
    assert codes("year=2025&status=yellow&as_of=2025-06-30") == ["P2"]
    assert codes("year=2025&status=yellow&as_of=2025-06-01") == ["P1"]
    assert codes("year=2025&status=green&as_of=2025-05-01") == ["P1", "P2"]


def test_bad_values_are_form_errors(entries):
    f = ListEntryFilter(QueryDict("year=abc&as_of=2025-13-45&status=purple"), queryset=ListEntry.objects.all())
    assert not f.is_valid()
    assert {"year", "as_of", "status"} <= set(f.errors)


def test_unit_options_name_every_unit_in_its_order_and_refuse_others(entries, client_for, unit_a):
    a, b = entries
    third = Unit.objects.create(name="第三单位全称", sort_order=1)
    Unit.objects.filter(pk=third.pk).update(short_name="")  # save() fills a blank short name: none, as imported
    page = client_for("staff_a").get("/projects/?year=2025").content.decode()
    select = page[page.index('name="lead_unit"') : page.index("</select>", page.index('name="lead_unit"'))]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[0][0] == "" and options[-1][1] == "第三单位全称"
    assert [name for _, name in options[1:]] == [str(u) for u in Unit.objects.all()]
    chosen = client_for("staff_a").get(f"/projects/?year=2025&lead_unit={b.pk}").content.decode()
    assert f'<option value="{b.pk}" selected>乙</option>' in chosen
    f = ListEntryFilter(QueryDict("year=2025&lead_unit=999999"), queryset=ListEntry.objects.all())
    assert not f.is_valid() and "lead_unit" in f.errors


def test_investment_status_filter(entries):
    from decimal import Decimal

    from projects.models import ProgressReport

    ListEntry.objects.filter(project__code="P1").update(annual_plan_investment=Decimal("1200"))
    ListEntry.objects.filter(project__code="P2").update(annual_plan_investment=Decimal("1200"))
    p2 = ListEntry.objects.get(project__code="P2").project
    ProgressReport.objects.create(project=p2, year=2025, month=3, investment_completed=Decimal("600"))
    assert codes("year=2025&investment_status=red&as_of=2025-06-30") == ["P1"]
    assert codes("year=2025&investment_status=green&as_of=2025-06-30") == ["P2"]
    assert codes("year=2025&investment_status=none&as_of=2025-01-31") == ["P1", "P2"]
