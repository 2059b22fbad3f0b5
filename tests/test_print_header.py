"""A printed list (the project list, the overdue list) says what it shows: the filters applied in words, the as-of
date and the day it was printed (issue 20); the filter bars say on a phone how many filters are set."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def listed(db):
    unit = make_unit("规划自然资源局", "规资局")
    make_project(unit, code="R-1", batch="ongoing", milestones=[(AS_OF - dt.timedelta(days=40), None)])
    make_project(unit, code="Y-1", batch="start", milestones=[(AS_OF - dt.timedelta(days=5), None)])
    return unit


def header(response):
    page = response.content.decode()
    found = re.search(r'<dl class="print-header print-only">(.*?)</dl>', page, re.S)
    assert found, "no print header"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


@time_machine.travel(dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC), tick=False)
def test_the_printed_list_says_its_filters_as_of_date_and_print_date(listed, client_for):
    query = f"year=2025&as_of=2025-06-30&batch=ongoing&status=red&lead_unit={listed.pk}&q=R-"
    text = header(client_for("manager").get(f"/projects/?{query}"))
    assert "筛选条件：批次：在建；进度状态：红色 · 滞后督办；牵头单位：规资局；编号或名称：R-" in text
    assert "状态截至：2025-06-30" in text
    assert "打印日期：2025-07-03" in text


@time_machine.travel(dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC), tick=False)
def test_the_printed_overdue_list_says_its_filters_and_has_a_print_button(listed, client_for):
    response = client_for("manager").get(f"/overdue/?year=2025&as_of=2025-06-30&color=red&unit={listed.pk}&min_days=30")
    text = header(response)
    assert "筛选条件：状态：红色 · 滞后督办；单位：规资局；最少逾期天数：30" in text
    assert "状态截至：2025-06-30" in text and "打印日期：2025-07-03" in text
    page = response.content.decode()
    assert re.search(r'<button type="button" class="secondary" data-print>打印</button>', page)
    assert "portal/print.js" in page


def test_without_filters_the_header_says_all_and_leaves_out_year_and_date(listed, client_for):
    text = header(client_for("manager").get("/projects/?year=2025&as_of=2025-06-30"))
    assert "筛选条件：无（全部）" in text
    assert "清单年度" not in text


def test_an_invalid_filter_is_not_named_in_the_header(listed, client_for):
    text = header(client_for("manager").get("/overdue/?year=2025&as_of=2025-06-30&unit=999999&min_days=30"))
    assert "筛选条件：最少逾期天数：30" in text


@time_machine.travel(dt.datetime(2025, 7, 3, 10, tzinfo=dt.UTC), tick=False)
def test_the_printed_project_page_says_its_as_of_date_and_print_date_and_has_a_print_button(listed, client_for):
    project = Project.objects.get(code="R-1")
    response = client_for("manager").get(f"/projects/{project.pk}/?as_of=2025-06-30")
    text = header(response)
    assert text == "状态截至：2025-06-30 打印日期：2025-07-03"  # a project page has no filters to name
    page = response.content.decode()
    assert re.search(r'<button type="button" class="secondary" data-print>打印</button>', page)
    assert "portal/print.js" in page


def test_the_header_in_english(listed, client_for):
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    text = header(client.get("/projects/?year=2025&as_of=2025-06-30&batch=ongoing"))
    assert "Filters: Batch: Ongoing" in text and "Print date: " in text


def test_the_unit_choices_are_read_once_for_the_header_and_the_select(listed, client_for):
    """The header takes a unit's name from the choices the filter's select then renders: a unit filter costs the
    page one query (its validation reads the choices), as it did before the header; the select reads them no more."""
    client = client_for("manager")
    client.get("/projects/")

    def count(query):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/projects/?year=2025&as_of=2025-06-30{query}")
        return len(ctx.captured_queries), response

    plain, _ = count("")
    filtered, response = count(f"&lead_unit={listed.pk}")
    assert "牵头单位：规资局" in header(response)
    assert filtered == plain + 1
    page = response.content.decode()
    assert page.count(f'<option value="{listed.pk}" selected>规资局</option>') == 1
    assert page.count('<option value="">全部</option>') >= 1


@pytest.mark.parametrize(
    "path, query, summary",
    [
        ("/projects/", "", "未设条件"),
        ("/projects/", "?batch=ongoing&status=red", "已设 2 项"),
        ("/overdue/", "?color=red&q=&min_days=", "已设 1 项"),
        ("/", "?year=2025", "已设 1 项"),
        ("/ranking/", "", "未设条件"),
        ("/supervision/", "", "未设条件"),
    ],
)
def test_each_filter_bar_folds_into_a_line_that_counts_the_filters_set(listed, client_for, path, query, summary):
    page = client_for("manager").get(path + query).content.decode()
    bar = re.search(r'<details class="filter-bar no-print">\s*<summary>(.*?)</summary>', page, re.S)
    assert bar and summary in re.sub(r"<[^>]+>", "", bar.group(1))


def test_a_filter_bar_with_errors_is_open(listed, client_for):
    page = client_for("manager").get("/overdue/?min_days=-3").content.decode()
    assert '<details class="filter-bar no-print" open>' in page
