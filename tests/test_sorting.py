"""Columns where a larger value is worse (逾期天数, the overdue list's 状态) sort worst first on their first click; a
second click reverses. The header links are followed as a user would."""

import datetime as dt
import html
import re

import pytest

from tests.factories import make_project

AS_OF = dt.date(2025, 6, 30)
Q = f"year=2025&as_of={AS_OF}"


def ago(n):
    return AS_OF - dt.timedelta(days=n)


@pytest.fixture
def overdue(db, unit_a, unit_b):
    make_project(unit_a, code="D-040", milestones=[(ago(40), None)])
    make_project(unit_a, code="D-090", milestones=[(ago(90), None)])
    make_project(unit_b, code="D-005", milestones=[(ago(5), None)])
    make_project(unit_b, code="D-000", milestones=[(ago(-10), None)])


def header_link(page, header):
    """The href of the sorting link of the header cell `header`."""
    match = re.search(r'<th[^>]*>\s*<a href="([^"]+)">' + re.escape(header) + r"</a>", page)
    assert match, f"no sorting link on {header}"
    return html.unescape(match.group(1))


def codes(response):
    records = [row.record for row in response.context["table"].paginated_rows]
    return [getattr(r, "project", r).code for r in records]


def test_the_first_click_on_days_overdue_in_the_list_sorts_the_most_overdue_first(overdue, client_for):
    client = client_for("manager")
    link = header_link(client.get(f"/projects/?{Q}").content.decode(), "逾期天数")
    assert "sort=-days_overdue" in link
    first = client.get(f"/projects/{link}")
    assert codes(first)[:3] == ["D-090", "D-040", "D-005"]
    second = client.get(f"/projects/{header_link(first.content.decode(), '逾期天数')}")
    assert codes(second)[:3] == ["D-005", "D-040", "D-090"]  # the ones not overdue (no days) stay last


def test_the_list_sorts_worst_first_by_status_on_the_first_click(overdue, client_for):
    client = client_for("manager")
    link = header_link(client.get(f"/projects/?{Q}").content.decode(), "进度状态")
    assert codes(client.get(f"/projects/{link}"))[:2] == ["D-090", "D-040"]


def test_the_overdue_list_opens_worst_first_and_its_status_sorts_worst_first(overdue, client_for):
    client = client_for("manager")
    page = client.get(f"/overdue/?{Q}")
    assert codes(page) == ["D-090", "D-040", "D-005"]
    by_project = client.get(f"/overdue/{header_link(page.content.decode(), '项目')}")
    status_link = header_link(by_project.content.decode(), "状态")
    assert codes(client.get(f"/overdue/{status_link}")) == ["D-090", "D-040", "D-005"]
    days_link = header_link(by_project.content.decode(), "逾期天数")
    assert codes(client.get(f"/overdue/{days_link}")) == ["D-090", "D-040", "D-005"]


def test_a_column_where_smaller_is_worse_keeps_ascending_first(overdue, client_for):
    link = header_link(client_for("manager").get(f"/projects/?{Q}").content.decode(), "项目名称")
    assert "sort=name" in link and "sort=-" not in link
