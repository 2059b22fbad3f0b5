"""Chainable read queries named for intent. Statuses are computed in SQL as of a date, never stored: the rules'
SQL forms are in `status_sql` (schedule, sections 1–2) and `investment_sql` (investment, section 3)."""

import datetime as dt

from django.db import models
from django.db.models import Count, F, OuterRef, Subquery

from portal.aggregate_cache import cached_values

from .. import models as project_models
from ..status import Color
from .investment_sql import InvestmentSQL
from .status_sql import MilestoneStatusSQL, ProjectStatusSQL, color_rank


class StatusQuerySetMixin:
    """Schedule statuses for querysets whose rows point at a project through `status_ref`."""

    status_ref = "pk"

    def _sql(self, as_of):
        return ProjectStatusSQL(as_of, ref=self.status_ref)

    def with_status(self, as_of, *, counts=True):
        """Annotate `status`, `days_overdue` and (unless `counts=False`) the `<color>_count` milestone counts as of a
        date; the alias `status_rank` sorts by severity (red first)."""
        sql = self._sql(as_of)
        rows = self.annotate(status=sql.status(), days_overdue=sql.days_overdue()).alias(
            status_rank=color_rank(F("status"))
        )
        return rows.annotate(**sql.counts()) if counts else rows

    def with_next_due(self, as_of):
        """Annotate `next_planned`: the plan date of the next open milestone on or after the date."""
        return self.annotate(next_planned=self._sql(as_of).next_due("planned_date"))

    def with_status_filter(self, as_of, *colors):
        """Only rows whose project has one of the colors as of the date (Exists conditions, no aggregation)."""
        sql = self._sql(as_of)
        condition = models.Q()
        for color in colors:
            condition |= sql.condition(color)
        return self.filter(condition)

    def order_by_severity(self):
        """Red first, then yellow, green, blue, none; within a color the longest overdue first (after with_status)."""
        return self.order_by("status_rank", F("days_overdue").desc(nulls_last=True))

    def grouped_status_counts(self, as_of, *fields):
        """Rows (*field values, status, count) of this queryset grouped by `fields` and status, in one query; cached
        for the data version (`portal.aggregate_cache`): it reads every row of a whole list."""
        names = {f"f{i}": F(field) for i, field in enumerate(fields)}
        rows = self.order_by().annotate(status=self._sql(as_of).status()).values("status", **names)
        counted = cached_values(rows.annotate(n=Count("pk")), *names, "status", "n")
        return [(*(row[name] for name in names), row["status"], row["n"]) for row in counted]

    def status_counts(self, as_of):
        """{color: count} for the rows of this queryset, in one query (cached as `grouped_status_counts`)."""
        counts = {color.value: 0 for color in Color}
        counts.update({status: n for status, n in self.grouped_status_counts(as_of)})
        return counts


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

    def with_investment_status_filter(self, as_of, *colors):
        """Only entries whose investment status as of the date is one of the colors."""
        sql = InvestmentSQL(as_of)
        conditions = sql.conditions()
        condition = models.Q()
        for color in colors:
            condition |= conditions[color]
        return self.alias(**sql.aliases()).filter(condition)


class MilestoneQuerySet(models.QuerySet):
    def in_list(self, year):
        """Milestones of the projects in `year`'s list."""
        return self.filter(project__list_entries__year=year)

    def overdue_list(self, year, as_of):
        """Red and yellow milestones of the projects in `year`'s list as of a date, with `with_status` and the `batch`
        of the project's entry in that list, worst first."""
        entry = project_models.ListEntry.objects.filter(project_id=OuterRef("project_id"), year=year)
        return (
            self.overdue(as_of)
            .in_list(year)
            .with_status(as_of)
            .annotate(batch=Subquery(entry.values("batch")[:1]))
            .select_related("project", "project__lead_unit", "unit")
            .order_by("planned_date", "project__code", "seq")
        )

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

    def due_soon(self, as_of):
        """Open milestones planned within DUE_SOON_DAYS from the date (a reminder, not a color)."""
        sql = MilestoneStatusSQL(as_of)
        until = as_of + dt.timedelta(days=sql.t.due_soon)
        return self.filter(sql.open_q(), is_exempt=False, planned_date__gte=as_of, planned_date__lte=until)


class ProgressReportQuerySet(models.QuerySet):
    def in_list(self, year):
        """The reports of `year` of the projects in that year's list."""
        return self.filter(year=year, project__list_entries__year=year)
