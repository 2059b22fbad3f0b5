"""Years, as-of dates and whole numbers read from a query string: one range for every model, form, filter, import
and command, and the defaults every page with a year and an as-of date shares.

A year or an as-of date far outside the range would overflow the date arithmetic of the status rules, so query
strings are held to it by the validators below. A page reads `year` (this year when missing or out of range) and
`as_of` (`default_as_of`: today, or the year's last day once the year is over) and shows those defaults in its form.
"""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
DATE_VALIDATORS = [MinValueValidator(dt.date(MIN_YEAR, 1, 1)), MaxValueValidator(dt.date(MAX_YEAR, 12, 31))]


def _name_range(message):
    return str(message) % {"min": MIN_YEAR, "max": MAX_YEAR}


# A message with %(min)s and %(max)s filled with the range when it is shown (in the language active then).
naming_year_range = lazy(_name_range, str)


def int_param(text, default, low, high):
    """A whole number from the query string within [low, high]; the default when missing, not a number or out of
    range (what `str.isdigit` accepts, such as "²", is not always a number)."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def default_as_of(year, today=None):
    """The as-of date a page with `year` opens on: today, or 31 December of a year already over (a past year's
    list is read as it ended, not with every month since counted as unreported)."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31)) if MIN_YEAR <= year <= MAX_YEAR else today


def with_defaults(data):
    """A copy of the query data with this year and its as-of date (`year`, `as_of`, see `default_as_of`) filled in
    where missing."""
    data = data.copy() if data is not None else {}
    today = timezone.localdate()
    if not data.get("year"):
        data["year"] = str(today.year)
    if not data.get("as_of"):
        year = int_param(data.get("year"), today.year, MIN_YEAR, MAX_YEAR)
        data["as_of"] = default_as_of(year, today).isoformat()
    return data


class DateInput(forms.DateInput):
    """A date box with the browser's date picker, written and read as YYYY-MM-DD. `until_today` (a day that has
    happened) or `from_today` (a day still to come) keep the picker to the days the server accepts, as of the day
    the page is drawn."""

    input_type = "date"

    def __init__(self, *, until_today=False, from_today=False, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
        self.until_today, self.from_today = until_today, from_today

    def get_context(self, name, value, attrs):
        today = timezone.localdate().isoformat()
        bounds = {"max": today} if self.until_today else {"min": today} if self.from_today else {}
        return super().get_context(name, value, {**(attrs or {}), **bounds})


def year_field():
    return forms.IntegerField(label=_("清单年度"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


def as_of_field():
    return forms.DateField(label=_("截止日期"), required=False, widget=DateInput(), validators=DATE_VALIDATORS)


class YearAsOfMixin:
    """For a form or a FilterSet with `year` and `as_of` fields: the values every row on the page is computed with
    (an invalid value keeps its default; the form shows the error)."""

    def _cleaned(self, name):
        form = getattr(self, "form", self)  # a FilterSet holds its form; a form is its own
        if not hasattr(form, "cleaned_data"):
            form.is_valid()
        return getattr(form, "cleaned_data", {}).get(name)

    @property
    def as_of_date(self):
        """The as-of date of every status on the page: the chosen date, or the year's default (`default_as_of`)."""
        return self._cleaned("as_of") or default_as_of(self.list_year)

    @property
    def list_year(self):
        """The list's year: the chosen year within MIN_YEAR..MAX_YEAR, or this year."""
        year = self._cleaned("year")
        return int(year) if year and MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year

    def filter_nothing(self, queryset, name, value):
        """For fields read through the properties above rather than filtered on."""
        return queryset


class AsOfForm(YearAsOfMixin, forms.Form):
    """The `as_of` query parameter of a page (today when missing or invalid); the field shows the date used."""

    as_of = as_of_field()

    def __init__(self, data=None, **kwargs):
        super().__init__(with_defaults(data), **kwargs)


class YearAsOfForm(AsOfForm):
    """The `year` and `as_of` query parameters of a page (this year and today when missing or invalid)."""

    year = year_field()
    field_order = ["year", "as_of"]
