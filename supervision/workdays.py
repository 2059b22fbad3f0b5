"""China's official working days (weekends and public holidays off, adjusted working days 调休 on), from the
maintained `chinesecalendar` package. For a year the package does not know yet, Monday to Friday count, and the
result says so (`exact` False), for the page to tell the user."""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class Workday:
    day: dt.date
    exact: bool  # False: a day of a year the calendar does not know was counted as Monday to Friday


def is_workday(day):
    """(working day?, known to the official calendar?)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_workdays(start, n):
    """The `n`-th working day after `start` (start not counted; n >= 1)."""
    day, exact, counted = start, True, 0
    while counted < n:
        day += dt.timedelta(days=1)
        working, known = is_workday(day)
        exact = exact and known
        counted += working
    return Workday(day, exact)
