"""Where the cockpit reads the apps being built beside it, once they are installed (two named seams).

- `supervision_counts(year, as_of)`: the supervision orders' counts for the zone (the supervision app,
  ../shared/docs/supervision.md); `summary/` and the wall screen show them when there are any.
- `month_trend(year)`: the colors per closed month (the month's close, reporting.md section 3); the screen's trend.

Each reads its app only when `django.apps.apps.is_installed(<app>)` and the setting naming the app's public selector
(`COCKPIT_SUPERVISION_COUNTS`, `COCKPIT_MONTH_TREND`: a dotted path to a function taking the arguments above and
returning plain JSON-able values) is set; otherwise it returns None and the API says null. Wiring an app is setting
its path in settings (no code here changes), e.g. `supervision.metrics.zone_counts`, `monthclose.trends.project_counts`.
"""

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

SUPERVISION_APP, MONTH_CLOSE_APP = "supervision", "monthclose"


def _selector(app, setting):
    path = getattr(settings, setting, "")
    return import_string(path) if path and apps.is_installed(app) else None


def supervision_counts(year, as_of):
    """{name: count} of the supervision orders of the year as of the date, or None (no supervision app wired)."""
    selector = _selector(SUPERVISION_APP, "COCKPIT_SUPERVISION_COUNTS")
    return None if selector is None else selector(year, as_of)


def month_trend(year):
    """{month: {color: count}} of the year's closed months, or None (no month's close wired)."""
    selector = _selector(MONTH_CLOSE_APP, "COCKPIT_MONTH_TREND")
    return None if selector is None else selector(year)
