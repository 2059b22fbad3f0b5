"""Chainable read queries named for intent. Statuses are computed in SQL as of a date, never stored: the rules'
SQL forms are in `status_sql` (schedule, sections 1–2), `investment_sql` (investment, section 3) and `reporting_sql`
(the monthly report's late flag, reporting.md section 1)."""

import datetime as dt
import functools

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.aggregate_cache import cached_aggregate, cached_values

from .. import models as project_models
from ..reporting import EXEMPT_BATCH
from ..status import Color, Thresholds
from .accountability_sql import AccountabilitySQL
from .investment_sql import InvestmentSQL
from .reporting_sql import ReportSQL
from .status_sql import MilestoneStatusSQL, ProjectStatusSQL, color_rank


class StatusQuerySetMixin:
    """Schedule statuses for querysets whose rows point at a project through `status_ref`."""

    status_ref = "pk"

    def _sql(self, as_of):
        return ProjectStatusSQL(as_of, ref=self.status_ref)

    def with_status(self, as_of, *, counts=True):
        """Annotate `status`, `days_overdue` and (unless `counts=False`) the `<color>_count` milestone counts as of a
        date; the alias `status_rank` sorts by severity (red first)."""
        rows = self.annotate(**_project_status(as_of, self.status_ref, Thresholds.current()))
        rows = rows.alias(status_rank=color_rank(F("status")))
        return rows.annotate(**self._sql(as_of).counts()) if counts else rows

    def with_next_due(self, as_of):
        """Annotate `next_planned`: the plan date of the next open milestone on or after the date."""
        return self.annotate(next_planned=self._sql(as_of).next_due("planned_date"))

    def with_status_filter(self, as_of, *colors):
        """Only rows whose project has one of the colors as of the date (Exists conditions, no aggregation)."""
        return self.filter(_status_condition(as_of, self.status_ref, Thresholds.current(), colors))

    def order_by_severity(self):
        """Red first, then yellow, green, blue, none; within a color the longest overdue first (after with_status)."""
        return self.order_by("status_rank", F("days_overdue").desc(nulls_last=True))

    def grouped_status_counts(self, as_of, *fields):
        """Rows (*field values, status, count) of this queryset grouped by `fields` and status, in one query; cached
        for the data version (`portal.aggregate_cache`): it reads every row of a whole list."""
        names = {f"f{i}": F(field) for i, field in enumerate(fields)}
        status = _project_status(as_of, self.status_ref, Thresholds.current())["status"]
        rows = self.order_by().annotate(status=status).values("status", **names)
        counted = cached_values(rows.annotate(n=Count("pk")), *names, "status", "n")
        return [(*(row[name] for name in names), row["status"], row["n"]) for row in counted]

    def status_counts(self, as_of):
        """{color: count} for the rows of this queryset, in one query (cached as `grouped_status_counts`)."""
        counts = {color.value: 0 for color in Color}
        counts.update({status: n for status, n in self.grouped_status_counts(as_of)})
        return counts


def industrial_q(path="category"):
    """Projects counted as industrial (工业): their category (`path` to it) is one of INDUSTRIAL_CATEGORIES."""
    return Q(**{f"{path}__in": settings.INDUSTRIAL_CATEGORIES})


class UnitQuerySet(models.QuerySet):
    def cached_by_id(self, ids):
        """{pk: Unit} of the units with these ids, read through the aggregate cache (the units' table is watched), so
        that a page naming units in several panels (the dashboard's ranking and supervision figures) reads them once;
        one created since the request read the data version is read from the database."""
        if not ids:
            return {}
        meta = self.model._meta
        fields = [field.attname for field in meta.concrete_fields]
        units = {row[meta.pk.attname]: self.model(**row) for row in cached_values(self.order_by("pk"), *fields)}
        missing = set(ids) - set(units)
        if missing:
            units.update(self.in_bulk(missing))
        return {pk: units[pk] for pk in ids}


class ProjectQuerySet(StatusQuerySetMixin, models.QuerySet):
    status_ref = "pk"


