"""The four-color rules of status-rules.md (sections 1 and 2) at their edges, in SQL and in Python."""

import datetime as dt

import pytest

from projects.explain import explain_rows, summarize_project
from projects.models import ListEntry, Milestone, Project
from projects.status import Color, milestone_color
from tests.factories import make_project

AS_OF = dt.date(2025, 6, 30)


def days(n):
    return AS_OF - dt.timedelta(days=n)


def sql_status(project, as_of=AS_OF):
    return Project.objects.with_status(as_of).get(pk=project.pk)


def milestone_sql_status(project, as_of=AS_OF):
    return Milestone.objects.filter(project=project).with_status(as_of).get()


def status_both(project, as_of=AS_OF):
    """The status by the SQL annotation, checked equal to the Python function."""
    row = sql_status(project, as_of)
    color, counts, _text = summarize_project(project.milestones.all(), as_of)
    assert row.status == color
    assert {c: getattr(row, f"{c}_count") for c in counts} == counts
    return row.status


# Section 1, milestone rules, one open milestone `late` days past its plan.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "late,expected",
    [(-5, "green"), (0, "green"), (1, "yellow"), (30, "yellow"), (31, "red"), (400, "red")],
)
def test_open_milestone_color_by_days_late(late, expected):
    project = make_project(milestones=[(days(late), None)])
    assert status_both(project) == expected
    m = milestone_sql_status(project)
    assert m.status == expected
    assert m.days_overdue == (late if late > 0 else None)


@pytest.mark.django_db
@pytest.mark.parametrize("early,expected", [(29, "green"), (30, "blue"), (31, "blue"), (0, "green"), (-10, "green")])
def test_done_milestone_blue_from_30_days_early(early, expected):
    """Done `early` days before plan (negative: late); finished late is green from then on."""
    planned = days(60)
    project = make_project(milestones=[(planned, planned - dt.timedelta(days=early))])
    assert status_both(project) == expected
    assert milestone_sql_status(project).status == expected


@pytest.mark.django_db
def test_milestone_finished_after_as_of_date_is_still_open():
    project = make_project(milestones=[(days(40), AS_OF + dt.timedelta(days=1))])
    assert status_both(project) == "red"
    assert status_both(project, AS_OF + dt.timedelta(days=1)) == "green"


@pytest.mark.django_db
def test_milestone_finished_on_the_as_of_date_is_done():
    project = make_project(milestones=[(days(40), AS_OF)])
    assert status_both(project) == "green"


@pytest.mark.django_db
def test_exempt_milestone_counts_nowhere():
    project = make_project(milestones=[(days(100), None, True), (days(-10), None)])
    assert status_both(project) == "green"
    row = sql_status(project)
    assert (row.red_count, row.yellow_count, row.green_count, row.blue_count) == (0, 0, 1, 0)


@pytest.mark.django_db
def test_only_exempt_milestones_is_none():
    project = make_project(milestones=[(days(100), None, True)])
    assert status_both(project) == "none"


@pytest.mark.django_db
def test_no_milestones_is_none():
    assert status_both(make_project()) == "none"


@pytest.mark.django_db
def test_red_wins_over_yellow_and_blue():
    project = make_project(milestones=[(days(60), days(100)), (days(5), None), (days(31), None)])
    assert status_both(project) == "red"


@pytest.mark.django_db
def test_yellow_wins_over_blue():
    project = make_project(milestones=[(days(10), days(50)), (days(1), None)])
    assert status_both(project) == "yellow"


@pytest.mark.django_db
def test_blue_only_when_the_latest_achievement_was_early():
    # An early milestone long ago, then one on time: the latest decides (green).
    project = make_project(milestones=[(days(100), days(200)), (days(10), days(10))])
    assert status_both(project) == "green"
    # The latest done milestone was early: blue.
    project = make_project(milestones=[(days(100), days(100)), (days(-40), days(5))])
    assert status_both(project) == "blue"


@pytest.mark.django_db
def test_blue_when_any_milestone_done_on_the_latest_day_is_blue():
    project = make_project(milestones=[(days(5), days(5)), (days(-30), days(5))])
    assert status_both(project) == "blue"


