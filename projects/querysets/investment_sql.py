"""The investment progress status (投资进度, status-rules.md section 3) as SQL, for list-entry querysets.

The Python twin for one entry is `projects.investment`; a hypothesis test holds the two equal on both databases. The
bands compare `gap_pp = ytd / plan × 100 − m / 12 × 100` with +10, −10 and −30. Multiplying by `12 × plan` (> 0) gives
integer comparisons with no division: `gap ≥ k` ⟺ `1200·ytd ≥ plan·(100m + 12k)`, amounts in whole cents (money has
two decimals; SQLite keeps decimals as floating point numbers), so band edges are exact on both databases.
"""

from django.db import models
from django.db.models import Case, F, FloatField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from .. import models as project_models
from ..investment import BANDS, MIN_MONTHS, InvestmentColor, months_elapsed


class Cents(models.Func):
    """An amount as whole cents: CAST(ROUND(x * 100) AS integer), exact on both databases."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        kind = "bigint" if connection.vendor == "postgresql" else "INTEGER"
        return f"CAST(ROUND(({sql}) * 100) AS {kind})", params


class InvestmentSQL:
    """SQL as of one date for rows that are list entries (fields project_id, year, annual_plan_investment)."""

    def __init__(self, as_of):
        self.as_of = as_of
        self.current = months_elapsed(as_of.year, as_of)

    def months(self):
        """Months of the entry's year fully elapsed as of the date."""
        return Case(
            When(year__lt=self.as_of.year, then=Value(12)),
            When(year=self.as_of.year, then=Value(self.current)),
            default=Value(0),
            output_field=IntegerField(),
        )

    def _reports(self):
        """The entry's project's reports for months 1..m of the entry's year."""
        within = Q(year__lt=self.as_of.year) | Q(year=self.as_of.year, month__lte=self.current)
        return project_models.ProgressReport.objects.filter(
            within, project_id=OuterRef("project_id"), year=OuterRef("year")
        )

    def _total(self, expression, output_field):
        rows = self._reports().order_by().values("project_id").annotate(total=expression).values("total")
        return Coalesce(Subquery(rows, output_field=output_field), Value(0), output_field=output_field)

    def ytd_cents(self):
        """The year-to-date completed investment in whole cents (each report rounded as `Cents`)."""
        return self._total(Sum(Cents("investment_completed")), models.BigIntegerField())

    def aliases(self):
        """The columns the band and the gap read: months, plan and year-to-date sum in cents."""
        return {
            "inv_months": self.months(),
            "inv_plan_c": Cents("annual_plan_investment"),
            "inv_ytd_c": self.ytd_cents(),
        }

    def conditions(self):
        """{color: condition} of section 3 on rows with `aliases()`; each row meets exactly one."""
        scaled = F("inv_ytd_c") * 1200
        unrated = Q(inv_months__lt=MIN_MONTHS) | Q(inv_plan_c__lte=0)

        def at_least(k, strict=False):
            edge = F("inv_plan_c") * (F("inv_months") * 100 + 12 * k)
            return Q(GreaterThan(scaled, edge) if strict else GreaterThanOrEqual(scaled, edge))

        blue, green, yellow = (
            at_least(BANDS.blue_from),
            at_least(BANDS.green_above, strict=True),
            at_least(BANDS.red_below),
        )
        return {
            InvestmentColor.NONE: unrated,
            InvestmentColor.BLUE: ~unrated & blue,
            InvestmentColor.GREEN: ~unrated & ~blue & green,
            InvestmentColor.YELLOW: ~unrated & ~green & yellow,
            InvestmentColor.RED: ~unrated & ~yellow,
        }

    def status(self):
        whens = [When(condition, then=Value(color.value)) for color, condition in self.conditions().items()]
        return Case(*whens, output_field=models.CharField())

    def gap_pp(self):
        """(1200·ytd − 100·m·plan) / (12·plan) as a float, NULL when the plan is not positive."""
        numerator = Cast(F("inv_ytd_c") * 1200 - F("inv_months") * 100 * F("inv_plan_c"), FloatField())
        return Case(
            When(inv_plan_c__gt=0, then=numerator / Cast(F("inv_plan_c") * 12, FloatField())),
            output_field=FloatField(),
        )
