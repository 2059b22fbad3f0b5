"""The units' ranking (红黄榜, reporting.md section 5): who a milestone belongs to, each column at its edges."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from projects.models import ListEntry, Milestone
from ranking.core import sort_key, unit_ranking
from tests.factories import make_project, make_unit
from tests.reporting_factories import file_report

AS_OF = dt.date(2025, 6, 30)


def days(n):
    return AS_OF + dt.timedelta(days=n)


RED = [(days(-40), None)]
YELLOW = [(days(-5), None)]
GREEN = [(days(10), None)]
BLUE = [(days(20), days(-20))]


def by_name(ranking):
    return {r.unit.short_name: r for r in ranking}


def move_plan(milestone, planned_date, on):
    """Move a milestone's plan as a manager would (saved with history), recorded on the day `on`."""
    milestone.planned_date = planned_date
    milestone._history_date = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
    milestone.save()
    return milestone


@pytest.fixture
def units(db):
    return {n: make_unit(f"{n}全称", n) for n in ["甲", "乙", "丙", "丁"]}


def test_a_milestone_counts_for_its_own_unit_not_the_lead_unit(units):
    a, b = units["甲"], units["乙"]
    p = make_project(a, milestones=[*RED, *YELLOW, (days(-90), days(-80))])
    Milestone.objects.filter(project=p, seq__in=[1, 3]).update(unit=b)  # b is responsible for the red and the done
    ranks = by_name(unit_ranking(2025, AS_OF))
    assert (ranks["甲"].red, ranks["甲"].yellow, ranks["甲"].done) == (0, 1, 0)
    assert (ranks["乙"].red, ranks["乙"].yellow, ranks["乙"].done, ranks["乙"].on_time) == (1, 0, 1, 0)


def test_a_milestone_without_a_unit_counts_for_the_lead_unit(units):
    p = make_project(units["甲"], milestones=RED)
    Milestone.objects.filter(project=p).update(unit=None)
    assert by_name(unit_ranking(2025, AS_OF))["甲"].red == 1


def test_red_and_yellow_are_open_milestones_as_of_the_date(units):
    a = units["甲"]
    make_project(a, milestones=[*RED, *RED, *YELLOW, *GREEN, *BLUE])
    make_project(a, milestones=[(days(-40), days(1))])  # done after the date: still open, red
    make_project(a, milestones=[{"planned_date": days(-40), "is_exempt": True}])  # exempt: nowhere
    make_project(a, year=2024, milestones=RED)  # another year's list
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.red, rank.yellow) == (3, 1)
    assert by_name(unit_ranking(2025, days(-36)))["甲"].red == 0  # 36 days earlier the red ones were yellow


def test_done_on_the_baseline_date_is_on_time_a_day_after_is_not_whatever_the_plan_says(units):
    a = units["甲"]
    p = make_project(a, milestones=[(days(-30), None), (days(-30), None), (days(-30), None)])
    on_base, day_after, early = Milestone.objects.filter(project=p).order_by("seq")
    for m in (on_base, day_after):
        move_plan(m, days(-10), on=days(-35))  # the plan moved 20 days later: the baseline stays days(-30)
    Milestone.objects.filter(pk=on_base.pk).update(actual_date=days(-30))
    Milestone.objects.filter(pk=day_after.pk).update(actual_date=days(-29))  # before the new plan, after the baseline
    Milestone.objects.filter(pk=early.pk).update(actual_date=days(-31))
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.done, rank.on_time) == (3, 2)
    assert rank.on_time_rate == pytest.approx(2 / 3)
    assert by_name(unit_ranking(2025, days(-30)))["甲"].done == 2  # the one done on days(-29) is not done yet


def test_on_time_rate_is_none_when_nothing_is_done(units):
    make_project(units["甲"], milestones=[(days(-5), None), (days(5), days(10))])
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.done, rank.on_time, rank.on_time_rate) == (0, 0, None)


