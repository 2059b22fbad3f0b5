"""Load the demo list (fixtures/demo_projects.json) with milestone dates relative to the load day.

The fixture gives each milestone's planned date and actual date as offsets in days from the day the demo is
loaded, so the demo always shows every status; codes read the load year (GX-2026-001 on the 2026 list). A project
is in this year's list with its `batch` (and in last year's with `previous_batch`, when given); monthly investment
reports are created for this year's months whose report was due before the load day (`REPORT_DUE_DAY`), except the
latest one for the projects marked `report_late` (they show 未按时填报).
Loading is idempotent: units are found by name, projects by code or name (loaded again in a later year, the
demo's projects are not made twice); an existing project is left as it is.
"""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ListEntry, Milestone, ProgressReport, Project, Unit
from .reporting import Cadence

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_projects.json"


def _offset(today, days):
    return None if days is None else today + dt.timedelta(days=days)


@transaction.atomic
def load_demo(today=None, path=DEMO_FILE):
    """Create the demo units and projects that are missing; returns (units created, projects created)."""
    today = today or timezone.localdate()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    units_created = 0
    for spec in data["units"]:
        parent = spec.pop("parent", None)
        unit, created = Unit.objects.get_or_create(name=spec["name"], defaults=spec)
        units_created += created
        if parent and unit.parent_id is None:
            unit.parent = Unit.objects.get(short_name=parent)
            unit.save(update_fields=["parent"])
    units = {u.short_name: u for u in Unit.objects.all()}
    projects_created = 0
    for spec in data["projects"]:
        spec["code"] = spec["code"].format(year=today.year)  # GX-{year}-001: the code reads the list's year
        if Project.objects.filter(Q(code=spec["code"]) | Q(name=spec["name"])).exists():
            continue
        _create_project(spec, units, today)
        projects_created += 1
    return units_created, projects_created


def _entries(spec, today):
    """The project's list entries: given explicitly, or this year's batch (and last year's, if named)."""
    if "entries" in spec:
        return spec["entries"]
    entries = [{"year": today.year, "batch": spec["batch"], "annual_plan": spec.get("annual_plan", 0)}]
    if spec.get("previous_batch"):
        entries.append(
            {
                "year": today.year - 1,
                "batch": spec["previous_batch"],
                "annual_plan": spec.get("previous_annual_plan", 0),
            }
        )
    return entries


def _create_project(spec, units, today):
    project = Project.objects.create(
        code=spec["code"],
        name=spec["name"],
        level=spec.get("level", Project.Level.DISTRICT),
        category=spec.get("category", ""),
        area=spec.get("area", ""),
        scope=spec.get("scope", ""),
        responsible_leader=spec.get("leader", ""),
        owner_entity=spec.get("owner", ""),
        total_investment=spec.get("total_investment", 0),
        planned_start=_offset(today, spec.get("planned_start")),
        planned_finish=_offset(today, spec.get("planned_finish")),
        actual_start=_offset(today, spec.get("actual_start")),
        actual_finish=_offset(today, spec.get("actual_finish")),
        lead_unit=units[spec["lead_unit"]],
    )
    project.responsible_units.set(units[name] for name in spec.get("responsible_units", []))
    for entry in _entries(spec, today):
        ListEntry.objects.create(
            project=project,
            year=entry["year"],
            batch=entry["batch"],
            annual_plan_investment=entry.get("annual_plan", 0),
        )
    for seq, m in enumerate(spec.get("milestones", []), start=1):
        Milestone.objects.create(
            project=project,
            seq=seq,
            name=m["name"],
            planned_date=_offset(today, m["planned"]),
            actual_date=_offset(today, m.get("actual")),
            unit=units[m["unit"]] if m.get("unit") else None,
            is_exempt=bool(m.get("exempt_reason")),
            exempt_reason=m.get("exempt_reason", ""),
            note=m.get("note", ""),
        )
    due = list(Cadence.current().months_due(today.year, today))
    if spec.get("report_late"):
        due = due[:-1]
    for month, amount in (spec.get("monthly_investment") or {}).items():
        if int(month) in due:
            ProgressReport.objects.create(
                project=project,
                year=today.year,
                month=int(month),
                investment_completed=amount,
                image_progress=spec.get("progress_text", ""),
            )
    return project
