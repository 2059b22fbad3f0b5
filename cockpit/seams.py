"""Where the cockpit reads the apps built beside it, each only while `django.apps.apps.is_installed(<app>)`.

- `supervision_counts(year, as_of)`: the zone's supervision orders (section 4 of ../shared/docs/supervision.md,
  through the app's public selector `supervision.metrics.zone_figures`); `summary/` and the wall screen show them.
- `month_trend(year)`: the colors per closed month (the month's close, reporting.md section 3), the screen's trend.
  A SEAM: the month's close is being built in parallel. Wire it by setting `COCKPIT_MONTH_TREND` to the dotted path of
  its public selector, a function of the year returning {month: {color: count}} (`monthclose.trends.project_counts`
  on its branch); until then, and while the app is not installed, it returns None and the API says null.
"""

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

from supervision.metrics import COLUMNS, zone_figures

SUPERVISION_APP, MONTH_CLOSE_APP = "supervision", "monthclose"
SUPERVISION_COUNTS = (*COLUMNS, "escalated")


def _selector(app, setting):
    path = getattr(settings, setting, "")
    return import_string(path) if path and apps.is_installed(app) else None


def supervision_counts(year, as_of):
    """{received, replied_on_time, reply_overdue, open, closed, closed_on_time, escalated}: the zone's supervision
    orders of the year as of the date, or None when the supervision app is not installed."""
    if not apps.is_installed(SUPERVISION_APP):
        return None
    zone = zone_figures(year, as_of)
    return {name: getattr(zone, name) for name in SUPERVISION_COUNTS}


def month_trend(year):
    """{month: {color: count}} of the year's closed months, or None (no month's close wired)."""
    selector = _selector(MONTH_CLOSE_APP, "COCKPIT_MONTH_TREND")
    return None if selector is None else selector(year)
