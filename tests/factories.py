"""Plain helpers that make test data through the models' public API."""

import datetime as dt
import itertools

from projects.models import ListEntry, Milestone, Project, Unit

_seq = itertools.count(1)


def make_unit(name=None, short_name=None, **fields):
    n = next(_seq)
    name = name or f"测试单位{n}"
    return Unit.objects.create(name=name, short_name=short_name or name, **fields)


def make_project(
    lead_unit=None,
    code=None,
    name=None,
    year=2025,
    batch="ongoing",
    annual_plan=0,
    milestones=(),
    responsible_units=(),
    **fields,
):
    """A project in `year`'s list; `milestones` are (planned, actual, exempt) tuples or dicts."""
    n = next(_seq)
    lead_unit = lead_unit or make_unit()
    project = Project.objects.create(
        code=code or f"XM-{n:05d}", name=name or f"测试项目{n}", lead_unit=lead_unit, **fields
    )
    if responsible_units:
        project.responsible_units.set(responsible_units)
    if year is not None:
        ListEntry.objects.create(project=project, year=year, batch=batch, annual_plan_investment=annual_plan)
    for seq, spec in enumerate(milestones, start=1):
        if isinstance(spec, dict):
            spec = {"name": f"节点{seq}", **spec}
        else:
            spec = tuple(spec)
            planned, actual, exempt = spec[0], (spec[1:2] or (None,))[0], bool((spec[2:3] or (False,))[0])
            spec = {"name": f"节点{seq}", "planned_date": planned, "actual_date": actual, "is_exempt": exempt}
        if spec.get("is_exempt") and not spec.get("exempt_reason"):
            spec["exempt_reason"] = "不可抗力"
        Milestone.objects.create(project=project, seq=seq, **spec)
    return project


def d(text):
    return dt.date.fromisoformat(text)
