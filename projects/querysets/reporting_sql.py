"""The monthly report's late flag (../shared/docs/reporting.md, section 1) as SQL, for list-entry querysets.

The Python twin for one entry is `projects.reporting`, which states the rule; a hypothesis test holds the two equal
on SQLite and PostgreSQL. As in the status rules' SQL, what depends on the as-of date is worked out in Python (the
month that is due, its due day, the first moment after the as-of day) and compared with plain columns: a report is
found through the unique (project, year, month) index.
"""

import datetime as dt

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from .. import models as project_models
from ..reporting import EXEMPT_BATCH, Cadence


class ReportSQL:
    """Section 1 as of one date, for rows that are list entries (fields project_id, year, batch, listed_on)."""

    def __init__(self, as_of, cadence=None):
        self.as_of = as_of
        self.c = cadence or Cadence.current()
        self.month = self.c.latest_due_month(as_of.year, as_of)
        # Filed as of the date: saved before the next day began in the zone's time zone.
        self.filed_before = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))

    def _filed(self, year, month):
        """The outer entry's project's report of (year, month), filed as of the date."""
        return project_models.ProgressReport.objects.filter(
            project_id=OuterRef("project_id"), year=year, month=month, created_at__lt=self.filed_before
        )

    def missing_q(self, year, month):
        """Entries of `year` that owe the report of (year, month) and miss it as of the date (whether that month
        was due by then is the caller's: see `late_q`)."""
        due = self.c.due_date(year, month)
        owed = ~Q(batch=EXEMPT_BATCH) & (Q(listed_on__isnull=True) | Q(listed_on__lte=due))
        return Q(year=year) & owed & ~Exists(self._filed(year, month))

    def _missing_december_q(self):
        """Entries of the years before the as-of year that owe their December report and miss it. Their listing date
        lies in their own year (ListEntry.clean), so "listed by 12-<due day>" reads month and day."""
        listed = Q(listed_on__isnull=True) | Q(listed_on__month__lt=12) | Q(listed_on__day__lte=self.c.due_day)
        return (
            Q(year__lt=self.as_of.year) & ~Q(batch=EXEMPT_BATCH) & listed & ~Exists(self._filed(OuterRef("year"), 12))
        )

    def late_q(self):
        """未按时填报: the report of the latest month of the entry's year that was due before the date is missing."""
        past = self._missing_december_q()
        if self.month is None:  # nothing of this year was due yet
            return past
        return self.missing_q(self.as_of.year, self.month) | past

    def to_file_q(self):
        """待填报: the as-of month's report is owed and missing, and its due day has not passed; None when no month
        of the as-of date is in that state (after its due day)."""
        month = self.c.month_to_file(self.as_of.year, self.as_of)
        return None if month is None else self.missing_q(self.as_of.year, month)

    def late(self):
        """Each row's flag, True or False."""
        return Case(When(self.late_q(), then=Value(True)), default=Value(False), output_field=BooleanField())
