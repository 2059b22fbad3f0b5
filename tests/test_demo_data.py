"""The demo (fixtures/demo_projects.json) shows the zone's own units and projects in every status."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, F

from projects.demo import load_demo
from projects.explain import summarize_project
from projects.models import ListEntry, Milestone, ProgressReport, Project, Unit

LOAD_DAY = dt.date(2025, 6, 15)


@pytest.fixture
def demo(db):
    return load_demo(today=LOAD_DAY)


def entries():
    return ListEntry.objects.filter(year=LOAD_DAY.year)


def test_demo_has_the_zones_units_and_projects(demo):
    units_created, projects_created = demo
    assert projects_created == Project.objects.count() >= 40
    assert units_created == Unit.objects.count() >= 20
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert {"department", "town", "park", "soe"} <= kinds
    for short_name in [
        "建设局",
        "经发局",
        "科创局",
        "招商局",
        "金凤镇",
        "含谷镇",
        "西永街道",
        "西永微电园",
        "西永综保区",
    ]:
        assert Unit.objects.filter(short_name=short_name).exists(), short_name
    names = set(Project.objects.values_list("name", flat=True))
    for name in ["科学大道二期", "金凤隧道", "拓维信息重庆智能计算硬件制造基地", "重大附属肿瘤医院", "科学会堂"]:
        assert name in names
    assert entries().count() == Project.objects.count()


def test_demo_spreads_over_the_four_batches(demo):
    batches = dict(entries().values_list("batch").annotate(n=Count("pk")))
    assert set(batches) == set(ListEntry.Batch.values)
    assert all(n >= 3 for n in batches.values())


def test_every_status_occurs_several_times(demo):
    counts = entries().status_counts(LOAD_DAY)
    assert all(n >= 3 for n in counts.values()), counts
    assert Milestone.objects.filter(is_exempt=True).exclude(exempt_reason="").count() >= 5


def test_sql_and_python_agree_on_the_demo(demo):
    for entry in entries().with_status(LOAD_DAY).select_related("project"):
        color, counts, _text = summarize_project(entry.project.milestones.all(), LOAD_DAY)
        assert color == entry.status, entry.project.code
        assert counts["red"] == entry.red_count and counts["blue"] == entry.blue_count


def test_milestones_reports_and_money_are_plausible(demo):
    per_project = Project.objects.annotate(n=Count("milestones")).values_list("n", flat=True)
    assert min(per_project) >= 2 and max(per_project) <= 6
    assert not Project.objects.filter(total_investment__lte=0).exists()
    months = set(ProgressReport.objects.values_list("month", flat=True))
    assert months == set(range(1, LOAD_DAY.month))  # only months that have elapsed
    assert set(ProgressReport.objects.values_list("year", flat=True)) == {LOAD_DAY.year}
    assert Milestone.objects.exclude(unit=None).count() == Milestone.objects.count()
    assert Milestone.objects.exclude(unit=F("project__lead_unit")).count() >= 10  # towns, permits, planning


def test_the_demo_staff_unit_leads_projects_of_several_colors(demo):
    ours = entries().filter(project__lead_unit__short_name="建设局").status_counts(LOAD_DAY)
    assert sum(1 for n in ours.values() if n) >= 4, ours


def test_second_load_creates_nothing(demo):
    before = [m.objects.count() for m in (Unit, Project, ListEntry, Milestone, ProgressReport)]
    assert load_demo(today=LOAD_DAY + dt.timedelta(days=3)) == (0, 0)
    assert [m.objects.count() for m in (Unit, Project, ListEntry, Milestone, ProgressReport)] == before


def test_project_status_runs_on_the_demo(demo):
    out = io.StringIO()
    call_command("project_status", year=LOAD_DAY.year, as_of=LOAD_DAY.isoformat(), format="csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == Project.objects.count()
    assert {r["status"] for r in rows} == {"red", "yellow", "green", "blue", "none"}
    counts = entries().status_counts(LOAD_DAY)
    assert {c: sum(r["status"] == c for r in rows) for c in counts} == counts
    table = io.StringIO()
    call_command("project_status", year=LOAD_DAY.year, as_of=LOAD_DAY.isoformat(), stdout=table)
    assert "红色 · 滞后督办" in table.getvalue() and "蓝色 · 超前示范" in table.getvalue()


# A half-width comma, semicolon, colon or bracket next to a Chinese character (the demo's texts are shown as written).
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:()]|[,;:()]\s?[\u4e00-\u9fff]")


def _texts(value):
    """Every string of a fixture, its "_comment" notes (English, for whoever edits the file) aside."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from _texts(item)


@pytest.mark.parametrize("name", ["demo_projects.json", "demo_indicators.json"])
def test_the_demos_chinese_texts_use_full_width_punctuation(name):
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / name).read_text(encoding="utf-8"))
    assert [t for t in _texts(data) if HALF_WIDTH_IN_CHINESE.search(t)] == []
