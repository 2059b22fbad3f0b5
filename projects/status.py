"""The four-color rules (../shared/docs/status-rules.md, sections 1 and 2), in one place.

Two implementations stand side by side and must agree on every input (a hypothesis test holds them to it
on SQLite and PostgreSQL):
- Python functions for one object: `milestone_color`, `project_color`;
- SQL expressions for querysets: `StatusSQL`, used by `projects.querysets`.

The SQL follows the performance notes: as-of cutoffs are computed in Python and compared with plain date
columns (index-friendly, identical on both databases); the one column-against-column rule (days ahead) uses
`DaysBetween`, a small per-backend function. Filters are `Exists` conditions, so a status filter never
aggregates the whole table; counts are correlated subqueries evaluated for the rows a page shows. Counting a
whole list by status (summary bar, dashboard) uses `project_statuses` instead: one grouped pass over the
milestones, the same rules on aggregates.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import NotSupportedError, models
from django.db.models import Case, Count, Exists, F, IntegerField, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Color(models.TextChoices):
    RED = "red", _("红色 · 滞后督办")
    YELLOW = "yellow", _("黄色 · 超期预警")
    GREEN = "green", _("绿色 · 推进正常")
    BLUE = "blue", _("蓝色 · 超前示范")
    NONE = "none", _("未评估")


# Severity order used when sorting by status: red first, "none" last.
SEVERITY = [Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.NONE]
SEVERITY_RANK = {color.value: rank for rank, color in enumerate(SEVERITY)}


@dataclass(frozen=True)
class Thresholds:
    yellow: int
    red: int
    blue: int
    due_soon: int

    @classmethod
    def current(cls):
        """The thresholds in force, read from settings at call time (tests may override them)."""
        return cls(
            yellow=settings.YELLOW_OVERDUE_DAYS,
            red=settings.RED_OVERDUE_DAYS,
            blue=settings.BLUE_AHEAD_DAYS,
            due_soon=settings.DUE_SOON_DAYS,
        )


# --- Python: one object -------------------------------------------------------------------------------


def is_done(actual_date, as_of):
    """Done as of `as_of` only when finished on or before it (a report for 30 June knows nothing of July)."""
    return actual_date is not None and actual_date <= as_of


def milestone_color(planned_date, actual_date, is_exempt, as_of, thresholds=None):
    """Rule 1: the color of one milestone as of a date; None for an exempt milestone (it counts nowhere)."""
    t = thresholds or Thresholds.current()
    if is_exempt:
        return None
    if is_done(actual_date, as_of):
        return Color.BLUE if (planned_date - actual_date).days >= t.blue else Color.GREEN
    late = (as_of - planned_date).days
    if late >= t.red:
        return Color.RED
    if late >= t.yellow:
        return Color.YELLOW
    return Color.GREEN


def project_color(milestones, as_of, thresholds=None):
    """Rule 2: a project's schedule status from its milestones (objects with planned/actual/is_exempt)."""
    t = thresholds or Thresholds.current()
    rated = [
        (m, milestone_color(m.planned_date, m.actual_date, m.is_exempt, as_of, t))
        for m in milestones
        if not m.is_exempt
    ]
    if not rated:
        return Color.NONE
    colors = {color for _m, color in rated}
    if Color.RED in colors:
        return Color.RED
    if Color.YELLOW in colors:
        return Color.YELLOW
    done = [m.actual_date for m, _c in rated if is_done(m.actual_date, as_of)]
    if done:
        last = max(done)
        if any(color == Color.BLUE and m.actual_date == last for m, color in rated):
            return Color.BLUE
    return Color.GREEN


# --- SQL: querysets -------------------------------------------------------------------------------------


