"""The four-color rules (../shared/docs/status-rules.md, sections 1 and 2) as SQL, for querysets.

Each rule has one SQL form, conditions named by color, from which the same definitions filter rows (`Exists`
conditions: a status filter never aggregates the whole table), give each row its color (a CASE built from them) and
count whole lists (that CASE, grouped). Rule 1 (a milestone) is a condition per color, excluding each other; rule 2
(a project) is the specification's ordered list, the first that matches deciding. The Python twin of each rule is in
`projects.status`; a hypothesis test holds the two equal on SQLite and PostgreSQL.

Following the performance notes, the as-of cutoffs are computed in Python and compared with plain date columns
(index-friendly, identical on both databases); the one column-against-column rule (days ahead) uses `DaysBetween`,
a small per-backend function.
"""

import datetime as dt

from django.db import NotSupportedError, models
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from portal.sql import Rank

from .. import models as project_models
from ..status import SEVERITY_RANK, Color, Thresholds


class DaysBetween(models.Func):
    """`a - b` in whole days for two date expressions, on PostgreSQL and SQLite."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"DaysBetween is not implemented for {connection.vendor}")

    def _operands(self, compiler):
        a_sql, a_params = compiler.compile(self.source_expressions[0])
        b_sql, b_params = compiler.compile(self.source_expressions[1])
        return a_sql, b_sql, (*a_params, *b_params)

    def as_postgresql(self, compiler, connection, **extra):
        a_sql, b_sql, params = self._operands(compiler)
        return f"(CAST({a_sql} AS date) - CAST({b_sql} AS date))", params

    def as_sqlite(self, compiler, connection, **extra):
        a_sql, b_sql, params = self._operands(compiler)
        return f"CAST(julianday({a_sql}) - julianday({b_sql}) AS INTEGER)", params


def color_rank(expression):
    """The severity rank of a color expression (red first, none last), for sorting."""
    return Rank(expression, SEVERITY_RANK, len(SEVERITY_RANK))


def date_value(day):
    return Value(day, output_field=models.DateField())


def color_case(conditions, default=None):
    """A CASE giving each row the color of the first condition it meets ({color: condition}, in order); `default`
    for the rows that meet none."""
    whens = [When(condition, then=Value(color.value)) for color, condition in conditions.items()]
    return Case(*whens, default=Value(default and default.value), output_field=models.CharField())


class MilestoneStatusSQL:
    """Rule 1 on milestone rows as of a date. The blue and green conditions read `days_ahead` (see `ahead`)."""

    def __init__(self, as_of, thresholds=None):
        self.as_of = as_of
        self.t = thresholds or Thresholds.current()
        self.red_cut = as_of - dt.timedelta(days=self.t.red)
        self.yellow_cut = as_of - dt.timedelta(days=self.t.yellow)

    def open_q(self):
        """Not done as of the date: no actual date, or one after it."""
        return Q(actual_date__isnull=True) | Q(actual_date__gt=self.as_of)

    def done_q(self):
        return Q(actual_date__lte=self.as_of)

    def due_soon_q(self):
        """Open and planned within DUE_SOON_DAYS from the date (a reminder's window, not a color)."""
        until = self.as_of + dt.timedelta(days=self.t.due_soon)
        return self.open_q() & Q(planned_date__gte=self.as_of, planned_date__lte=until)

    def overdue_q(self):
        """Red or yellow: open and at least YELLOW_OVERDUE_DAYS past the plan."""
        return self.open_q() & Q(planned_date__lte=self.yellow_cut)

    def conditions(self):
        """{color: condition} of rule 1 for milestones that are not exempt; each milestone meets exactly one."""
        return {
            Color.RED: self.open_q() & Q(planned_date__lte=self.red_cut),
            Color.YELLOW: self.overdue_q() & Q(planned_date__gt=self.red_cut),
            Color.BLUE: self.done_q() & Q(days_ahead__gte=self.t.blue),
            Color.GREEN: (self.open_q() & Q(planned_date__gt=self.yellow_cut))
            | (self.done_q() & Q(days_ahead__lt=self.t.blue)),
        }

    @staticmethod
    def ahead(queryset):
        """The milestones with `days_ahead` (planned − actual date) that the blue and green conditions read."""
        return queryset.annotate(days_ahead=DaysBetween(F("planned_date"), F("actual_date")))

    def status(self):
        """Each milestone's color ("none" for an exempt one, which has no color: it is tested first)."""
        return color_case({Color.NONE: Q(is_exempt=True), **self.conditions()})

    def days_overdue(self):
        """Days past the plan of an open milestone that is past it (NULL otherwise)."""
        past = Q(is_exempt=False) & self.open_q() & Q(planned_date__lt=self.as_of)
        return Case(
            When(past, then=DaysBetween(date_value(self.as_of), F("planned_date"))), output_field=IntegerField()
        )


class ProjectStatusSQL:
    """Rule 2 as of a date, for rows that point at a project through `ref` ("pk" on projects, "project_id" on list
    entries): conditions on the project's milestones that count (not exempt), evaluated per row."""

    def __init__(self, as_of, ref="pk", thresholds=None):
        self.as_of = as_of
        self.ref = ref
        self.rule1 = MilestoneStatusSQL(as_of, thresholds)
        self.t = self.rule1.t

    def milestones(self):
        """The milestones that count of the outer row's project."""
        return project_models.Milestone.objects.filter(project_id=OuterRef(self.ref), is_exempt=False)

    def _has_red(self):
        return Exists(self.milestones().filter(self.rule1.conditions()[Color.RED]))

    def _has_overdue(self):
        return Exists(self.milestones().filter(self.rule1.overdue_q()))

    def _has_any(self):
        return Exists(self.milestones())

    def _has_blue_latest(self):
        """Rule 2.4: a blue milestone among those done on the latest actual date up to the as-of date."""
        later = project_models.Milestone.objects.filter(
            project_id=OuterRef(OuterRef(self.ref)),
            is_exempt=False,
            actual_date__lte=self.as_of,
            actual_date__gt=OuterRef("actual_date"),
        )
        blue = self.rule1.ahead(self.milestones()).filter(self.rule1.conditions()[Color.BLUE])
        return Exists(blue.filter(~Exists(later)))

    def rules(self):
        """Rule 2 as the specification writes it: [(color, condition)] in order, the first that a row meets decides
        (a project without a milestone that counts is neither red nor yellow, so "none" may follow them), and
        what meets none is green. Conditions are made on demand: a filter compiles only what its color needs."""
        return [
            (Color.RED, lambda: Q(self._has_red())),
            (Color.YELLOW, lambda: Q(self._has_overdue())),
            (Color.NONE, lambda: ~Q(self._has_any())),
            (Color.BLUE, lambda: Q(self._has_blue_latest())),
        ]

    def condition(self, color):
        """The filter condition of one color: its rule, and none of the rules before it."""
        color = Color(color)
        condition = Q()
        for rule_color, make in self.rules():
            if rule_color == color:
                return condition & make()
            condition &= ~make()
        return condition  # green: no rule

    def status(self):
        """Each row's color: the first rule it meets, else green."""
        return color_case({color: make() for color, make in self.rules()}, default=Color.GREEN)

    def _count(self, milestones):
        counted = milestones.order_by().values("project_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    def counts(self):
        """Milestone counts by color, as annotations named `<color>_count`."""
        milestones = self.rule1.ahead(self.milestones())
        return {
            f"{color.value}_count": self._count(milestones.filter(q)) for color, q in self.rule1.conditions().items()
        }

    def _first_open(self, field, **lookups):
        """A field of the project's open milestone with the earliest plan among those matching `lookups`."""
        qs = self.milestones().filter(self.rule1.open_q(), **lookups).order_by("planned_date", "seq")
        return Subquery(qs.values(field)[:1])

    def worst_open(self, field):
        """A field of the open milestone with the earliest plan that is past due (the worst), or NULL."""
        return self._first_open(field, planned_date__lt=self.as_of)

    def next_due(self, field):
        """A field of the next open milestone planned on or after the as-of date."""
        return self._first_open(field, planned_date__gte=self.as_of)

    def days_overdue(self):
        """Days overdue of the project's worst milestone (NULL when none is past due)."""
        return DaysBetween(date_value(self.as_of), self.worst_open("planned_date"))
