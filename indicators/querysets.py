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

from .status import IndicatorStatusSQL

AMOUNT_FIELD = DecimalField(max_digits=20, decimal_places=6)
YI_PER_WAN = Decimal("0.0001")  # 1 万元 = 0.0001 亿元 (a product: SQLite would divide integers as integers)


def derived_investment(year, month):
    """Sum (万元) of the monthly completed investment, months 1..month, of the projects in `year`'s list."""
    from projects.models import ProgressReport

    return (
        ProgressReport.objects.filter(year=year, month__lte=month, project__list_entries__year=year)
        .order_by()
        .values("year")
        .annotate(s=Sum("investment_completed"))
        .values("s")
    )


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        """Indicators in use."""
        return self.filter(is_active=True)

    def _figures(self, year, period):
        """(queryset with the target and latest-value joins, the figure expressions by name)."""
        from .models import Value

        latest_month = Value.objects.filter(indicator=OuterRef("pk"), year=year, month__lte=period).order_by("-month")
        qs = self.annotate(
            ind_target=FilteredRelation("targets", condition=Q(targets__year=year)),
            ind_value=FilteredRelation(
                "values", condition=Q(values__year=year, values__month=Subquery(latest_month.values("month")[:1]))
            ),
        )
        is_derived = Q(derived_from_projects=True)
        derived = ExpressionWrapper(
            Subquery(derived_investment(year, period), output_field=AMOUNT_FIELD) * V(YI_PER_WAN),
            output_field=AMOUNT_FIELD,
        )
        figures = {
            "target_value": F("ind_target__value"),
            "target_comparator": F("ind_target__comparator"),
            "value_cum": F("ind_value__value_cum"),
            "growth_yoy": F("ind_value__growth_yoy"),
            "period_month": F("ind_value__month"),
            # derived from the project list: the sum of the reports of months 1..period, as of the period
            "amount_value": Case(When(is_derived, then=derived), default=F("ind_value__value_cum")),
            "amount_month": Case(
                When(is_derived, then=V(period)), default=F("ind_value__month"), output_field=models.IntegerField()
            ),
        }
        return qs, figures

    def with_figures(self, year, period):
        """Annotate the year's target and the latest value up to `period` (end month of 1–N月).

        `target_value`, `target_comparator`, `period_month` (the latest period reported, ≤ `period`),
        `value_cum`, `growth_yoy`. Indicators derived from projects take `value_cum` (亿元) from the project
        list's reports for months 1..`period`, and `period_month` = `period`. Targets and values are joined
        (one row each at most: one target per year, one value per period), not read by subqueries.
        """
        qs, f = self._figures(year, period)
        return qs.annotate(
            target_value=f["target_value"],
            target_comparator=f["target_comparator"],
            value_cum=f["amount_value"],
            growth_yoy=f["growth_yoy"],
            period_month=f["amount_month"],
        )

    def with_status(self, year, period):
        """Figures (see `with_figures`) plus `status` and the alias `status_rank` as of the year's period.

        `status_rank` (red first, none last) is an alias for `order_by`/`filter`, not a selected column.
        """
        qs, f = self._figures(year, period)
        sql = IndicatorStatusSQL(
            target=f["target_value"],
            comparator=f["target_comparator"],
            month=f["period_month"],
            value_cum=f["value_cum"],
            growth=f["growth_yoy"],
            amount_value=f["amount_value"],
            amount_month=f["amount_month"],
        )
        status = sql.status()
        return qs.annotate(
            target_value=f["target_value"],
            target_comparator=f["target_comparator"],
            value_cum=f["amount_value"],
            growth_yoy=f["growth_yoy"],
            period_month=f["amount_month"],
            status=status,
        ).alias(status_rank=sql.status_rank(status))  # not selected: compiled only when sorting by it

    def with_status_filter(self, year, period, *colors):
        """Only indicators with one of the colors as of the year's period (annotates like `with_status`)."""
        return self.with_status(year, period).filter(status__in=[str(c) for c in colors])

    def order_by_severity(self):
        """Red first, then yellow, green, blue, none; then in the indicators' own order."""
        return self.order_by("status_rank", "sort_order", "code")

    def status_counts(self, year, period):
        """{color: count} over these indicators, in one query."""
        from projects.status import Color

        rows = self.with_status(year, period).order_by().values("status").annotate(n=models.Count("pk"))
        counts = {color.value: 0 for color in Color}
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    def editable_values_by(self, user):
        """Indicators whose values the user may enter: all for managers, their unit's for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_manager:
            return self
        if not user.unit_id or not user.has_perm("indicators.enter_value"):
            return self.none()
        return self.filter(responsible_unit_id=user.unit_id)
