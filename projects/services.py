"""Writes to projects (milestone dates, monthly reports, plan changes) and the access rule for a project.

Every write validates, then saves in one transaction; history records carry the user and, for plan changes,
the reason. Optimistic locking (`portal.access`): the caller passes the `version` it showed the user, and a row
changed meanwhile is refused with `StaleEdit`. Never a silent overwrite.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import locked_for_edit, row_for_edit, save_first
from portal.history import attribute_change

from .models import ListEntry, Milestone, ProgressReport, Project
from .reporting import first_unreported_month
from .validators import plan_change_has_reason

# --- access -------------------------------------------------------------------------------------------


def get_project_for_user(request, pk):
    """(project, can_edit, can_plan): everyone logged in reads every project (404 when missing); managers
    edit and plan; staff with the report permission edit the projects their unit leads or is responsible for."""
    project = get_object_or_404(
        Project.objects.select_related("lead_unit").prefetch_related("responsible_units"), pk=pk
    )
    user = request.user
    can_plan = user.is_manager
    unit_ids = {project.lead_unit_id, *(u.pk for u in project.responsible_units.all())}
    can_edit = can_plan or (user.is_active and user.unit_id in unit_ids and user.has_perm("projects.report_progress"))
    return project, can_edit, can_plan


def can_record_actual(user, milestone, can_edit):
    """Whether the user may record the milestone's actual date: who may edit its project (`can_edit`), and staff
    of the unit responsible for that milestone (责任单位), who are the ones supervised for it."""
    return can_edit or (
        user.is_active
        and user.unit_id is not None
        and user.unit_id == milestone.unit_id
        and user.has_perm("projects.report_progress")
    )


def can_set_in_stats_date(user, project):
    """Whether the user may record a list entry's 入统日期: managers, and staff of the project's lead unit."""
    return user.is_manager or (
        user.is_active and user.unit_id == project.lead_unit_id and user.has_perm("projects.report_progress")
    )


# --- writes ---------------------------------------------------------------------------------------------


def _save(obj, user, reason=None):
    obj.version += 1
    attribute_change(obj, user, reason)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def record_actual(milestone, *, version, actual_date, note, user):
    """Staff record when a milestone was done (not in the future: the field's validator) and a note."""
    m = locked_for_edit(Milestone, version, pk=milestone.pk)
    m.actual_date, m.note = actual_date, note
    return _save(m, user)


@transaction.atomic
def set_in_stats_date(entry, *, version, in_stats_date, user):
    """Record (or clear) the day a list entry's project entered the investment statistics (not in the future)."""
    e = locked_for_edit(ListEntry, version, pk=entry.pk)
    e.in_stats_date = in_stats_date
    return _save(e, user)


def report_for(project, year, month):
    return ProgressReport.objects.filter(project=project, year=year, month=month).first()


def month_to_report(project, today):
    """(year, month) the report form opens on: the earliest month of this year's list entry without its owed report,
    else this month."""
    entry = project.list_entries.filter(year=today.year).first()
    if entry is not None:
        reported = set(project.progress_reports.filter(year=today.year).values_list("month", flat=True))
        month = first_unreported_month(entry.batch, entry.listed_on, entry.year, reported, today)
        if month is not None:
            return today.year, month
    return today.year, today.month


@transaction.atomic
def file_report(project, *, version, year, month, user, **fields):
    """File the month's report, or correct it when it exists (kept in history). `version` is the version the
    form showed (0: no report then); a different current version means someone filed meanwhile."""
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("不能填报尚未开始的月份")})
    report = row_for_edit(ProgressReport, version, project=project, year=year, month=month)
    for name, value in fields.items():
        setattr(report, name, value)
    report.reported_by = user
    if report.pk is not None:
        return _save(report, user, reason=_("更正"))
    attribute_change(report, user)
    report.full_clean(validate_unique=False, validate_constraints=False)
    return save_first(report, project=project, year=year, month=month)


def _check_seq_free(milestone):
    """A sequence number another milestone of the project has is refused on the 序号 field, in words."""
    taken = Milestone.objects.filter(project_id=milestone.project_id, seq=milestone.seq).exclude(pk=milestone.pk)
    if taken.exists():
        raise ValidationError({"seq": _("该项目已有序号为 %(seq)s 的节点") % {"seq": milestone.seq}})


@transaction.atomic
def add_milestone(project, *, user, seq, name, planned_date, unit=None, note="", is_exempt=False, exempt_reason=""):
    m = Milestone(
        project=project,
        seq=seq,
        name=name,
        planned_date=planned_date,
        baseline_date=planned_date,
        unit=unit or project.lead_unit,
        note=note,
        is_exempt=is_exempt,
        exempt_reason=exempt_reason if is_exempt else "",
    )
    attribute_change(m, user, _("新增节点"))
    _check_seq_free(m)
    m.full_clean()
    try:
        with transaction.atomic():
            m.save()
    except IntegrityError:  # another manager took this sequence number between our check and our insert
        raise ValidationError({"seq": _("该序号已被占用，请刷新后重试")}) from None
    return m


def next_seq(project):
    return (project.milestones.aggregate(n=Max("seq"))["n"] or 0) + 1


@transaction.atomic
def change_milestone(milestone, *, version, user, change_reason="", **fields):
    """Managers edit a milestone: a planned-date change needs a reason (kept as the history change reason;
    the baseline stays the first planned date); an exemption needs its own reason."""
    m = locked_for_edit(Milestone, version, pk=milestone.pk)
    plan_change_has_reason(m.planned_date, fields.get("planned_date"), change_reason)
    if not fields.get("is_exempt", m.is_exempt):
        fields["exempt_reason"] = ""
    if fields.get("unit") is None:
        fields["unit"] = m.project.lead_unit
    for name, value in fields.items():
        setattr(m, name, value)
    reason = change_reason.strip() or (m.exempt_reason if m.is_exempt else "")
    _check_seq_free(m)
    return _save(m, user, reason=reason or None)


@transaction.atomic
def remove_milestone(milestone, *, version, user, reason):
    m = locked_for_edit(Milestone, version, pk=milestone.pk)
    attribute_change(m, user, reason)
    m.delete()
