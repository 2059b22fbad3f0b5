"""The four-color rules (../shared/docs/status-rules.md, sections 1 and 2) for one object, in Python.

This is the specification's twin: `milestone_color` (rule 1) and `project_color` (rule 2), both reading the
thresholds from settings. Lists use the rules' SQL form (`projects.querysets.status_sql`); a hypothesis test holds
the two equal on SQLite and PostgreSQL.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Color(models.TextChoices):
    RED = "red", _("红色 · 滞后督办")
    YELLOW = "yellow", _("黄色 · 超期预警")
    GREEN = "green", _("绿色 · 推进正常")
    BLUE = "blue", _("蓝色 · 超前示范")
    NONE = "none", _("未评估")


# Severity order used when sorting by status: red first, "none" last.
SEVERITY = [Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.NONE]
SEVERITY_RANK = {color.value: rank for rank, color in enumerate(SEVERITY)}


@dataclass(frozen=True)
class Thresholds:
    yellow: int
    red: int
    blue: int
    due_soon: int

    @classmethod
    def current(cls):
        """The thresholds in force, read from settings at call time (tests may override them)."""
        return cls(
            yellow=settings.YELLOW_OVERDUE_DAYS,
            red=settings.RED_OVERDUE_DAYS,
            blue=settings.BLUE_AHEAD_DAYS,
            due_soon=settings.DUE_SOON_DAYS,
        )


# --- Python: one object -------------------------------------------------------------------------------


def is_done(actual_date, as_of):
    """Done as of `as_of` only when finished on or before it (a report for 30 June knows nothing of July)."""
    return actual_date is not None and actual_date <= as_of


def milestone_color(planned_date, actual_date, is_exempt, as_of, thresholds=None):
    """Rule 1: the color of one milestone as of a date; None for an exempt milestone (it counts nowhere)."""
    t = thresholds or Thresholds.current()
    if is_exempt:
        return None
    if is_done(actual_date, as_of):
        return Color.BLUE if (planned_date - actual_date).days >= t.blue else Color.GREEN
    late = (as_of - planned_date).days
    if late >= t.red:
        return Color.RED
    if late >= t.yellow:
        return Color.YELLOW
    return Color.GREEN


def project_color(milestones, as_of, thresholds=None):
    """Rule 2: a project's schedule status from its milestones (objects with planned/actual/is_exempt)."""
    t = thresholds or Thresholds.current()
    rated = [
        (m, milestone_color(m.planned_date, m.actual_date, m.is_exempt, as_of, t))
        for m in milestones
        if not m.is_exempt
    ]
    if not rated:
        return Color.NONE
    colors = {color for _m, color in rated}
    if Color.RED in colors:
        return Color.RED
    if Color.YELLOW in colors:
        return Color.YELLOW
    done = [m.actual_date for m, _c in rated if is_done(m.actual_date, as_of)]
    if done:
        last = max(done)
        if any(color == Color.BLUE and m.actual_date == last for m, color in rated):
            return Color.BLUE
    return Color.GREEN