class ListEntryQuerySet(StatusQuerySetMixin, models.QuerySet):
    status_ref = "project_id"

    def in_year(self, year):
        """The entries of one year's list, with the project and its lead unit loaded."""
        return self.filter(year=year).select_related("project", "project__lead_unit")

    def with_investment_status(self, as_of):
        """Annotate the investment status as of a date (section 3): `investment_status`, `investment_gap_pp`, and the
        alias `investment_rank` that sorts by severity."""
        sql = InvestmentSQL(as_of)
        return (
            self.alias(**sql.aliases())
            .annotate(investment_gap_pp=sql.gap_pp(), investment_status=sql.status())
            .alias(investment_rank=color_rank(F("investment_status")))
        )

    def investment_totals(self, as_of):
        """{"plan", "ytd_cents"} of these entries as of a date: the sum of their annual plans (万元) and of their
        year-to-date completed investment in whole cents (each entry's as the alias `inv_ytd_c` of
        `with_investment_status`), in one aggregate query cached per data version."""
        rows = self.order_by().annotate(inv_ytd_c=InvestmentSQL(as_of).ytd_cents())
        totals = cached_aggregate(rows, plan=Sum("annual_plan_investment"), ytd_cents=Sum("inv_ytd_c"))
        return {"plan": totals["plan"] or 0, "ytd_cents": totals["ytd_cents"] or 0}

    def goal_figures(self, year, as_of):
        """What the year's goals are measured by, for the entries of `year`'s list as of a date, in one aggregate
        query cached per data version: the entries per batch (`<batch>_count`), new starts entered into statistics
        (`in_stats`: 入统日期 within the year up to the date), projects put into use (`in_use_done`: actual finish
        within the year up to the date), entries forming physical work (`working`: a start or ongoing entry with
        completed investment this year), the annual plan and year-to-date investment in cents, all and industrial
        (`industrial_plan`, `industrial_ytd_cents`), and per level (`<level>_count`, `<level>_plan`,
        `<level>_ytd_cents`)."""
        first = dt.date(year, 1, 1)
        since = Q(in_stats_date__gte=first, in_stats_date__lte=as_of)
        done = Q(project__actual_finish__gte=first, project__actual_finish__lte=as_of)
        industrial = industrial_q("project__category")
        levels = project_models.Project.Level.values
        batches = project_models.ListEntry.Batch
        working = Q(batch__in=[batches.START, batches.ONGOING], inv_ytd_c__gt=0)
        aggregates = {
            "count": Count("pk"),
            "in_stats": Count("pk", filter=since),
            "in_use_done": Count("pk", filter=done),
            "working": Count("pk", filter=working),
            "plan": Sum("annual_plan_investment"),
            "ytd_cents": Sum("inv_ytd_c"),
            "industrial_plan": Sum("annual_plan_investment", filter=industrial),
            "industrial_ytd_cents": Sum("inv_ytd_c", filter=industrial),
        }
        for batch in batches.values:
            aggregates[f"{batch}_count"] = Count("pk", filter=Q(batch=batch))
        for level in levels:
            aggregates[f"{level}_count"] = Count("pk", filter=Q(project__level=level))
            aggregates[f"{level}_plan"] = Sum("annual_plan_investment", filter=Q(project__level=level))
            aggregates[f"{level}_ytd_cents"] = Sum("inv_ytd_c", filter=Q(project__level=level))
        # Annotated (not an alias) so that the aggregate reads each entry's sum once, from a subquery of the rows.
        rows = self.filter(year=year).order_by().annotate(inv_ytd_c=InvestmentSQL(as_of).ytd_cents())
        return {name: value or 0 for name, value in cached_aggregate(rows, **aggregates).items()}

    def with_investment_status_filter(self, as_of, *colors):
        """Only entries whose investment status as of the date is one of the colors."""
        sql = InvestmentSQL(as_of)
        conditions = sql.conditions()
        condition = models.Q()
        for color in colors:
            condition |= conditions[color]
        return self.alias(**sql.aliases()).filter(condition)

    def with_report_status(self, as_of):
        """Annotate `report_late`: whether the entry's monthly report is late as of a date (未按时填报)."""
        return self.annotate(report_late=ReportSQL(as_of).late())

    def report_late_filter(self, as_of):
        """Only the entries whose monthly report is late as of a date."""
        return self.filter(ReportSQL(as_of).late_q())

    def report_missing_filter(self, year, month, as_of):
        """Only the entries of `year` that owe the report of (year, month) and have not filed it as of a date."""
        return self.filter(ReportSQL(as_of).missing_q(year, month))

    def report_to_file_filter(self, as_of):
        """Only the entries that have still to file the as-of month's report, not late yet (none after its due
        day)."""
        condition = ReportSQL(as_of).to_file_q()
        return self.none() if condition is None else self.filter(condition)

    def with_accountability(self, as_of):
        """Annotate the accountability of the entry's project as of a date (reporting.md section 4), summed over its
        counted milestones: `plan_moves` and `plan_moved_days` (moves later of their plans and the days they added),
        `late_done_count` (milestones finished after their baseline date) and `late_done_days` (the most days one of
        them finished after its baseline, NULL when none did)."""
        return self.annotate(**_entry_accountability(as_of, timezone.get_current_timezone_name()))

    def plan_moved_filter(self, as_of):
        """Only the entries with a milestone whose plan was moved later as of a date (调整计划)."""
        return self.filter(Exists(_entry_milestones().filter(AccountabilitySQL(as_of).moved_q())))

    def late_done_filter(self, as_of):
        """Only the entries with a milestone finished after its baseline date as of a date (逾期完成)."""
        return self.filter(Exists(_entry_milestones().filter(AccountabilitySQL(as_of).late_done_q())))

    def report_counts(self, as_of):
        """{"late": n, "to_file": n} of these entries as of a date (`report_late_filter`, `report_to_file_filter`), in
        one query cached for the data version."""
        sql = ReportSQL(as_of)
        counts = {"late": Count("pk", filter=sql.late_q())}
        if (to_file := sql.to_file_q()) is not None:
            counts["to_file"] = Count("pk", filter=to_file)
        found = cached_aggregate(self, **counts)  # None for no rows
        return {"to_file": 0, **{name: n or 0 for name, n in found.items()}}

    def grouped_missing_reports(self, year, as_of, months, *fields):
        """Rows (*field values, entries that report, {month: reports missing}) of this queryset's entries of `year`
        that report (not 储备), grouped by `fields`, for each of `months` of that year, as of a date; in one query,
        cached for the data version (it reads every entry of a year's list)."""
        sql = ReportSQL(as_of)
        names = {f"f{i}": F(field) for i, field in enumerate(fields)}
        missing = {f"m{month}": Count("pk", filter=sql.missing_q(year, month)) for month in months}
        rows = self.filter(year=year).exclude(batch=EXEMPT_BATCH).order_by().values(**names)
        counted = cached_values(rows.annotate(n=Count("pk"), **missing), *names, "n", *missing)
        return [(*(row[n] for n in names), row["n"], {m: row[f"m{m}"] for m in months}) for row in counted]


