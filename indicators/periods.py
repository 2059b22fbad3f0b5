"""The year and period (1–N月) an indicator page opens on when the query string names none."""

from django.db.models import Max

from projects.investment import MIN_MONTHS, months_elapsed

from .models import Target


def default_year(today):
    """This year when it has targets, else the latest earlier year that has (the demo's report year)."""
    latest = Target.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"]
    return latest or today.year


def default_period(year, today):
    """The months of `year` elapsed by today, as the dashboard counts them (a month's last day counts it), at least
    1–2月: the 年度投资 indicator and the dashboard's investment card then add up the same months."""
    return max(months_elapsed(year, today), MIN_MONTHS)