def test_plan_moves_count_milestones_moved_later_by_the_date(units):
    a = units["甲"]
    p = make_project(a, milestones=[(days(10), None), (days(10), None), (days(10), None), (days(10), None)])
    later, twice, earlier, untouched = Milestone.objects.filter(project=p).order_by("seq")
    move_plan(later, days(20), on=days(-3))
    move_plan(twice, days(30), on=days(-3))
    move_plan(twice, days(40), on=days(-2))
    move_plan(earlier, days(5), on=days(-3))  # moved earlier: not a move later
    untouched.note = "只改备注"
    untouched.save()
    assert by_name(unit_ranking(2025, AS_OF))["甲"].plan_moves == 2
    assert by_name(unit_ranking(2025, days(-3)))["甲"].plan_moves == 2  # recorded on that day: counted
    assert by_name(unit_ranking(2025, days(-4)))["甲"].plan_moves == 0  # the day before: not yet


def test_a_plan_written_without_history_counts_as_moved_when_after_its_baseline(units):
    p = make_project(units["甲"], milestones=GREEN)
    Milestone.history.filter(id=p.milestones.get().pk).delete()
    Milestone.objects.filter(project=p).update(planned_date=days(20))  # baseline stays days(10)
    assert by_name(unit_ranking(2025, AS_OF))["甲"].plan_moves == 1


def test_late_reports_are_the_missing_months_of_the_projects_it_leads(units, settings):
    settings.REPORT_DUE_DAY = 25
    a, b = units["甲"], units["乙"]
    p = make_project(a, milestones=GREEN)
    make_project(a, batch="reserve", milestones=GREEN)  # 储备 reports nothing
    q = make_project(b, milestones=GREEN, responsible_units=[a])  # led by b: b's reports
    for month in range(1, 6):
        file_report(p, 2025, month, filed=dt.date(2025, month, 20))
    ranks = by_name(unit_ranking(2025, dt.date(2025, 5, 26)))
    assert ranks["甲"].late_reports == 0
    assert ranks["乙"].late_reports == 5  # January to May, due by 05-25, none filed
    assert by_name(unit_ranking(2025, dt.date(2025, 5, 25)))["乙"].late_reports == 4  # May is not late on its day
    file_report(q, 2025, 1, filed=dt.date(2025, 5, 26))
    assert by_name(unit_ranking(2025, dt.date(2025, 5, 26)))["乙"].late_reports == 4


def test_order_is_red_then_yellow_then_lowest_on_time_rate_then_name(units):
    make_project(units["丁"], milestones=[*RED, *YELLOW])
    make_project(units["丙"], milestones=[*RED, *RED])
    make_project(units["甲"], milestones=[*RED, *YELLOW, (days(-50), days(-40))])  # on-time rate 0
    make_project(units["乙"], milestones=[*RED, *YELLOW, (days(-50), days(-60))])  # on-time rate 1
    order = [r.unit.short_name for r in unit_ranking(2025, AS_OF)]
    # 丙 has the most red; 甲, 乙 and 丁 tie on red and yellow: 甲 (0 %) before 乙 (100 %), 丁 (nothing done) last.
    assert order == ["丙", "甲", "乙", "丁"]


def test_sort_key_orders_rows_built_elsewhere():
    def row(name, red, yellow, rate):
        return SimpleNamespace(name=name, red=red, yellow=yellow, on_time_rate=rate)

    rows = [row("B", 1, 0, 0.5), row("A", 1, 0, 0.5), row("C", 1, 0, None), row("D", 1, 0, 0.2), row("E", 2, 0, 1)]
    assert [r.name for r in sorted(rows, key=sort_key)] == ["E", "D", "A", "B", "C"]


def test_a_project_in_two_lists_counts_once(units):
    p = make_project(units["甲"], year=2024, milestones=[(days(-60), days(-61)), (days(-40), days(-30))])
    ListEntry.objects.create(project=p, year=2025, batch="ongoing")
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.done, rank.on_time) == (2, 1)


def test_four_queries(units, django_assert_num_queries):
    for unit in units.values():
        make_project(unit, milestones=RED + BLUE)
    with django_assert_num_queries(4):  # milestones, late reports, orders, units
        assert len(unit_ranking(2025, AS_OF)) == 4
