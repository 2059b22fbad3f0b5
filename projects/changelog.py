"""The history of changes of one project (who, when, what), from django-simple-history, in a bounded number
of queries: one per tracked model plus one for unit names, whatever the number of records."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from .models import ListEntry, Milestone, ProgressReport, Project, Unit

# Fields whose change says nothing to a reader.
SKIP = {"updated_at", "created_at", "version", "reported_by"}


@dataclass
class Change:
    when: datetime
    who: str
    action: str  # 新增 / 修改 / 删除
    subject: str
    reason: str = ""
    fields: list = field(default_factory=list)  # [(label, old, new)]


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def _show(model, name, value, units):
    if value is None or value == "":
        return "—"
    f = model._meta.get_field(name)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation and f.related_model is Unit:
        return str(units.get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _subject(model, record):
    if model is Milestone:
        return _("节点 %(seq)s「%(name)s」") % {"seq": record.seq, "name": record.name}
    if model is ProgressReport:
        return _("%(year)s 年 %(month)s 月进展") % {"year": record.year, "month": record.month}
    if model is ListEntry:
        return _("%(year)s 年清单") % {"year": record.year}
    return _("项目信息")


def _who(record):
    user = record.history_user
    return user.display_name if user else _("系统")


def project_changes(project, limit=80):
    """The project's changes, newest first: its own fields, list entries, milestones and monthly reports."""
    sources = [
        (Project, project.history.all()),
        (ListEntry, ListEntry.history.filter(project_id=project.pk)),
        (Milestone, Milestone.history.filter(project_id=project.pk)),
        (ProgressReport, ProgressReport.history.filter(project_id=project.pk)),
    ]
    units = {u.pk: str(u) for u in Unit.objects.all()}
    actions = {"+": _("新增"), "~": _("修改"), "-": _("删除")}
    changes = []
    for model, records in sources:
        previous = {}
        excluded = [f.name for f in model._meta.many_to_many]
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            fields = []
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before, excluded_fields=excluded)
                fields = [
                    (_label(model, c.field), _show(model, c.field, c.old, units), _show(model, c.field, c.new, units))
                    for c in delta.changes
                    if c.field not in SKIP
                ]
                if not fields:
                    continue
            changes.append(
                Change(
                    when=record.history_date,
                    who=_who(record),
                    action=actions.get(record.history_type, record.history_type),
                    subject=_subject(model, record),
                    reason=record.history_change_reason or "",
                    fields=fields,
                )
            )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]
