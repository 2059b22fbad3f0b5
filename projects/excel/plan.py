"""Compare parsed rows with the database and write the differences in bulk, with history.

Existing objects are loaded in a few queries (chunks of `CHUNK` keys) and compared value by value, so that
importing the same file twice finds every row unchanged and writes nothing. Units are referred to by full
name until they are written (a unit of sheet 单位 has no id before that).
"""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.history import attribute_change

from ..models import ListEntry, Milestone, Project, Unit
from ..validators import plan_change_has_reason
from . import format as fmt
from .reader import Issue

CHUNK = 5000
BATCH = 1000
PROJECT_DEFAULTS = {"level": Project.Level.OTHER, "total_investment": Decimal("0.00")}
DATE_FIELDS = {"planned_start", "planned_finish", "actual_start", "actual_finish", "actual_date"}


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def show(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple | set):
        return "、".join(sorted(value))
    return str(value)


def _default(field):
    if field in DATE_FIELDS:
        return None
    return PROJECT_DEFAULTS.get(field, "")


@dataclasses.dataclass
class Outcome:
    """What the import does with one row: `kind` created, updated or unchanged; `changes` says what, in words (the
    exact differences of an update, what a new row creates)."""

    sheet: str
    row: int
    key: str
    name: str
    kind: str
    changes: list = dataclasses.field(default_factory=list)