class DaysBetween(models.Func):
    """`a - b` in whole days for two date expressions, on PostgreSQL and SQLite."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"DaysBetween is not implemented for {connection.vendor}")

    def _compiled(self, compiler):
        a_sql, a_params = compiler.compile(self.source_expressions[0])
        b_sql, b_params = compiler.compile(self.source_expressions[1])
        return a_sql, b_sql, (*a_params, *b_params)

    def as_postgresql(self, compiler, connection, **extra):
        a_sql, b_sql, params = self._compiled(compiler)
        return f"(CAST({a_sql} AS date) - CAST({b_sql} AS date))", params

    def as_sqlite(self, compiler, connection, **extra):
        a_sql, b_sql, params = self._compiled(compiler)
        return f"CAST(julianday({a_sql}) - julianday({b_sql}) AS INTEGER)", params


def date_value(day):
    return Value(day, output_field=models.DateField())


class StatusSQL:
    """SQL building blocks for the rules as of one date, for querysets whose rows point at a project.

    `ref` names the outer field holding the project id: "pk" on projects, "project_id" on list entries.
    """

    def __init__(self, as_of, ref="pk", thresholds=None):
        self.as_of = as_of
        self.ref = ref
        self.t = thresholds or Thresholds.current()
        self.red_cut = as_of - dt.timedelta(days=self.t.red)
        self.yellow_cut = as_of - dt.timedelta(days=self.t.yellow)

    # Conditions on milestone rows.
    def open_q(self):
        return Q(actual_date__isnull=True) | Q(actual_date__gt=self.as_of)

    def done_q(self):
        return Q(actual_date__lte=self.as_of)

    def red_q(self):
        return self.open_q() & Q(planned_date__lte=self.red_cut)

    def overdue_q(self):
        """Red or yellow: open and at least YELLOW_OVERDUE_DAYS past the plan."""
        return self.open_q() & Q(planned_date__lte=self.yellow_cut)

    def yellow_q(self):
        return self.overdue_q() & Q(planned_date__gt=self.red_cut)

    def blue_q(self):
        """Needs `days_ahead` annotated on the milestone rows (see `ahead`)."""
        return self.done_q() & Q(days_ahead__gte=self.t.blue)

    def green_q(self):
        return (self.open_q() & Q(planned_date__gt=self.yellow_cut)) | (self.done_q() & Q(days_ahead__lt=self.t.blue))

    @staticmethod
    def ahead(qs):
        return qs.annotate(days_ahead=DaysBetween(F("planned_date"), F("actual_date")))

    # Milestones of the outer row's project that count (not exempt).
    def milestones(self):
        from .models import Milestone

        return Milestone.objects.filter(project_id=OuterRef(self.ref), is_exempt=False)

    def has_red(self):
        return Exists(self.milestones().filter(self.red_q()))

    def has_overdue(self):
        return Exists(self.milestones().filter(self.overdue_q()))

    def has_any(self):
        return Exists(self.milestones())

    def has_blue_latest(self):
        """Rule 2.4: a blue milestone among those done on the latest actual date up to as-of."""
        from .models import Milestone

        later = Milestone.objects.filter(
            project_id=OuterRef(OuterRef(self.ref)),
            is_exempt=False,
            actual_date__lte=self.as_of,
            actual_date__gt=OuterRef("actual_date"),
        )
        return Exists(self.ahead(self.milestones()).filter(self.blue_q()).filter(~Exists(later)))

    def status_q(self, color):
        """A filter condition selecting the rows whose project has `color` (no aggregation); only the Exists
        conditions that color needs are built."""
        color = Color(color)
        if color == Color.RED:
            return Q(self.has_red())
        if color == Color.YELLOW:
            return Q(self.has_overdue()) & ~Q(self.has_red())
        if color == Color.NONE:
            return ~Q(self.has_any())
        if color == Color.BLUE:
            return ~Q(self.has_overdue()) & Q(self.has_blue_latest())
        return Q(self.has_any()) & ~Q(self.has_overdue()) & ~Q(self.has_blue_latest())

    def project_statuses(self, project_ids):
        """Rows (project_id, s) giving the status `s` of each project in `project_ids` (a queryset of ids) that
        has a milestone that counts; a project without one has no row (its status is none).

        For counting whole lists: one pass over those projects' milestones grouped by project (no subquery per
        project). Rule 2 on aggregates: red / yellow when the earliest open plan date is past the red / yellow
        cutoff; blue when the latest blue done date equals the latest done date (NULL when nothing is done or
        nothing done is blue, so not blue); green otherwise.
        """
        from .models import Milestone

        c = lambda color: Value(color.value)  # noqa: E731
        done = self.done_q()
        return (
            Milestone.objects.filter(is_exempt=False, project_id__in=project_ids)
            .alias(days_ahead=DaysBetween(F("planned_date"), F("actual_date")))
            .order_by()
            .values("project_id")
            .annotate(
                first_open=Min("planned_date", filter=self.open_q()),
                last_done=Max("actual_date", filter=done),
                last_blue=Max("actual_date", filter=done & Q(days_ahead__gte=self.t.blue)),
            )
            .annotate(
                s=Case(
                    When(first_open__lte=self.red_cut, then=c(Color.RED)),
                    When(first_open__lte=self.yellow_cut, then=c(Color.YELLOW)),
                    When(last_blue=F("last_done"), then=c(Color.BLUE)),
                    default=c(Color.GREEN),
                    output_field=models.CharField(),
                )
            )
            .values("project_id", "s")
        )

    def _by_status(self, values, output_field):
        red, yellow, none, blue, green = (Value(v, output_field=output_field) for v in values)
        return Case(
            When(self.has_red(), then=red),
            When(self.has_overdue(), then=yellow),
            When(~Q(self.has_any()), then=none),
            When(self.has_blue_latest(), then=blue),
            default=green,
            output_field=output_field,
        )

    def status(self):
        return self._by_status(
            [Color.RED.value, Color.YELLOW.value, Color.NONE.value, Color.BLUE.value, Color.GREEN.value],
            models.CharField(),
        )

    def status_rank(self):
        r = SEVERITY_RANK
        return self._by_status([r["red"], r["yellow"], r["none"], r["blue"], r["green"]], IntegerField())

    def _count(self, qs):
        counted = qs.order_by().values("project_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    def counts(self):
        """Milestone counts by color, as annotations named `<color>_count`."""
        ms = self.milestones()
        return {
            "red_count": self._count(ms.filter(self.red_q())),
            "yellow_count": self._count(ms.filter(self.yellow_q())),
            "green_count": self._count(self.ahead(ms).filter(self.green_q())),
            "blue_count": self._count(self.ahead(ms).filter(self.blue_q())),
        }

    def worst_open(self, field):
        """A field of the open milestone with the earliest plan that is past due (the worst), or NULL."""
        qs = self.milestones().filter(self.open_q(), planned_date__lt=self.as_of).order_by("planned_date", "seq")
        return Subquery(qs.values(field)[:1])

    def days_overdue(self):
        """Days overdue of the project's worst milestone (NULL when none is past due)."""
        return DaysBetween(date_value(self.as_of), self.worst_open("planned_date"))

    def next_due(self, field):
        """A field of the next open milestone planned on or after the as-of date."""
        qs = self.milestones().filter(self.open_q(), planned_date__gte=self.as_of).order_by("planned_date", "seq")
        return Subquery(qs.values(field)[:1])

    def latest_done(self, field):
        """A field of the latest milestone done as of the date (the bluest one on that day)."""
        qs = self.ahead(self.milestones()).filter(self.done_q()).order_by("-actual_date", "-days_ahead", "seq")
        return Subquery(qs.values(field)[:1])

    # On milestone rows themselves (no outer reference).
    def milestone_status(self):
        s = lambda c: Value(c.value)  # noqa: E731
        return Case(
            When(is_exempt=True, then=s(Color.NONE)),
            When(self.blue_q(), then=s(Color.BLUE)),
            When(self.done_q(), then=s(Color.GREEN)),
            When(self.red_q(), then=s(Color.RED)),
            When(self.overdue_q(), then=s(Color.YELLOW)),
            default=s(Color.GREEN),
            output_field=models.CharField(),
        )

    def milestone_days_overdue(self):
        return Case(
            When(
                Q(is_exempt=False) & self.open_q() & Q(planned_date__lt=self.as_of),
                then=DaysBetween(date_value(self.as_of), F("planned_date")),
            ),
            default=None,
            output_field=IntegerField(),
        )