@pytest.mark.django_db
def test_thresholds_come_from_settings(settings):
    settings.RED_OVERDUE_DAYS = 10
    settings.BLUE_AHEAD_DAYS = 5
    project = make_project(milestones=[(days(10), None)])
    assert status_both(project) == "red"
    assert milestone_color(days(-5), days(0), False, AS_OF) == Color.BLUE


@pytest.mark.django_db
def test_status_filter_counts_and_ordering_agree():
    projects = {
        "red": make_project(code="R", milestones=[(days(40), None)]),
        "red2": make_project(code="R2", milestones=[(days(90), None)]),
        "yellow": make_project(code="Y", milestones=[(days(3), None)]),
        "green": make_project(code="G", milestones=[(days(-3), None)]),
        "blue": make_project(code="B", milestones=[(days(-30), days(1))]),
        "none": make_project(code="N"),
    }
    entries = ListEntry.objects.filter(year=2025)
    assert entries.status_counts(AS_OF) == {"red": 2, "yellow": 1, "green": 1, "blue": 1, "none": 1}
    for color in ("red", "yellow", "green", "blue", "none"):
        codes = set(entries.with_status_filter(AS_OF, color).values_list("project__code", flat=True))
        expected = {p.code for key, p in projects.items() if key.rstrip("2") == color}
        assert codes == expected, color
    ordered = [e.project.code for e in entries.in_year(2025).with_status(AS_OF).order_by_severity()]
    assert ordered == ["R2", "R", "Y", "G", "B", "N"]


@pytest.mark.django_db
def test_explanation_names_the_deciding_milestone():
    project = make_project(milestones=[{"name": "施工许可", "planned_date": dt.date(2025, 3, 31)}])
    _color, _counts, text = summarize_project(project.milestones.all(), AS_OF)
    assert text == "节点「施工许可」计划 2025-03-31 完成，截至 2025-06-30 未完成，逾期 91 天（≥31 天为红色）"
    row = ListEntry.objects.in_year(2025).with_status(AS_OF).get(project=project)
    explain_rows([row], AS_OF)
    assert row.explanation == text


@pytest.mark.django_db
def test_a_milestone_late_within_the_grace_period_is_explained_as_late(settings):
    """With YELLOW_OVERDUE_DAYS above 1, a milestone 2 days late is still green, and said to be 2 days late."""
    settings.YELLOW_OVERDUE_DAYS = 3
    project = make_project(milestones=[{"name": "施工许可", "planned_date": days(2)}, (days(-20), None)])
    color, _counts, text = summarize_project(project.milestones.all(), AS_OF)
    assert color == "green"
    assert text == "节点「施工许可」计划 2025-06-28 完成，截至 2025-06-30 未完成，逾期 2 天（≥3 天为黄色）"
    row = ListEntry.objects.in_year(2025).with_status(AS_OF).get(project=project)
    explain_rows([row], AS_OF)
    assert (row.status, row.days_overdue, row.explanation) == ("green", 2, text)


@pytest.mark.parametrize(
    "planned,actual,color,english",
    [
        (days(1), None, Color.YELLOW, "1 day overdue (≥1 day is yellow)"),
        (days(40), None, Color.RED, "40 days overdue (≥31 days is red)"),
        (days(-1), None, Color.GREEN, "in 1 day"),
        (days(-9), None, Color.GREEN, "in 9 days"),
        (days(20), days(19), Color.GREEN, "1 day late"),
        (days(5), days(45), Color.BLUE, "40 days early (≥30 days is blue)"),
    ],
)
def test_english_explanations_count_days_in_the_singular_and_plural(planned, actual, color, english):
    from django.utils import translation

    from projects.explain import explain_milestone

    with translation.override("en"):
        text = explain_milestone("M", planned, actual, False, "", color, AS_OF)
    assert text.endswith(english), text
    with translation.override("zh-hans"):
        chinese = explain_milestone("M", planned, actual, False, "", color, AS_OF)
    assert "day" not in chinese and "天" in chinese
