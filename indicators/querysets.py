"""Read queries on indicators: targets, latest values and status as of a year's period, all in SQL."""

from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Coalesce

from projects.models import ProgressReport
from projects.querysets import industrial_q

from . import models as indicator_models
from .status import IndicatorColor, IndicatorStatusSQL

AMOUNT_FIELD = DecimalField(max_digits=20, decimal_places=6)
YI_PER_WAN = Decimal("0.0001")  # 1 万元 = 0.0001 亿元 (a product: SQLite would divide integers as integers)


INDUSTRIAL = "industrial"  # Indicator.Derivation.INDUSTRIAL (the models import this module)


def derived_reports(year, derivation=None):
    """The reports an indicator derived from the projects adds up: those of `year` of the projects in its list, all of
    them or only the industrial ones (`derivation` "industrial", by category: `projects.querysets.industrial_q`)."""
    reports = ProgressReport.objects.in_list(year)
    return reports.filter(industrial_q("project__category")) if derivation == INDUSTRIAL else reports


def derived_investment(year, month, derivation=None):
    """Sum (万元) of the monthly completed investment, months 1..month, of the projects in `year`'s list (all of them
    or the industrial ones, see `derived_reports`)."""
    return (
        derived_reports(year, derivation)
        .filter(month__lte=month)
        .order_by()
        .values("year")
        .annotate(s=Sum("investment_completed"))
        .values("s")
    )


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        """Indicators in use."""
        return self.filter(is_active=True)

    def with_figures(self, year, period):
        """Annotate the year's target and the latest value up to `period` (end month of 1–N月).

        `target_value`, `target_comparator`, `period_month` (the latest period reported, ≤ `period`),
        `value_cum`, `growth_yoy`. Indicators derived from projects take `value_cum` (亿元) from the project
        list's reports for months 1..`period` (0 without any), and `period_month` = `period`. The target and the
        latest value are joined (at most one row each: one target per year, one value per period), so the figures
        are plain columns; `reported_value`/`reported_month` alias the joined value's own columns.
        """
        latest = indicator_models.Value.objects.filter(indicator=OuterRef("pk"), year=year, month__lte=period).order_by(
            "-month"
        )
        is_derived = Q(derived_from_projects=True)

        def derived(derivation=None):
            # No report yet adds 0, as on the indicator's page and the dashboard's investment card.
            reported = Coalesce(
                Subquery(derived_investment(year, period, derivation), output_field=AMOUNT_FIELD),
                V(0, output_field=AMOUNT_FIELD),
            )
            return ExpressionWrapper(reported * V(YI_PER_WAN), output_field=AMOUNT_FIELD)

        return (
            self.alias(
                ind_target=FilteredRelation("targets", condition=Q(targets__year=year)),
                ind_value=FilteredRelation(
                    "values", condition=Q(values__year=year, values__month=Subquery(latest.values("month")[:1]))
                ),
            )
            .alias(reported_value=F("ind_value__value_cum"), reported_month=F("ind_value__month"))
            .annotate(
                target_value=F("ind_target__value"),
                target_comparator=F("ind_target__comparator"),
                growth_yoy=F("ind_value__growth_yoy"),
                value_cum=Case(
                    When(is_derived & Q(derivation=INDUSTRIAL), then=derived(INDUSTRIAL)),
                    When(is_derived, then=derived()),
                    default=F("reported_value"),
                ),
                period_month=Case(
                    When(is_derived, then=V(period)), default=F("reported_month"), output_field=models.IntegerField()
                ),
            )
        )

    def with_status(self, year, period):
        """Figures (see `with_figures`) plus `status` and the alias `status_rank` as of the year's period.

        `status_rank` (red first, none last) is an alias for `order_by`/`filter`, not a selected column.
        """
        sql = IndicatorStatusSQL(
            target=F("target_value"),
            comparator=F("target_comparator"),
            month=F("reported_month"),
            value_cum=F("reported_value"),
            growth=F("growth_yoy"),
            amount_value=F("value_cum"),
            amount_month=F("period_month"),
        )
        status = sql.status()
        return (
            self.with_figures(year, period)
            .annotate(status=status)
            .alias(status_rank=sql.status_rank(F("status")))  # not selected: compiled only when sorting by it
        )

    def with_status_filter(self, year, period, *colors):
        """Only indicators with one of the colors as of the year's period (annotates like `with_status`)."""
        return self.with_status(year, period).filter(status__in=[str(c) for c in colors])

    def order_by_severity(self):
        """Red first, then yellow, green, blue, none; then in the indicators' own order."""
        return self.order_by("status_rank", "sort_order", "code")

    def status_counts(self, year, period):
        """{color: count} over these indicators, in one query."""
        rows = self.with_status(year, period).order_by().values("status").annotate(n=models.Count("pk"))
        counts = {color.value: 0 for color in IndicatorColor}
        counts.update({row["status"]: row["n"] for row in rows})
        return counts