def _entry_milestones():
    """The counted (not exempt) milestones of the outer list entry's project."""
    return project_models.Milestone.objects.filter(project_id=OuterRef("project_id"), is_exempt=False)


@functools.lru_cache(maxsize=64)
def _project_status(as_of, ref, thresholds):
    """The `status` and `days_overdue` annotations of `StatusQuerySetMixin.with_status` for a date, a reference to
    the project and the thresholds in force (as `_entry_accountability`: built once, annotate() resolves a copy)."""
    sql = ProjectStatusSQL(as_of, ref=ref, thresholds=thresholds)
    return {"status": sql.status(), "days_overdue": sql.days_overdue()}


@functools.lru_cache(maxsize=64)
def _status_condition(as_of, ref, thresholds, colors):
    """The filter of `StatusQuerySetMixin.with_status_filter` for a date, a reference to the project, the thresholds
    and the colors (built once, as `_project_status`: filter() resolves a copy)."""
    sql = ProjectStatusSQL(as_of, ref=ref, thresholds=thresholds)
    condition = models.Q()
    for color in colors:
        condition |= sql.condition(color)
    return condition


@functools.lru_cache(maxsize=32)
def _entry_accountability(as_of, zone):
    """The annotations of `ListEntryQuerySet.with_accountability` as of a date in a time zone (the day's end is a
    moment of that zone). Built once per date and reused: building these nested subqueries costs a list page several
    milliseconds, and annotate() resolves a copy of an expression, never the expression itself."""
    sql = AccountabilitySQL(as_of)

    def total(aggregate, **values):
        rows = _entry_milestones().order_by().alias(**values).values("project_id")
        return Subquery(rows.annotate(v=aggregate).values("v"), output_field=IntegerField())

    return {
        "plan_moves": Coalesce(total(Sum("moves"), moves=sql.plan_moves()), 0),
        "plan_moved_days": Coalesce(total(Sum("moved_days"), moved_days=sql.plan_moved_days()), 0),
        "late_done_count": Coalesce(total(Count("pk", filter=sql.late_done_q())), 0),
        "late_done_days": total(Max("late_days"), late_days=sql.late_done_days()),
    }


