"""The unit ranking (红黄榜, status rules section 4): counts per lead unit, order, on-time rate."""

import datetime as dt

import pytest

from projects.models import ListEntry
from projects.ranking import unit_ranking
from tests.factories import make_project, make_unit

AS_OF = dt.date(2025, 6, 30)


def days(n):
    return AS_OF + dt.timedelta(days=n)


RED = [(days(-40), None)]
YELLOW = [(days(-5), None)]
GREEN = [(days(10), None)]
BLUE = [(days(20), days(-20))]
NONE = []


def by_name(ranking):
    return {r.unit.short_name: r for r in ranking}


@pytest.fixture
def units(db):
    return {n: make_unit(f"{n}全称", n) for n in ["甲", "乙", "丙", "丁"]}


def test_counts_per_lead_unit(units):
    a, b = units["甲"], units["乙"]
    for ms in [RED, RED, YELLOW, GREEN, BLUE, NONE]:
        make_project(a, milestones=ms)
    make_project(b, milestones=GREEN, responsible_units=[a])  # a is only responsible here: not counted for a
    make_project(a, year=2024, milestones=RED)  # another year's list
    ranks = by_name(unit_ranking(2025, AS_OF))
    assert set(ranks) == {"甲", "乙"}
    assert ranks["甲"].counts == {"red": 2, "yellow": 1, "green": 1, "blue": 1, "none": 1}
    assert ranks["甲"].total == 6
    assert ranks["乙"].counts == {"red": 0, "yellow": 0, "green": 1, "blue": 0, "none": 0}


def test_order_is_red_then_yellow_then_name(units):
    make_project(units["丁"], milestones=RED)
    make_project(units["丁"], milestones=YELLOW)
    make_project(units["丙"], milestones=RED)
    make_project(units["丙"], milestones=RED)
    make_project(units["甲"], milestones=RED)
    make_project(units["甲"], milestones=YELLOW)
    make_project(units["乙"], milestones=GREEN)
    for _ in range(3):
        make_project(units["乙"], milestones=BLUE)
    order = [r.unit.short_name for r in unit_ranking(2025, AS_OF)]
    # 丙 has the most red; 甲 and 丁 tie on red and yellow: by name (丁全称 < 甲全称, though 甲 was created
    # first); 乙 has none.
    assert "丁全称" < "甲全称"
    assert order == ["丙", "丁", "甲", "乙"]


def test_status_is_as_of_the_date(units):
    make_project(units["甲"], milestones=[(days(-20), None)])
    assert by_name(unit_ranking(2025, AS_OF))["甲"].counts["yellow"] == 1
    assert by_name(unit_ranking(2025, days(15)))["甲"].counts["red"] == 1
    assert by_name(unit_ranking(2025, days(-25)))["甲"].counts["green"] == 1


def test_on_time_rate(units):
    a = units["甲"]
    make_project(
        a,
        milestones=[
            (days(-50), days(-60)),  # early: on time
            (days(-40), days(-40)),  # on the planned day: on time
            (days(-30), days(-25)),  # 5 days late
            {"planned_date": days(-20), "actual_date": days(-30), "is_exempt": True},  # exempt: excluded
            (days(-10), None),  # not done: excluded
            (days(5), days(3)),  # done after the as-of date: excluded
        ],
    )
    make_project(a, milestones=[(days(-100), days(-90))])  # late
    make_project(a, year=2024, milestones=[(days(-100), days(-100))])  # not in this year's list
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.done, rank.on_time) == (4, 2)
    assert rank.on_time_rate == pytest.approx(0.5)


def test_on_time_rate_is_none_when_nothing_is_done(units):
    make_project(units["甲"], milestones=[(days(-5), None), (days(5), days(10))])
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert (rank.done, rank.on_time, rank.on_time_rate) == (0, 0, None)


def test_a_project_in_two_lists_counts_once(units):
    p = make_project(units["甲"], year=2024, milestones=[(days(-60), days(-61)), (days(-40), days(-30))])
    ListEntry.objects.create(project=p, year=2025, batch="ongoing")
    rank = by_name(unit_ranking(2025, AS_OF))["甲"]
    assert rank.total == 1
    assert (rank.done, rank.on_time) == (2, 1)


def test_ranking_of_a_filtered_and_annotated_list(units):
    make_project(units["甲"], batch="start", milestones=[*RED, (days(-70), days(-71))])
    make_project(units["乙"], batch="ongoing", milestones=[*RED, (days(-70), days(-60))])
    entries = ListEntry.objects.in_year(2025).with_status(AS_OF).filter(batch="start")
    ranks = by_name(unit_ranking(2025, AS_OF, entries=entries))
    assert set(ranks) == {"甲"}
    assert (ranks["甲"].counts["red"], ranks["甲"].done, ranks["甲"].on_time) == (1, 1, 1)


def test_two_queries(units, django_assert_num_queries):
    for unit in units.values():
        make_project(unit, milestones=RED + BLUE)
    with django_assert_num_queries(3):  # statuses, punctuality, the units
        assert len(unit_ranking(2025, AS_OF)) == 4
