"""Accountability against the baseline (../shared/docs/reporting.md, section 4) as SQL, for milestone rows.

Colors use the current plan; accountability uses the baseline (the first planned date, `baseline_date`):

- **A move later (调整计划)**: a history record of the milestone (django-simple-history, one per save) whose planned
  date is later than that of the record before it. Counted as of `d`: the records saved by the end of `d` in the
  zone's time zone. `plan_moves` is their number, `plan_moved_days` the days they added up (a move earlier is not
  subtracted: it does not undo the accountability of the moves later). A milestone with no history record at all
  (rows written without `save()`, as the synthetic benchmark data is) counts one move of `planned − baseline` days
  when its plan lies after its baseline.
- **Finished late (逾期完成)**: done by `d` after its baseline date, `late_done_days` = actual − baseline, whatever its
  color (a plan moved to the finish date makes it green, never on time).

Exempt milestones count nowhere, as for the colors (callers filter them).
"""

import datetime as dt

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import models as project_models
from .status_sql import DaysBetween


def end_of(day):
    """The first moment after `day` in the zone's time zone (records saved before it were saved by that day)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class AccountabilitySQL:
    """Section 4 as of one date, for rows that are milestones."""

    def __init__(self, as_of):
        self.as_of = as_of
        self.cut = end_of(as_of)

    def _history(self):
        return project_models.Milestone.history.model.objects

    def _records(self):
        """The history records of the outer milestone saved by the end of the date."""
        return self._history().filter(id=OuterRef("pk"), history_date__lt=self.cut)

    def _moves_later(self):
        """The outer milestone's records that moved its plan later than the record before them."""
        before = self._history().filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        previous = Subquery(before.order_by("-history_id").values("planned_date")[:1])
        return self._records().annotate(previous_plan=previous).filter(planned_date__gt=F("previous_plan"))

    def _unrecorded_slip_q(self):
        """No history record at all, and the plan after the baseline (data written without save())."""
        records = self._history().filter(id=OuterRef("pk"))
        return ~Exists(records) & Q(planned_date__gt=F("baseline_date"))

    def moved_q(self):
        """The plan was moved later as of the date."""
        return Exists(self._moves_later()) | self._unrecorded_slip_q()

    def _sum(self, aggregate):
        rows = self._moves_later().order_by().values("id").annotate(v=aggregate).values("v")
        return Subquery(rows, output_field=IntegerField())

    def plan_moves(self):
        """The number of moves later as of the date."""
        return Case(
            When(self._unrecorded_slip_q(), then=Value(1)),
            default=Coalesce(self._sum(Count("pk")), 0),
            output_field=IntegerField(),
        )

    def plan_moved_days(self):
        """The days the moves later added, as of the date."""
        return Case(
            When(self._unrecorded_slip_q(), then=DaysBetween(F("planned_date"), F("baseline_date"))),
            default=Coalesce(self._sum(Sum(DaysBetween(F("planned_date"), F("previous_plan")))), 0),
            output_field=IntegerField(),
        )

    def late_done_q(self):
        """Done by the date, after its baseline date (逾期完成)."""
        return Q(actual_date__lte=self.as_of, actual_date__gt=F("baseline_date"))

    def on_time_q(self):
        """Done by the date, on or before its baseline date (on time for the ranking)."""
        return Q(actual_date__lte=self.as_of) & Q(actual_date__lte=F("baseline_date"))

    def late_done_days(self):
        """Days after the baseline of a milestone finished late as of the date (NULL otherwise)."""
        return Case(
            When(self.late_done_q(), then=DaysBetween(F("actual_date"), F("baseline_date"))),
            output_field=IntegerField(),
        )
