"""Closing a month and reopening it (reporting.md section 3): validate, then write in one transaction.

The month-end result is computed in SQL with the projects' public queryset API as of the month's last day
(`with_status`, `with_investment_status`, `with_report_status` on the list entries, `with_status` on the milestones:
the same rules and the one late-report rule that every page uses) and written with `bulk_create`.
"""

from itertools import chain, islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import MAX_YEAR, MIN_YEAR
from projects.models import ListEntry, Milestone

from .models import ClosedMonth, EntryResult, MilestoneResult, month_end

BATCH_SIZE = 2000

ENTRY_FIELDS = {
    "project_id": "project_id",
    "code": "project__code",
    "name": "project__name",
    "responsible_leader": "project__responsible_leader",
    "batch": "batch",
    "lead_unit_id": "project__lead_unit_id",
    "status": "status",
    "days_overdue": "days_overdue",
    "red": "red_count",
    "yellow": "yellow_count",
    "green": "green_count",
    "blue": "blue_count",
    "investment_status": "investment_status",
    "investment_gap_pp": "investment_gap_pp",
    "annual_plan_investment": "annual_plan_investment",
    "ytd_cents": "ytd_c",
    "report_late": "report_late",
}
MILESTONE_FIELDS = (
    "pk",
    "project_id",
    "seq",
    "name",
    "owner",
    "status",
    "days_overdue",
    "baseline_date",
    "planned_date",
    "actual_date",
)


def _label(year, month):
    return _("%(year)s年%(month)s月") % {"year": year, "month": month}


def check_month(year, month):
    """A ValidationError unless (year, month) names a month."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        raise ValidationError(_("无效的月份：%(year)s年%(month)s月") % {"year": year, "month": month})


def listed_entries(year, as_of):
    """The entries of `year`'s list on the date (a project listed mid-year from its listing date)."""
    return ListEntry.objects.filter(year=year).exclude(listed_on__gt=as_of)


def entry_rows(year, as_of):
    """The list entries' month-end results as dicts of EntryResult fields (one query)."""
    rows = (
        listed_entries(year, as_of)
        .with_status(as_of)
        .with_investment_status(as_of)
        .with_report_status(as_of)
        .annotate(ytd_c=F("inv_ytd_c"))
        .order_by("project__code")
        .values_list(*ENTRY_FIELDS.values())
    )
    return (dict(zip(ENTRY_FIELDS, row, strict=True)) for row in rows.iterator(chunk_size=BATCH_SIZE))


def milestone_rows(year, as_of):
    """Every milestone of the listed projects with its month-end result, as dicts of MilestoneResult fields (one
    query): the owning unit is the responsible unit, else the project's lead unit (section 5)."""
    rows = (
        Milestone.objects.filter(project__in=listed_entries(year, as_of).values("project_id"))
        .with_status(as_of)
        .annotate(owner=Coalesce("unit_id", "project__lead_unit_id"))
        .order_by()
        .values_list(*MILESTONE_FIELDS)
    )
    for pk, project_id, seq, name, owner, status, overdue, baseline, planned, actual in rows.iterator(BATCH_SIZE):
        done = actual is not None and actual <= as_of
        yield {
            "milestone_id": pk,
            "project_id": project_id,
            "seq": seq,
            "name": name,
            "unit_id": owner,
            "status": status,
            "days_overdue": overdue,
            "done": done,
            "done_by_baseline": done and actual <= baseline,
            "plan_moved": planned > baseline,
            "days_moved": max((planned - baseline).days, 0),
            "baseline_date": baseline,
            "planned_date": planned,
            "actual_date": actual if done else None,
        }


def _bulk(model, closed, rows):
    """Insert a closed month's rows (dicts of `model`'s fields). On PostgreSQL with COPY: a month of 10,000 projects
    and 100,000 milestones is written in seconds, where `bulk_create` (a model instance and sixteen
    parameters a row) took most of the 30 s the close may take on a busy machine (benchmarks/month_close.py). Else
    `bulk_create` in batches."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = chain([first], rows)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        fields = [model._meta.get_field(name) for name in ["closed_month", *first]]
        columns = ", ".join(quote(field.column) for field in fields)
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        # A COPY per batch: the rows come from a query on the same connection, which can run no query while it copies.
        with connection.cursor() as cursor:
            while batch := list(islice(rows, BATCH_SIZE)):
                with cursor.copy(statement) as copy:
                    for row in batch:
                        copy.write_row((closed.pk, *row.values()))
        return
    while batch := [model(closed_month=closed, **row) for row in islice(rows, BATCH_SIZE)]:
        model.objects.bulk_create(batch)


def close_month(year, month, user, *, today=None):
    """Record the month's result as of its last day (a new current version); refuse a month that has not ended in the
    zone's time zone, or one already closed. Returns the ClosedMonth."""
    check_month(year, month)
    today = today or timezone.localdate()
    as_of = month_end(year, month)
    if today <= as_of:
        raise ValidationError(_("%(month)s尚未结束，不能关账") % {"month": _label(year, month)})
    try:
        with transaction.atomic():
            if ClosedMonth.objects.current().filter(year=year, month=month).exists():
                raise ValidationError(_("%(month)s已关账") % {"month": _label(year, month)})
            last = ClosedMonth.objects.filter(year=year, month=month).aggregate(v=Max("version"))["v"] or 0
            closed = ClosedMonth.objects.create(
                year=year, month=month, version=last + 1, closed_by=user, closed_at=timezone.now()
            )
            _bulk(EntryResult, closed, entry_rows(year, as_of))
            _bulk(MilestoneResult, closed, milestone_rows(year, as_of))
    except IntegrityError:  # another close of the same month committed first (one current version per month)
        raise ValidationError(_("%(month)s已关账") % {"month": _label(year, month)}) from None
    if connection.vendor == "postgresql":
        transaction.on_commit(_analyze)
    return closed


def _analyze():
    """Refresh the planner's statistics of the tables a close has just grown (by 110,000 rows at 10,000 projects):
    until autovacuum got to them, the bulletin's queries were planned for a few hundred rows, one of them taking 2.5 s
    instead of 30 ms (benchmarks/month_close.py)."""
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (EntryResult, MilestoneResult))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def can_reopen(user):
    """Reopening a closed month is an administrator's act."""
    return user.is_active and user.is_superuser


def reopen_month(year, month, user, reason):
    """Reopen a closed month (administrators, with a reason): its current version is kept as an earlier version and
    the month can be closed again. Returns the version reopened."""
    if not can_reopen(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("重新打开必须填写理由")})
    with transaction.atomic():
        closed = ClosedMonth.objects.select_for_update().current().filter(year=year, month=month).first()
        if closed is None:
            raise ValidationError(_("%(month)s未关账") % {"month": _label(year, month)})
        closed.is_current = False
        closed.reopened_by = user
        closed.reopened_at = timezone.now()
        closed.reopen_reason = reason[:500]
        closed.save()
    return closed


def months_to_close(today=None, year=None):
    """(year, month) of the months of `year` (default: the current one) that have ended and are not closed."""
    today = today or timezone.localdate()
    year = year or today.year
    closed = set(ClosedMonth.objects.current().filter(year=year).values_list("month", flat=True))
    return [(year, m) for m in range(1, 13) if month_end(year, m) < today and m not in closed]
