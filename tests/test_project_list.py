"""The project list page: filters in the query string, as-of dates, sorting by status, summary, query counts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import ProgressReport
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)


def days(n):
    return AS_OF - dt.timedelta(days=n)


@pytest.fixture
def listed(db, unit_a, unit_b):
    """One project per color as of 2025-06-30, plus two reds to order by days overdue."""
    make_project(unit_a, code="R-040", milestones=[(days(40), None)], annual_plan=Decimal("1200"))
    make_project(unit_a, code="R-090", milestones=[(days(90), None)])
    make_project(unit_b, code="Y-005", milestones=[(days(5), None)], batch="start")
    make_project(unit_b, code="G-001", milestones=[(days(-10), None)], level="municipal")
    make_project(unit_a, code="B-001", milestones=[(days(10), days(50))])
    make_project(unit_b, code="N-001", name="储能电站")
    make_project(unit_a, code="OLD-1", year=2024, milestones=[(days(400), None)])
    p = make_project(unit_b, code="INV-G", annual_plan=Decimal("1200"), milestones=[(days(-30), None)])
    ProgressReport.objects.create(project=p, year=2025, month=5, investment_completed=Decimal("600"))


def codes(response):
    return [row.record.project.code for row in response.context["table"].paginated_rows]


def get(client, query):
    response = client.get("/projects/?" + query)
    assert response.status_code == 200
    return response


def test_filters_narrow_the_list(listed, client_for, unit_b):
    c = client_for("staff_a")
    base = "year=2025&as_of=2025-06-30"
    assert sorted(codes(get(c, base + "&status=red"))) == ["R-040", "R-090"]
    assert codes(get(c, base + "&status=yellow")) == ["Y-005"]
    assert codes(get(c, base + "&status=blue")) == ["B-001"]
    assert codes(get(c, base + "&status=none")) == ["N-001"]
    assert codes(get(c, base + "&batch=start")) == ["Y-005"]
    assert codes(get(c, base + "&level=municipal")) == ["G-001"]
    assert sorted(codes(get(c, base + f"&lead_unit={unit_b.pk}"))) == ["G-001", "INV-G", "N-001", "Y-005"]
    assert codes(get(c, base + "&q=储能")) == ["N-001"]
    assert codes(get(c, base + "&investment_status=green")) == ["INV-G"]
    assert codes(get(c, base + "&investment_status=red")) == ["R-040"]
    assert codes(get(c, "year=2024&as_of=2025-06-30")) == ["OLD-1"]


def test_statuses_follow_the_as_of_date(listed, client_for):
    c = client_for("manager")
    assert codes(get(c, "year=2025&as_of=2025-06-30&status=red")) == ["R-040", "R-090"]
    # On 2025-05-31 R-040 (planned 2025-05-21) was only 10 days late: yellow.
    assert codes(get(c, "year=2025&as_of=2025-05-31&status=red")) == ["R-090"]
    assert "R-040" in codes(get(c, "year=2025&as_of=2025-05-31&status=yellow"))
    response = get(c, "year=2025&as_of=2025-05-31")
    assert "2025-05-31" in response.content.decode()
    # Without a date this year's list is as of today, a past year's as of its last day; the date field says so.
    today = timezone.localdate()
    assert f'name="as_of" value="{today.isoformat()}"' in get(c, f"year={today.year}").content.decode()
    assert 'name="as_of" value="2025-12-31"' in get(c, "year=2025").content.decode()


def test_sorting_by_status_is_by_severity_then_days_overdue(listed, client_for):
    c = client_for("staff_b")
    order = codes(get(c, "year=2025&as_of=2025-06-30&sort=status"))
    assert order == ["R-090", "R-040", "Y-005", "G-001", "INV-G", "B-001", "N-001"]
    reverse = codes(get(c, "year=2025&as_of=2025-06-30&sort=-status"))
    assert reverse == ["N-001", "B-001", "G-001", "INV-G", "Y-005", "R-090", "R-040"]
    assert codes(get(c, "year=2025&as_of=2025-06-30&sort=-days_overdue"))[:3] == ["R-090", "R-040", "Y-005"]


def test_rows_carry_their_status_class_badge_and_explanation(listed, client_for):
    html = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&status=yellow").content.decode()
    assert '<tr class="status-yellow' in html
    assert "黄色 · 超期预警" in html
    assert "逾期 5 天" in html


def test_summary_bar_counts_every_status_and_links_to_the_same_filter(listed, client_for):
    response = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&batch=ongoing&status=red")
    summary = {item["color"]: item for item in response.context["summary"]}
    assert {c: i["count"] for c, i in summary.items()} == {"red": 2, "yellow": 0, "green": 2, "blue": 1, "none": 1}
    link = summary["green"]["url"]
    assert "status=green" in link and "batch=ongoing" in link and "as_of=2025-06-30" in link
    assert "status=red" not in link
    assert codes(get(client_for("staff_a"), link.lstrip("?"))) == ["G-001", "INV-G"]


def test_year_defaults_to_this_year_and_bad_input_is_reported(listed, client_for):
    response = get(client_for("staff_a"), "as_of=2025-13-45&year=2025")
    assert codes(response) == []
    assert response.context["filter"].errors


def test_export_links_keep_the_filters_when_the_exports_exist(listed, client_for):
    response = get(client_for("staff_a"), "year=2025&status=red")
    for key in ("export_xlsx", "export_csv"):
        url = response.context[key]
        if url is not None:  # the exports come with another feature
            assert "status=red" in url and "year=2025" in url


def _count_queries(client, query):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/projects/?" + query)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("query", ["year=2025&as_of=2025-06-30", "year=2025&status=red&lead_unit=1&sort=status"])
def test_list_query_count_does_not_grow_with_the_projects(db, client_for, unit_a, query):
    client = client_for("staff_a")
    for n in range(10):
        make_project(unit_a, milestones=[(days(n * 7), None), (days(-n), None)], annual_plan=Decimal("100"))
    small, _ = _count_queries(client, query)
    for n in range(190):
        make_project(unit_a, milestones=[(days(n), None), (days(n - 50), days(n - 60))], annual_plan=Decimal("100"))
    large, response = _count_queries(client, query)
    # with the cache off (a test's transaction): see the pinned count below, + the session
    assert small == large <= 17
    if "status" not in query:
        assert len(codes(response)) == 50


def test_list_query_count_is_pinned(db, client_for, unit_a, django_assert_num_queries):
    client = client_for("staff_a")
    for n in range(12):
        make_project(unit_a, milestones=[(days(n), None)])
    client.get("/projects/")  # warm the session
    # session, user, the user's unit (header), the user's permissions (2, navigation), the bell, the 我的待办 badge
    # (2), status counts (also the total), unit options, categories, the page's keys, the page's rows with their
    # status, their projects' milestones (the explanations) and reports (the investment status and the report
    # marker), the subtotal of the filtered rows
    with django_assert_num_queries(16):
        client.get("/projects/?year=2025&as_of=2025-06-30")


def test_the_rows_carry_only_the_project_fields_the_table_shows(db, client_for, unit_a):
    make_project(unit_a, code="P-1", milestones=[(days(40), None)], scope="长文本" * 2000, responsible_leader="张三")
    client = client_for("staff_a")
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, "year=2025&as_of=2025-06-30")
    rows = [q["sql"] for q in ctx.captured_queries if '"projects_project"."code"' in q["sql"] and "CASE" in q["sql"]]
    assert len(rows) == 1
    assert '"projects_project"."name"' in rows[0] and '"projects_unit"."short_name"' in rows[0]
    assert '"projects_project"."scope"' not in rows[0] and '"projects_project"."responsible_leader"' not in rows[0]
    assert codes(response) == ["P-1"]


def test_pages_of_a_status_filter_take_their_total_from_the_summary_counts(db, client_for, unit_a):
    for n in range(55):
        make_project(unit_a, code=f"R{n:03d}", milestones=[(days(40 + n), None)])
    for n in range(5):
        make_project(unit_a, code=f"G{n:03d}", milestones=[(days(-n - 1), None)])
    client = client_for("staff_a")
    with CaptureQueriesContext(connection) as ctx:
        first = get(client, "year=2025&as_of=2025-06-30&status=red")
    table = first.context["table"]
    assert table.paginator.count == 55 and table.paginator.num_pages == 2
    counts = [q["sql"] for q in ctx.captured_queries if '"__count"' in q["sql"]]  # QuerySet.count()
    assert [sql for sql in counts if "portal_notification" not in sql] == []  # the bell counts its own
    second = get(client, "year=2025&as_of=2025-06-30&status=red&page=2")
    assert codes(second) == [f"R{n:03d}" for n in range(50, 55)]


def test_sort_links_keep_the_filters(listed, client_for):
    html = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&batch=ongoing").content.decode()
    sort_links = re.findall(r'href="(\?[^"]*sort=status[^"]*)"', html)
    assert sort_links and all("batch=ongoing" in link for link in sort_links)


def test_text_from_the_database_is_escaped_in_every_cell(db, client_for, users):
    unit = make_unit('<u>单位&"</u>', '<u>单位&"</u>')
    make_project(
        unit,
        code='X<1>&"',
        name="<script>alert('x')</script> & 项目",
        milestones=[
            {"name": '<i>节点&"</i>', "planned_date": days(40), "actual_date": None},
            {"name": "<b>下一</b>", "planned_date": days(-5), "actual_date": None},
        ],
        annual_plan=Decimal("1234567.8"),
        total_investment=Decimal("9876543.21"),
    )
    html = get(client_for("manager"), "year=2025&as_of=2025-06-30").content.decode()
    for raw in ("<script>", "<u>", "<i>", "<b>下一"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 项目" in html
    assert "X&lt;1&gt;&amp;&quot;" in html and "&lt;u&gt;单位&amp;&quot;&lt;/u&gt;" in html
    assert 'title="节点「&lt;i&gt;节点&amp;&quot;&lt;/i&gt;」计划 2025-05-21 完成' in html
    assert "&lt;b&gt;下一&lt;/b&gt;<div" in html
    assert "9,876,543.21" in html and "1,234,567.80" in html


def test_pagination_marks_the_current_page_and_links_the_others(db, client_for, unit_a):
    for n in range(120):
        make_project(unit_a, code=f"P{n:03d}")
    html = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&page=2").content.decode()
    pages = html[html.index('class="pagination"') :]
    assert '<span aria-current="page">2</span>' in pages
    assert "page=1" in pages and "page=3" in pages and "page=2" not in pages


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_are_grouped_by_thousands_with_two_decimals(db, client_for, unit_a, language):
    make_project(unit_a, code="M-1", total_investment=Decimal("1143000"), annual_plan=Decimal("1234.5"))
    html = client_for("staff_a").get("/projects/?year=2025", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ">1,143,000.00</td>" in html and ">1,234.50</td>" in html


def test_a_filter_without_matches_says_so_across_the_table(listed, client_for):
    html = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&q=nothing-like-this").content.decode()
    body = html[html.index("<tbody") : html.index("</tbody>")]
    assert re.search(r'<tr><td colspan="11">没有符合条件的项目</td></tr>', body)
    assert body.count("<tr") == 1


def test_rows_carry_their_status_class_and_sort_links_their_direction(listed, client_for):
    html = get(client_for("staff_a"), "year=2025&as_of=2025-06-30&sort=status").content.decode()
    body = html[html.index("<tbody") : html.index("</tbody>")]
    assert re.findall(r'<tr class="status-(\w+) (?:even|odd)"', body)[:3] == ["red", "red", "yellow"]
    head = html[html.index("<thead") : html.index("</thead>")]
    assert re.search(
        r'<th [^>]*class="[^"]*asc[^"]*"[^>]*>\s*<a href="\?year=2025&amp;as_of=2025-06-30&amp;sort=-status"', head
    )


def test_summary_counts_follow_the_filters_the_date_and_the_thresholds(listed, client_for, settings):
    """The summary counts are cached per filter values, date and thresholds: each change must count anew."""
    c = client_for("staff_a")

    def counts(query):
        return {item["color"]: item["count"] for item in get(c, query).context["summary"]}

    base = "year=2025&as_of=2025-06-30"
    everything = {"red": 2, "yellow": 1, "green": 2, "blue": 1, "none": 1}
    assert counts(base) == everything
    assert counts(base) == everything  # the same, served from the cache
    assert counts(base + "&batch=start") == {"red": 0, "yellow": 1, "green": 0, "blue": 0, "none": 0}
    assert counts(base + "&batch=start&status=red") == {"red": 0, "yellow": 1, "green": 0, "blue": 0, "none": 0}
    assert counts("year=2025&as_of=2025-03-01")["red"] == 0
    settings.YELLOW_OVERDUE_DAYS = 10
    assert counts(base) == {"red": 2, "yellow": 0, "green": 3, "blue": 1, "none": 1}


@pytest.mark.parametrize("bad", ["status=purple", "batch=nope", "lead_unit=999999", "as_of=2025-13-01"])
def test_an_invalid_filter_leaves_the_valid_pages_counts_alone(listed, client_for, bad):
    """An invalid value is dropped from the cleaned values; its empty page must not stand for the valid one."""
    c = client_for("staff_a")
    base = "year=2025&as_of=2025-06-30"
    refused = get(c, f"{base}&{bad}")
    assert refused.context["filter"].errors and sum(i["count"] for i in refused.context["summary"]) == 0
    summary = get(c, base).context["summary"]
    assert {item["color"]: item["count"] for item in summary} == {
        "red": 2,
        "yellow": 1,
        "green": 2,
        "blue": 1,
        "none": 1,
    }
