"""The year and period (1–N月) an indicator page opens on when the query string names none."""

from django.db.models import Max

from .models import Target


def default_year(today):
    """This year when it has targets, else the latest earlier year that has (the demo's report year)."""
    latest = Target.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"]
    return latest or today.year


def default_period(year, today):
    """The last month fully elapsed for this year (at least 1–2月), December for past years."""
    if year < today.year:
        return 12
    return min(max(today.month - 1, 2), 12)
