"""Chainable read queries named for intent. Statuses are annotated in SQL as of a date (see status.py)."""

from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.query import ModelIterable

from .aggregate_cache import cached
from .compiled import compiled_annotations, compiled_once
from .explain import explain_project
from .status import Color, StatusSQL, Thresholds


class _StatusMixin:
    """Status annotations for querysets whose rows point at a project through `status_ref`."""

    status_ref = "pk"

    def _sql(self, as_of):
        return StatusSQL(as_of, ref=self.status_ref)

    def with_status(self, as_of, *, rank=True, counts=True):
        """Annotate `status`, `status_rank`, `<color>_count` milestone counts and `days_overdue` as of a date.

        `rank=False` / `counts=False` leave out the sort key and the counts (a page that shows neither
        saves their SQL: each is a CASE of EXISTS or a subquery per row)."""
        sql = self._sql(as_of)
        extra = {"status_rank": sql.status_rank()} if rank else {}
        if counts:
            extra.update(sql.counts())
        return self.annotate(status=sql.status(), days_overdue=sql.days_overdue(), **extra)

    def with_explanation(self, as_of):
        """Annotate the deciding milestones that `explanation(row, as_of)` puts into words."""
        sql = self._sql(as_of)
        return self.annotate(
            worst_name=sql.worst_open("name"),
            worst_planned=sql.worst_open("planned_date"),
            latest_name=sql.latest_done("name"),
            latest_planned=sql.latest_done("planned_date"),
            latest_actual=sql.latest_done("actual_date"),
            next_name=sql.next_due("name"),
            next_planned=sql.next_due("planned_date"),
        )

    def with_next_due(self, as_of):
        """Annotate `next_planned`: the plan date of the next open milestone on or after the date."""
        return self.annotate(next_planned=self._sql(as_of).next_due("planned_date"))

    def with_status_filter(self, as_of, *colors):
        """Only rows whose project has one of the colors as of the date (Exists conditions, no aggregation)."""
        sql = self._sql(as_of)
        condition = Q()
        for color in colors:
            condition |= sql.status_q(color)
        return self.filter(condition)

    def order_by_severity(self):
        """Red first, then yellow, green, blue, none; within a color the longest overdue first."""
        return self.order_by("status_rank", F("days_overdue").desc(nulls_last=True))

    def status_counts(self, as_of, *, statement_key=None):
        """{color: count} for the rows of this queryset, in one query (`statement_key`: see grouped_status_counts)."""
        counts = {color.value: 0 for color in Color}
        counts.update(dict(self.grouped_status_counts(as_of, statement_key=statement_key)))
        return counts

    def grouped_status_counts(self, as_of, *fields, statement_key=None):
        """Rows (*field values, status, count) of this queryset grouped by `fields` and status, in one query.

        Counts whole lists without a subquery per row: the statuses of the rows' projects come from one grouped
        pass over their milestones (`StatusSQL.project_statuses`), joined to the rows; a row whose project has
        no row there is "none". The two parts are compiled by the ORM for the database in use and joined in
        one statement (the ORM cannot join a grouped subquery). The result is cached per data version
        (`projects.aggregate_cache`).

        `statement_key`, when given, stands for this queryset's rows (a list page's filter values): the statement
        is then compiled once per key, date and thresholds (`projects.compiled`), not at every view.
        """
        connection = connections[self.db]
        if statement_key is None:
            statement = self._grouped_status_counts_statement(as_of, fields)
        else:
            key = ("grouped_status_counts", self.db, self.model._meta.label, fields, as_of, Thresholds.current())
            statement = compiled_once(
                (*key, statement_key), lambda: self._grouped_status_counts_statement(as_of, fields)
            )
        if statement is None:  # a queryset that can match nothing (`.none()`, `__in=[]`)
            return []
        sql, params = statement

        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return [tuple(row) for row in cursor.fetchall()]

        return cached(self.db, ("grouped_status_counts", sql, params), run)

    def _grouped_status_counts_statement(self, as_of, fields):
        """(sql, params) of grouped_status_counts, None for a queryset that can match nothing."""
        qn = connections[self.db].ops.quote_name
        names = {f"f{i}": F(field) for i, field in enumerate(fields)}
        rows = self.order_by().values(_pid=F(self.status_ref), **names)
        statuses = self._sql(as_of).project_statuses(rows.values("_pid"))
        try:
            rows_sql, rows_params = rows.query.get_compiler(self.db).as_sql()
            statuses_sql, statuses_params = statuses.query.get_compiler(self.db).as_sql()
        except EmptyResultSet:
            return None
        keys = [f"r.{qn(n)}" for n in names]
        status = f"COALESCE(s.{qn('s')}, %s)"
        select = ", ".join([*keys, status])
        sql = (
            f"SELECT {select}, COUNT(*) FROM ({rows_sql}) r LEFT JOIN ({statuses_sql}) s "
            f"ON s.{qn('project_id')} = r.{qn('_pid')} GROUP BY {', '.join(str(i + 1) for i in range(len(fields) + 1))}"
        )
        return sql, (Color.NONE.value, *rows_params, *statuses_params)


