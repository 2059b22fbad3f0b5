"""The monthly report's due date and the late flag (../shared/docs/reporting.md, section 1) for one list entry, in
Python.

- A list entry of year `y` in the batches 开工, 在建 and 投用 (not 储备) owes one progress report per month of `y`; the
  report of month `m` is due on day `REPORT_DUE_DAY` of `m`.
- A project listed mid-year (the entry's `listed_on`) owes no report due before that day; an empty `listed_on` means
  the whole year. The entry is per year and the list has no other date: `listed_on` is the one optional field that
  says when a project joined a year's list.
- A report counts as filed as of `d` once it was first saved (`created_at`, in the zone's time zone) on or before
  `d`: a report filed late is missing until the day it is filed, and filed from then on. A correction changes
  nothing here (it keeps `created_at`).
- **Late (未按时填报)** as of `d`: the report of the latest month of the entry's year whose due day is before `d` is
  owed and missing. On the due day itself the month's report is not late yet: it is **to file** (待填报) from the
  first of its month to its due day.

Computed as of a date, never stored. The SQL twin for querysets is `projects.querysets.reporting_sql`; a hypothesis
test holds the two equal on SQLite and PostgreSQL.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

EXEMPT_BATCH = "reserve"  # 储备: a project being prepared reports nothing yet


@dataclass(frozen=True)
class Cadence:
    due_day: int
    remind_days: int

    @classmethod
    def current(cls):
        """The settings in force, read at call time (tests may override them)."""
        return cls(due_day=settings.REPORT_DUE_DAY, remind_days=settings.REPORT_REMIND_DAYS)

    def due_date(self, year, month):
        """The day the report of (year, month) is due."""
        return dt.date(year, month, self.due_day)

    def latest_due_month(self, year, as_of):
        """The latest month of `year` whose report was due before `as_of`, or None (none was due yet)."""
        if year < as_of.year:
            return 12
        if year > as_of.year:
            return None
        month = as_of.month if as_of.day > self.due_day else as_of.month - 1
        return month or None

    def month_to_file(self, year, as_of):
        """The month of `year` whose report is to be filed and not late yet as of `as_of` (the as-of month's, up to
        and on its due day), or None."""
        return as_of.month if year == as_of.year and as_of.day <= self.due_day else None

    def months_due(self, year, as_of):
        """The months of `year` whose report was due before `as_of` (1..latest)."""
        return range(1, (self.latest_due_month(year, as_of) or 0) + 1)


def filed_on(created_at):
    """The day a report was filed, in the zone's time zone."""
    return timezone.localdate(created_at)


def owes_report(batch, listed_on, year, month, cadence=None):
    """Whether a list entry owes the report of (year, month): not 储备, and listed on or before its due day."""
    c = cadence or Cadence.current()
    return batch != EXEMPT_BATCH and (listed_on is None or listed_on <= c.due_date(year, month))


def report_missing(batch, listed_on, year, month, filed_day, as_of, cadence=None):
    """Whether the owed report of (year, month) is missing as of `as_of` (`filed_day`: None when never filed)."""
    owed = owes_report(batch, listed_on, year, month, cadence)
    return owed and (filed_day is None or filed_day > as_of)


def late_month(batch, listed_on, year, filed, as_of, cadence=None):
    """The month whose report makes the entry late as of `as_of` (未按时填报), or None. `filed` maps a month of the
    entry's year to the day its report was filed."""
    c = cadence or Cadence.current()
    month = c.latest_due_month(year, as_of)
    if month is None or not report_missing(batch, listed_on, year, month, filed.get(month), as_of, c):
        return None
    return month


def month_to_file(batch, listed_on, year, filed, as_of, cadence=None):
    """The month whose owed report the entry has still to file, not late yet, as of `as_of` (this month's, before
    its due day has passed), or None."""
    c = cadence or Cadence.current()
    month = c.month_to_file(year, as_of)
    if month is None or not report_missing(batch, listed_on, year, month, filed.get(month), as_of, c):
        return None
    return month


def first_unreported_month(batch, listed_on, year, reported, today, cadence=None):
    """The earliest month of `year` up to this month (every month of a past year) whose owed report was never filed,
    or None: the month the report form opens on. `reported` holds the months with a report."""
    c = cadence or Cadence.current()
    last = 12 if year < today.year else today.month if year == today.year else 0
    owed = (m for m in range(1, last + 1) if owes_report(batch, listed_on, year, m, c) and m not in reported)
    return next(owed, None)


def entry_late_month(entry, reports, as_of):
    """`late_month` of one ListEntry from the project's ProgressReports (any years). Only the latest due month's
    report can make it late, so only its filing day is read (a list page asks this of every row)."""
    c = Cadence.current()
    month = c.latest_due_month(entry.year, as_of)
    filed = {r.month: filed_on(r.created_at) for r in reports if r.year == entry.year and r.month == month}
    return late_month(entry.batch, entry.listed_on, entry.year, filed, as_of, c)
