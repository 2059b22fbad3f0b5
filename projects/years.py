"""The years a list, a report or an indicator value may have: one range for models, forms, filters, imports and
commands, and the validators that hold query-string years and as-of dates to it (a date far outside it would
overflow the date arithmetic of the status rules)."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy

MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
DATE_VALIDATORS = [MinValueValidator(dt.date(MIN_YEAR, 1, 1)), MaxValueValidator(dt.date(MAX_YEAR, 12, 31))]


def _name_range(message):
    return str(message) % {"min": MIN_YEAR, "max": MAX_YEAR}


# A message with %(min)s and %(max)s filled with the range when it is shown (in the language active then).
naming_year_range = lazy(_name_range, str)
