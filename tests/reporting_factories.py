"""Monthly reports filed on a given day (their `created_at`, which the late flag reads), for the reporting tests."""

import datetime as dt

from django.utils import timezone

from projects.models import ProgressReport


def file_report(project, year, month, filed=None, at=dt.time(10, 0), **fields):
    """A report of (year, month) for the project, filed on the day `filed` (a date, in the zone's time zone; today
    when None) at the time `at`."""
    report = ProgressReport.objects.create(project=project, year=year, month=month, **fields)
    if filed is not None:
        created = timezone.make_aware(dt.datetime.combine(filed, at))
        ProgressReport.objects.filter(pk=report.pk).update(created_at=created)
        report.refresh_from_db()
    return report