class MilestoneQuerySet(models.QuerySet):
    def in_list(self, year):
        """Milestones of the projects in `year`'s list."""
        return self.filter(project__list_entries__year=year)

    def listed_in(self, year):
        """Milestones of the projects in `year`'s list, as a subquery (`in_list` joins): SQLite then reads a unit's
        milestones through their unit's index rather than every milestone of the year's list."""
        return self.filter(project__in=project_models.ListEntry.objects.filter(year=year).values("project_id"))

    def owned_by(self, unit_id):
        """The milestones that belong to a unit: those it is responsible for, and those of the projects it leads
        that name no responsible unit (reporting.md, sections 2 and 5)."""
        led = project_models.Project.objects.filter(lead_unit_id=unit_id).values("pk")
        return self.filter(models.Q(unit_id=unit_id) | models.Q(unit__isnull=True, project__in=led))

    def overdue_list(self, year, as_of):
        """Red and yellow milestones of the projects in `year`'s list as of a date, with `with_status`, the `batch` of
        the project's entry in that list and its report's late flag (`with_report_late`), worst first."""
        entry = project_models.ListEntry.objects.filter(project_id=OuterRef("project_id"), year=year)
        return (
            self.overdue(as_of)
            .in_list(year)
            .with_status(as_of)
            .with_report_late(year, as_of)
            .annotate(batch=Subquery(entry.values("batch")[:1]))
            .select_related("project", "project__lead_unit", "unit")
            .order_by("planned_date", "project__code", "seq")
        )

    def with_latest_report(self, as_of):
        """Annotate `latest_problems` and `latest_coordination`: 存在问题 and 需协调事项 of the project's latest monthly
        report up to `as_of`'s month (who to call about an overdue milestone, and about what)."""
        latest = project_models.ProgressReport.objects.filter(project_id=OuterRef("project_id")).filter(
            Q(year__lt=as_of.year) | Q(year=as_of.year, month__lte=as_of.month)
        )
        latest = latest.order_by("-year", "-month")
        return self.annotate(
            latest_problems=Subquery(latest.values("problems")[:1]),
            latest_coordination=Subquery(latest.values("coordination_needed")[:1]),
        )

    def owned(self):
        """Annotate `owner`: the unit the milestone belongs to, its responsible unit or else the project's lead unit
        (reporting.md section 5)."""
        return self.annotate(owner=Coalesce("unit_id", "project__lead_unit_id"))

    def with_accountability(self, as_of):
        """Annotate `plan_moves`, `plan_moved_days` (moves later of the plan) and `late_done_days` (days finished
        after the baseline, NULL when not) as of a date (reporting.md section 4, `accountability_sql`)."""
        sql = AccountabilitySQL(as_of)
        return self.annotate(
            plan_moves=sql.plan_moves(), plan_moved_days=sql.plan_moved_days(), late_done_days=sql.late_done_days()
        )

    def plan_moved(self, as_of):
        """Only the milestones whose plan was moved later as of a date."""
        return self.filter(AccountabilitySQL(as_of).moved_q())

    def with_report_late(self, year, as_of):
        """Annotate `report_late`: whether the monthly report of the project's entry in `year`'s list is late as of a
        date (未按时填报)."""
        entries = project_models.ListEntry.objects.filter(project_id=OuterRef("project_id"), year=year)
        return self.annotate(report_late=Exists(entries.filter(ReportSQL(as_of).late_q())))

    def with_status(self, as_of):
        """Annotate each milestone's `status`, `days_overdue` and `days_ahead` as of a date."""
        sql = MilestoneStatusSQL(as_of)
        return sql.ahead(self).annotate(status=sql.status(), days_overdue=sql.days_overdue())

    def with_color(self, as_of, color):
        """Only the milestones (not exempt) of one color as of the date."""
        sql = MilestoneStatusSQL(as_of)
        return sql.ahead(self).filter(sql.conditions()[Color(color)], is_exempt=False)

    def overdue(self, as_of):
        """Open, not exempt, at least YELLOW_OVERDUE_DAYS past the plan (red and yellow milestones)."""
        return self.filter(MilestoneStatusSQL(as_of).overdue_q(), is_exempt=False)

    def reminder_counts(self, as_of):
        """{"red": n, "yellow": n, "due_soon": n} of these milestones (not exempt) as of a date, as `with_color` and
        `due_soon` select them, in one query cached for the data version."""
        sql = MilestoneStatusSQL(as_of)
        colors = sql.conditions()
        found = cached_aggregate(
            self.filter(is_exempt=False),
            red=Count("pk", filter=colors[Color.RED]),
            yellow=Count("pk", filter=colors[Color.YELLOW]),
            due_soon=Count("pk", filter=sql.due_soon_q()),
        )
        return {name: n or 0 for name, n in found.items()}  # None for no rows

    def due_soon(self, as_of):
        """Open milestones planned within DUE_SOON_DAYS from the date (a reminder, not a color)."""
        return self.filter(MilestoneStatusSQL(as_of).due_soon_q(), is_exempt=False)


class ProgressReportQuerySet(models.QuerySet):
    def in_list(self, year):
        """The reports of `year` of the projects in that year's list."""
        return self.filter(year=year, project__list_entries__year=year)