class Plan:
    """What an import would do: `outcomes` ([Outcome]) and `errors`; `write()` does it.

    `file_rows` ({sheet: {key as written: row}}, importer._file_rows) names the rows of sheets 项目 and 单位, also
    those with errors, so that a row referring to a failed row says so instead of calling its project or unit unknown.
    """

    def __init__(self, records, file_rows=None, lock=False):
        self.errors, self.outcomes = [], []
        self.file_rows = {fmt.PROJECTS: {}, fmt.UNITS: {}, **(file_rows or {})}
        self.file_codes = set(self.file_rows[fmt.PROJECTS])
        # Rows refused, by their own errors (parsing) and, as the plan finds them, by their references.
        self.failed = {sheet: {row for row, _v, ok in rows if not ok} for sheet, (_c, rows) in records.items()}
        self.failed.setdefault(fmt.UNITS, set())
        self.failed.setdefault(fmt.PROJECTS, set())
        self._load(records, lock)
        self._plan_units(records.get(fmt.UNITS))
        self._plan_projects(records.get(fmt.PROJECTS))
        self._plan_milestones(records.get(fmt.MILESTONES))

    # --- loading -------------------------------------------------------------------------------------------

    def _load(self, records, lock):
        units = list(Unit.objects.all())
        self.units = {u.name: u for u in units}
        self.unit_names = {u.pk: u.name for u in units}
        self.index = fmt.UnitIndex((u.pk, u.name, u.short_name) for u in units)
        self.known_units = {u.name for u in units} | {u.short_name for u in units}
        codes = set(self.file_codes)
        for name in (fmt.PROJECTS, fmt.MILESTONES):
            codes |= {values["code"] for _row, values, _ok in records.get(name, ({}, []))[1] if values.get("code")}
        projects = Project.objects.select_for_update(of=("self",)) if lock else Project.objects.all()
        self.projects = {p.code: p for chunk in _chunks(codes) for p in projects.filter(code__in=chunk)}
        ids = [p.pk for p in self.projects.values()]
        self.entries = {
            (e.project_id, e.year): e for chunk in _chunks(ids) for e in ListEntry.objects.filter(project_id__in=chunk)
        }
        self.through = Project.responsible_units.through
        self.responsible = defaultdict(set)
        for chunk in _chunks(ids):
            for pid, uid in self.through.objects.filter(project_id__in=chunk).values_list("project_id", "unit_id"):
                self.responsible[pid].add(uid)
        self.milestones = {}
        if fmt.MILESTONES in records:
            milestones = Milestone.objects.select_for_update(of=("self",)) if lock else Milestone.objects.all()
            for chunk in _chunks(ids):
                self.milestones.update({(m.project_id, m.seq): m for m in milestones.filter(project_id__in=chunk)})

    def _error(self, sheet, row, header, message, value=""):
        self.errors.append(Issue(sheet, row, header, message, value=fmt.cell_text(value)))

    def _failed_row(self, sheet, key):
        """The row of `sheet` that `key` (as written) names, when that row was refused; else None."""
        row = self.file_rows[sheet].get(fmt.text(key))
        return row if row in self.failed[sheet] else None

    def _dependent(self, sheet, row, header, value, cause_sheet, cause_row):
        """A row refused only because the row it refers to was: say so, naming that row."""
        message = _("因工作表「%(sheet)s」第 %(row)s 行有错误而未导入") % {"sheet": cause_sheet, "row": cause_row}
        self.errors.append(Issue(sheet, row, header, message, value=fmt.cell_text(value), dependent=True))

    def _unit(self, sheet, row, header, name):
        """The full name of the unit called `name`, or None after saying why there is none: unknown, or written in
        sheet 单位 on a row that was refused (and not in the system)."""
        if fmt.text(name) not in self.known_units:
            failed = self._failed_row(fmt.UNITS, name)
            if failed is not None:
                self._dependent(sheet, row, header, name, fmt.UNITS, failed)
                return None
        resolved = self.index.resolve(name)
        if resolved is None:
            message = _("未知单位「%(name)s」（系统和「单位」工作表中均没有）") % {"name": name}
            self._error(sheet, row, header, message, name)
        return resolved

    @staticmethod
    def _diff(obj, desired, columns, headers):
        """{field: value} of the desired values that differ, and their descriptions 'header：old → new'."""
        changed, notes = {}, []
        for key, (field, value) in desired.items():
            old = getattr(obj, field)
            if old != value:
                changed[field] = value
                notes.append(f"{columns.get(key, headers.get(key, key))}{_('：')}{show(old)} → {show(value)}")
        return changed, notes

    # --- units ---------------------------------------------------------------------------------------------

    def _plan_units(self, records):
        self.units_new, self.units_changed = [], []
        if not records:
            return
        columns, rows = records
        short_owner = {u.short_name: u.name for u in self.units.values()}
        for row, v, ok in rows:
            if not ok:
                if v.get("name"):
                    self.index.add(v["name"], v.get("short_name"))
                continue
            name, unit = v["name"], self.units.get(v["name"])
            desired = {}
            for key in ("short_name", "kind", "contact", "phone"):
                if key not in columns:
                    continue
                value = v[key]
                if value is None:
                    if key == "short_name" and unit:
                        continue
                    value = {"short_name": name, "kind": Unit.Kind.OTHER}.get(key, "")
                desired[key] = (key, value)
            short = desired.get("short_name", (None, unit.short_name if unit else name))[1]
            holder = short_owner.get(short)
            if holder not in (None, name):
                message = _("简称「%(short)s」已被单位「%(name)s」使用") % {"short": short, "name": holder}
                self._error(fmt.UNITS, row, columns.get("short_name", "简称"), message, short)
                self.failed[fmt.UNITS].add(row)
                continue
            if unit and unit.short_name != short:
                short_owner.pop(unit.short_name, None)
            short_owner[short] = name
            self.index.add(name, short)
            if unit is None:
                fields = {field: value for field, value in desired.values()}
                fields.setdefault("short_name", name)
                self.units_new.append(Unit(name=name, **fields))
                self.outcomes.append(Outcome(fmt.UNITS, row, name, fields["short_name"], "created", [_("新建单位")]))
                continue
            changed, notes = self._diff(unit, desired, columns, {})
            if changed:
                self.units_changed.append((unit, changed))
            kind = "updated" if changed else "unchanged"
            self.outcomes.append(Outcome(fmt.UNITS, row, name, unit.short_name, kind, notes))

    # --- projects ------------------------------------------------------------------------------------------

    def _plan_projects(self, records):
        self.projects_new, self.projects_changed, self.m2m = [], [], {}
        self.entries_new, self.entries_changed, self.leads = [], [], {}
        self.project_outcomes = {}  # code -> the Outcome of its (last) row that creates or updates something
        self.listed = defaultdict(list)  # year -> the codes of sheet 项目 on that year's list
        if not records:
            return
        columns, rows = records
        for row, v, ok in rows:
            errors = len(self.errors)
            code, project = v.get("code"), self.projects.get(v.get("code"))
            lead = None
            if v.get("lead_unit"):
                lead = self._unit(fmt.PROJECTS, row, columns["lead_unit"], v["lead_unit"])
            responsible = None
            if "responsible_units" in v:
                responsible = []
                for name in v["responsible_units"] or []:
                    responsible.append(self._unit(fmt.PROJECTS, row, columns["responsible_units"], name))
                responsible = list(dict.fromkeys(responsible))
            if not ok or len(self.errors) > errors:
                self.failed[fmt.PROJECTS].add(row)
            if not ok:
                # Its other errors are reported already; its dates are checked too, so one upload lists them all.
                dates = {k: (k, v[k]) for start_finish in fmt.DATE_PAIRS for k in start_finish if v.get(k)}
                self._check_dates(row, columns, dates, project, only_given=True)
                continue
            desired = {}
            for key in fmt.PROJECT_MODEL_KEYS:
                if key in columns:
                    field = fmt.column(fmt.PROJECTS, key).field or key
                    desired[key] = (field, v[key] if v[key] is not None else _default(field))
            self._check_dates(row, columns, desired, project)
            if len(self.errors) > errors:
                self.failed[fmt.PROJECTS].add(row)
                continue
            self.leads[code] = lead
            self.listed[v["year"]].append(code)
            entry_fields = {"batch": ("batch", v["batch"])}
            if "annual_plan" in columns:
                entry_fields["annual_plan"] = ("annual_plan_investment", v["annual_plan"] or Decimal("0.00"))
            if "in_stats_date" in columns:
                entry_fields["in_stats_date"] = ("in_stats_date", v["in_stats_date"])
            key = f"{code} {v['year']}"
            if project is None:
                fields = {field: value for field, value in desired.values()}
                self.projects_new.append((Project(code=code, **fields), lead))
                if responsible:
                    self.m2m[code] = responsible
                self._new_entry(code, v["year"], entry_fields)
                notes = [_("新建项目")] + self._new_units_note([lead, *(responsible or [])])
                self._project_outcome(code, Outcome(fmt.PROJECTS, row, key, v["name"], "created", notes))
                continue
            changed, notes = self._diff(project, desired, columns, {})
            if self.index.by_name.get(lead) != project.lead_unit_id:
                changed["lead_unit_id"] = lead
                notes.append(f"{columns['lead_unit']}{_('：')}{self.unit_names[project.lead_unit_id]} → {lead}")
            if responsible is not None:
                old = {self.unit_names[uid] for uid in self.responsible[project.pk]}
                if old != set(responsible):
                    self.m2m[code] = responsible
                    changed.setdefault("responsible_units", None)
                    notes.append(f"{columns['responsible_units']}{_('：')}{show(old)} → {show(responsible)}")
            if changed:
                self.projects_changed.append((project, changed))
            entry = self.entries.get((project.pk, v["year"]))
            if entry is None:
                self._new_entry(code, v["year"], entry_fields)
                notes.insert(0, _("列入 %(year)s 年清单") % {"year": v["year"]})
                notes += self._new_units_note([lead, *(responsible or [])])
                self._project_outcome(code, Outcome(fmt.PROJECTS, row, key, v["name"], "created", notes))
                continue
            entry_changed, entry_notes = self._diff(entry, entry_fields, columns, {"batch": "批次"})
            if entry_changed:
                self.entries_changed.append((entry, entry_changed))
            kind = "updated" if changed or entry_changed else "unchanged"
            notes += entry_notes + (self._new_units_note([lead, *(responsible or [])]) if changed else [])
            self._project_outcome(code, Outcome(fmt.PROJECTS, row, key, v["name"], kind, notes))

    def _new_units_note(self, names):
        """'新建单位：…' for the units among `names` that sheet 单位 creates, or nothing."""
        new = [name for name in dict.fromkeys(names) if name and self.index.by_name.get(name, 0) is None]
        return [_("新建单位") + _("：") + "、".join(new)] if new else []

    def _project_outcome(self, code, outcome):
        self.outcomes.append(outcome)
        if outcome.kind != "unchanged":  # told how many milestones it gains once sheet 节点 is planned
            self.project_outcomes[code] = outcome

    def _new_entry(self, code, year, entry_fields):
        fields = {field: value for field, value in entry_fields.values()}
        self.entries_new.append((code, ListEntry(year=year, **fields)))

    def _check_dates(self, row, columns, desired, project, only_given=False):
        """Each finish date not before its start; a date not in `desired` is the project's stored one (or, with
        `only_given`, the pair is skipped)."""
        for start, finish in fmt.DATE_PAIRS:
            if only_given and not (start in desired and finish in desired):
                continue
            first = desired[start][1] if start in desired else getattr(project, start, None)
            last = desired[finish][1] if finish in desired else getattr(project, finish, None)
            if first and last and last < first:
                header = columns.get(finish) or columns.get(start)
                message = _("%(finish)s（%(last)s）不能早于%(start)s（%(first)s）") % {
                    "finish": fmt.column(fmt.PROJECTS, finish).header,
                    "start": fmt.column(fmt.PROJECTS, start).header,
                    "last": show(last),
                    "first": show(first),
                }
                self._error(fmt.PROJECTS, row, header, message, last)

    # --- milestones ----------------------------------------------------------------------------------------

    def _plan_milestones(self, records):
        self.milestones_new, self.milestones_changed = [], []
        self.plan_reasons = {}  # milestone id -> the 计划调整理由 of a row that moves its planned date
        if not records:
            return
        columns, rows = records
        for row, v, ok in rows:
            code, project = v.get("code"), self.projects.get(v.get("code"))
            if code is not None and code not in self.leads and project is None:
                if code in self.file_codes:
                    if ok:  # refused only because its project's row is: say so (its own errors say enough)
                        cause = self.file_rows[fmt.PROJECTS][code]
                        self._dependent(fmt.MILESTONES, row, columns["code"], code, fmt.PROJECTS, cause)
                    ok = False
                else:
                    message = _("项目编号「%(code)s」在「项目」工作表和系统中都不存在") % {"code": code}
                    self._error(fmt.MILESTONES, row, columns["code"], message, code)
                    continue
            lead = self.leads[code] if code in self.leads else project and self.unit_names[project.lead_unit_id]
            if v.get("unit") and self._unit(fmt.MILESTONES, row, columns["unit"], v["unit"]) is None:
                continue
            if not ok or code is None:
                continue
            desired = {"name": ("name", v["name"]), "planned_date": ("planned_date", v["planned_date"])}
            for key in ("actual_date", "note"):
                if key in columns:
                    desired[key] = (key, v[key] if v[key] is not None else _default(key))
            unit = lead
            if v.get("unit"):
                unit = self.index.resolve(v["unit"])
            key = f"{code}-{v['seq']}"
            milestone = self.milestones.get((project.pk, v["seq"])) if project else None
            if milestone is None:
                fields = {field: value for field, value in desired.values()}
                self.milestones_new.append((code, unit, Milestone(seq=v["seq"], **fields)))
                note = _("新增节点（计划完成时间 %(date)s）") % {"date": show(v["planned_date"])}
                self.outcomes.append(Outcome(fmt.MILESTONES, row, key, v["name"], "created", [note]))
                continue
            changed, notes = self._diff(milestone, desired, columns, {})
            if "planned_date" in changed and not self._plan_reason(row, columns, v, milestone, changed, notes):
                continue
            if "unit" in columns and self.index.by_name.get(unit) != milestone.unit_id:
                changed["unit_id"] = unit
                old = self.unit_names.get(milestone.unit_id)
                notes.append(f"{columns['unit']}{_('：')}{show(old)} → {unit}")
            if changed:
                self.milestones_changed.append((milestone, changed))
            kind = "updated" if changed else "unchanged"
            self.outcomes.append(Outcome(fmt.MILESTONES, row, key, v["name"], kind, notes))
        new = Counter(code for code, _unit, _milestone in self.milestones_new)
        for code, count in new.items():
            if code in self.project_outcomes:
                self.project_outcomes[code].changes.append(_("新增节点 %(n)s 个") % {"n": count})

    def _plan_reason(self, row, columns, v, milestone, changed, notes):
        """A row moving a saved milestone's planned date gives its reason (kept for the history, shown with the
        change in the preview), as on the pages."""
        header = columns.get("change_reason") or fmt.column(fmt.MILESTONES, "change_reason").header
        reason = v.get("change_reason") or ""
        try:
            plan_change_has_reason(milestone.planned_date, changed["planned_date"], reason)
        except ValidationError:
            message = _("计划完成时间由 %(old)s 改为 %(new)s，须在「%(column)s」列填写理由") % {
                "old": show(milestone.planned_date),
                "new": show(changed["planned_date"]),
                "column": header,
            }
            self._error(fmt.MILESTONES, row, header, message, reason)
            return False
        self.plan_reasons[milestone.pk] = reason
        notes.append(f"{header}{_('：')}{reason}")
        return True

    # --- writing -------------------------------------------------------------------------------------------

    def write(self, user=None, reason=""):
        """Apply the plan (call inside a transaction): bulk writes, one history row per changed object."""
        history = {"default_user": user, "default_change_reason": reason}
        if self.units_new:
            bulk_create_with_history(self.units_new, Unit, batch_size=BATCH, **history)
        for unit in self.units_new:
            self.index.by_name[unit.name] = unit.pk
        self._update(Unit, self.units_changed, history)
        unit_id = self.index.by_name.__getitem__
        projects = self._write_projects(unit_id, history)
        entries = []
        for code, entry in self.entries_new:
            entry.project_id = projects[code].pk
            entries.append(entry)
        if entries:
            bulk_create_with_history(entries, ListEntry, batch_size=BATCH, **history)
        self._update(ListEntry, self.entries_changed, history, bump=True)
        milestones = []
        for code, unit, milestone in self.milestones_new:
            milestone.project_id = projects[code].pk
            milestone.unit_id = unit_id(unit)
            milestone.baseline_date = milestone.planned_date
            milestones.append(milestone)
        if milestones:
            bulk_create_with_history(milestones, Milestone, batch_size=BATCH, **history)
        for milestone, changed in self.milestones_changed:
            if "unit_id" in changed:
                changed["unit_id"] = unit_id(changed["unit_id"])
            if milestone.pk in self.plan_reasons:
                values = {"reason": self.plan_reasons[milestone.pk], "file": reason}
                attribute_change(milestone, reason=_("%(reason)s（导入文件 %(file)s）") % values)
        self._update(Milestone, self.milestones_changed, history, bump=True)

    @staticmethod
    def _update(model, changes, history, bump=False, extra=()):
        if not changes:
            return []
        fields = set(extra)
        for obj, changed in changes:
            for field, value in changed.items():
                if field != "responsible_units":
                    setattr(obj, field, value)
                    fields.add(field)
            if bump:
                obj.version += 1
        if bump:
            fields.add("version")
        objs = [obj for obj, _changed in changes]
        if history is None:
            model.objects.bulk_update(objs, sorted(fields), batch_size=BATCH)
        else:
            bulk_update_with_history(objs, model, sorted(fields), batch_size=BATCH, **history)
        return objs

    def _write_projects(self, unit_id, history):
        """Create and update projects and their responsible units; history rows after the m2m is in place."""
        created = [project for project, _lead in self.projects_new]
        for project, lead in self.projects_new:
            project.lead_unit_id = unit_id(lead)
        if created:
            Project.objects.bulk_create(created, batch_size=BATCH)
        now = timezone.now()
        for project, changed in self.projects_changed:
            if "lead_unit_id" in changed:
                changed["lead_unit_id"] = unit_id(changed["lead_unit_id"])
            project.updated_at = now
        updated = self._update(Project, self.projects_changed, None, bump=True, extra=["updated_at"])
        by_code = {**self.projects, **{p.code: p for p in created}}
        ids = [by_code[code].pk for code in self.m2m]
        for chunk in _chunks(ids):
            self.through.objects.filter(project_id__in=chunk).delete()
        rows = [
            self.through(project_id=by_code[c].pk, unit_id=unit_id(n)) for c, names in self.m2m.items() for n in names
        ]
        self.through.objects.bulk_create(rows, batch_size=BATCH)
        records = Project.history.bulk_history_create(created, batch_size=BATCH, **history)
        records += Project.history.bulk_history_create(updated, batch_size=BATCH, update=True, **history)
        self._m2m_history(records)
        return by_code

    def _m2m_history(self, records):
        """Snapshot the responsible units with each new history row, as simple_history does on save()."""
        m2m_model = apps.get_model("projects", "HistoricalProject_responsible_units")
        by_project = {record.id: record.pk for record in records}
        rows = []
        for chunk in _chunks(by_project):
            through_rows = self.through.objects.filter(project_id__in=chunk).values_list("id", "project_id", "unit_id")
            rows += [m2m_model(id=i, history_id=by_project[p], project_id=p, unit_id=u) for i, p, u in through_rows]
        m2m_model.objects.bulk_create(rows, batch_size=BATCH)
