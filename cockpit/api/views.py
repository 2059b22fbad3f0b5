"""The read-only cockpit API (/api/v1/). Each view reads through the same querysets, filters and selectors as the
pages (one definition of a list, a status, a ranking), and only reads: a write is 405 whatever the credentials."""

from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.filters import IndicatorFilter
from indicators.models import Indicator
from portal.dates import YearAsOfForm
from projects import dashboard
from projects.filters import ListEntryFilter
from projects.models import ListEntry
from ranking.table import ranking_table

from .. import seams
from ..goals import goal_rows
from . import serializers as s

YEAR_AS_OF = [
    OpenApiParameter("year", OpenApiTypes.INT, description="清单年度（默认今年）"),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="截止日期 YYYY-MM-DD（默认今天；往年为 12 月 31 日）"),
]
ROW_RELATED = ("project", "project__lead_unit")


def year_as_of(request):
    """(year, as_of) of the query string, as on the pages; a bad value is a 400 naming it."""
    form = YearAsOfForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.list_year, form.as_of_date


def with_statuses(rows, as_of):
    """The list's statuses, milestone counts and investment band as of a date, in SQL (the rules' SQL forms)."""
    rows = rows.select_related(*ROW_RELATED).with_status(as_of).with_investment_status(as_of)
    # The year-to-date sum in whole cents that the band is worked out from (`with_investment_status`'s alias).
    rows = rows.annotate(investment_ytd_cents=F("inv_ytd_c"))
    for row in rows:
        row.investment_ytd = Decimal(row.investment_ytd_cents) / 100
        yield row


class ProjectList(generics.ListAPIView):
    """The year's list filtered like the project list page (the same FilterSet), ordered by code, a page at a time:
    the page's codes are read first, then their statuses (a constant number of queries whatever the page size)."""

    serializer_class = s.ProjectRowSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ListEntryFilter

    def get_queryset(self):
        return ListEntry.objects.order_by("project__code", "pk")

    def list(self, request, *args, **kwargs):
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        ids = self.paginate_queryset(filterset.qs.values_list("pk", flat=True))
        rows = {row.pk: row for row in with_statuses(ListEntry.objects.filter(pk__in=ids), filterset.as_of_date)}
        serializer = self.get_serializer([rows[pk] for pk in ids], many=True)
        return self.get_paginated_response(serializer.data)


class ProjectDetail(APIView):
    """One project of the year's list with its milestones and their statuses as of the date."""

    @extend_schema(parameters=YEAR_AS_OF, responses=s.ProjectDetailSerializer)
    def get(self, request, code):
        year, as_of = year_as_of(request)
        entries = ListEntry.objects.filter(project__code=code, year=year)
        entry = next(with_statuses(entries, as_of), None)
        if entry is None:
            raise NotFound(_("没有 %(year)s 年清单中编号为 %(code)s 的项目") % {"year": year, "code": code})
        entry.milestones = list(entry.project.milestones.with_status(as_of).select_related("unit").order_by("seq"))
        return Response(s.ProjectDetailSerializer(entry).data)


def _counts(cells):
    return {cell["color"]: cell["count"] for cell in cells}


class Summary(APIView):
    """The year at a glance as of the date: batch × color, the goals, the investment, and the supervision counts and
    the closed months' trend once those apps are wired (`cockpit.seams`; null until then)."""

    @extend_schema(parameters=YEAR_AS_OF, responses=s.SummarySerializer)
    def get(self, request):
        year, as_of = year_as_of(request)
        matrix = dashboard.batch_status_matrix(year, as_of)
        investment = dashboard.investment(year, as_of)
        data = {
            "year": year,
            "as_of": as_of,
            "batch_status": [
                {"batch": r["batch"], "label": str(r["label"]), "counts": _counts(r["cells"]), "total": r["total"]}
                for r in matrix
            ],
            "goals": goal_rows(year, as_of),
            "investment": {
                "plan": investment.plan,
                "completed": investment.completed,
                "months": investment.months,
                "rate": investment.rate,
                "time_progress": investment.time_progress,
                "gap_pp": investment.gap,
                "status": investment.color,
            },
            "supervision": seams.supervision_counts(year, as_of),
            "trend": seams.month_trend(year),
        }
        return Response(s.SummarySerializer(data).data)


class Ranking(APIView):
    """The units' ranking (红黄榜) as its page shows it (`ranking.table`): units by milestone responsibility, worst
    first; the score only where weights are configured."""

    @extend_schema(parameters=YEAR_AS_OF, responses=s.RankingSerializer)
    def get(self, request):
        year, as_of = year_as_of(request)
        table = ranking_table(year, as_of)
        units = [
            {
                "rank": row.position,
                "unit": row.rank.unit,
                "red": row.rank.red,
                "yellow": row.rank.yellow,
                "done": row.rank.done,
                "on_time": row.rank.on_time,
                "on_time_rate": row.rank.on_time_pct,
                "plan_moves": row.rank.plan_moves,
                "late_reports": row.rank.late_reports,
                "orders_received": row.rank.orders_received,
                "orders_reply_on_time_rate": row.rank.reply_on_time_pct,
                "orders_reply_overdue": row.rank.orders_reply_overdue,
                "score": row.score,
            }
            for row in table.rows
        ]
        data = {"year": year, "as_of": as_of, "units": units, "score_formula": table.formula or None}
        return Response(s.RankingSerializer(data).data)


class IndicatorList(generics.ListAPIView):
    """The active indicators with their target, latest value and status for a year's period (the indicator list's
    FilterSet: `year`, `period`, `group`, `status`, `unit`)."""

    serializer_class = s.IndicatorSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return Indicator.objects.active().select_related("responsible_unit")

    def list(self, request, *args, **kwargs):
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs.order_by("sort_order", "code"))
        for row in page:
            row.year = filterset.year
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