def explanation(row, as_of):
    """The explanation of a row annotated by `with_status(...)` and `with_explanation(...)`."""
    return explain_project(
        row.status,
        as_of,
        worst=(row.worst_name, row.worst_planned, None) if row.worst_name else None,
        latest_done=(row.latest_name, row.latest_planned, row.latest_actual) if row.latest_name else None,
        next_due=(row.next_name, row.next_planned, None) if row.next_name else None,
    )


class ProjectQuerySet(_StatusMixin, models.QuerySet):
    status_ref = "pk"


class ListColumnsIterable(ModelIterable):
    """Rows of `with_list_columns`, each given `investment_ytd`, `investment_status` and `investment_gap_pp` as the
    SQL form computes them, from the sums in cents it read (`investment.band_and_gap`)."""

    def __iter__(self):
        from .investment import band_and_gap

        for row in super().__iter__():
            row.investment_ytd = Decimal(row.investment_ytd_cents).scaleb(-2)
            row.investment_status, row.investment_gap_pp = band_and_gap(
                row.investment_plan_cents, row.investment_ytd_cents, row.investment_months
            )
            yield row


class ListEntryQuerySet(_StatusMixin, models.QuerySet):
    status_ref = "project_id"

    def in_year(self, year):
        """The entries of one year's list, with the project and its lead unit loaded."""
        return self.filter(year=year).select_related("project", "project__lead_unit")

    def with_investment_status(self, as_of, *, rank=True):
        """Annotate `investment_ytd`, `investment_months`, `investment_reported_months`, `investment_gap_pp`,
        `investment_status` and `investment_rank` (severity, for sorting; left out with `rank=False`) as of a
        date (rules: investment.py)."""
        from .investment import InvestmentSQL

        sql = InvestmentSQL(as_of)
        extra = {"investment_rank": sql.rank()} if rank else {}
        return (
            self.alias(**sql.aliases())
            .annotate(
                investment_ytd=sql.ytd(),
                investment_months=F("_inv_m"),
                investment_reported_months=sql.reported_months(),
                investment_gap_pp=sql.gap_pp(),
            )
            .annotate(investment_status=sql.color(), **extra)
        )

    def with_investment_sums(self, as_of):
        """Annotate `investment_months`, `investment_reported_months`, and the plan and the year-to-date sum in
        whole cents as the band reads them (`investment_plan_cents`, `investment_ytd_cents`) as of a date: what
        `investment.band_and_gap` works the band and gap out from (see with_list_columns)."""
        from .investment import InvestmentSQL

        sql = InvestmentSQL(as_of)
        return self.alias(**sql.aliases()).annotate(
            investment_months=F("_inv_m"),
            investment_reported_months=sql.reported_months(),
            investment_plan_cents=F("_inv_plan_c"),
            investment_ytd_cents=F("_inv_ytd_c"),
        )

    def with_list_columns(self, as_of):
        """Annotate what a row of the list page shows: `with_status` (without rank and counts),
        `with_explanation` and `with_investment_sums`, their SQL compiled once per date
        (`projects.compiled`: the same SQL, without the cost of building it for every page).

        The investment band and gap are worked out as the rows are read (`ListColumnsIterable`), from the sums in
        cents the SQL read: in SQL their CASE repeats the year-to-date sum's subquery in every branch (at 10k, 1.7
        of the 4.5 ms the database took for a page's 50 rows). So they are attributes here, not annotations:
        filter and sort with `with_investment_status_filter` / `with_investment_status` (as the list page does)."""

        def annotate(rows):
            rows = rows.with_status(as_of, rank=False, counts=False).with_explanation(as_of)
            return rows.with_investment_sums(as_of)

        key = ("list_columns", as_of, Thresholds.current())
        rows = self.annotate(**compiled_annotations(self.model, self.db, key, annotate))
        rows._iterable_class = ListColumnsIterable
        return rows

    def with_investment_status_filter(self, as_of, *colors):
        """Only entries whose investment status as of the date is one of the colors."""
        from .investment import InvestmentSQL

        sql = InvestmentSQL(as_of)
        return self.alias(**sql.aliases()).alias(_inv_status=sql.color()).filter(_inv_status__in=list(colors))


class MilestoneQuerySet(models.QuerySet):
    def in_list(self, year):
        """Milestones of the projects in `year`'s list."""
        return self.filter(project__list_entries__year=year)

    def with_status(self, as_of):
        """Annotate each milestone's `status`, `days_overdue` and `days_ahead` as of a date."""
        sql = StatusSQL(as_of)
        return sql.ahead(self).annotate(status=sql.milestone_status(), days_overdue=sql.milestone_days_overdue())

    def overdue(self, as_of):
        """Open, not exempt, at least YELLOW_OVERDUE_DAYS past the plan (red and yellow milestones)."""
        return self.filter(StatusSQL(as_of).overdue_q(), is_exempt=False)

    def due_soon(self, as_of):
        """Open milestones planned within DUE_SOON_DAYS from the date (a reminder, not a color)."""
        import datetime as dt

        sql = StatusSQL(as_of)
        return self.filter(
            sql.open_q(),
            is_exempt=False,
            planned_date__gte=as_of,
            planned_date__lte=as_of + dt.timedelta(days=sql.t.due_soon),
        )


class ProgressReportQuerySet(models.QuerySet):
    def in_list(self, year):
        """The reports of `year` of the projects in that year's list."""
        return self.filter(year=year, project__list_entries__year=year)
