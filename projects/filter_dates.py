"""The list year and as-of date shared by the project list, the overdue list, the dashboard and the project page.

Each reads `year` (this year when missing or out of range) and `as_of` (today when missing) from the query
string, and puts the defaults into the form so that it shows what the page computes. `int_param` reads the other
whole numbers of a query string (a report's year and month, an indicator's period) with a range and a default."""

from django.utils import timezone

from .years import MAX_YEAR, MIN_YEAR

__all__ = ["MAX_YEAR", "MIN_YEAR", "YearAsOfMixin", "int_param", "with_defaults"]


def int_param(text, default, low, high):
    """A whole number from the query string within [low, high]; the default when missing, not a number or out of
    range (what `str.isdigit` accepts, such as "²", is not always a number)."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def with_defaults(data):
    """A copy of the query data with this year and today (`year`, `as_of`) filled in where missing."""
    data = data.copy() if data is not None else {}
    today = timezone.localdate()
    if not data.get("year"):
        data["year"] = str(today.year)
    if not data.get("as_of"):
        data["as_of"] = today.isoformat()
    return data


class YearAsOfMixin:
    """For a FilterSet with `year` and `as_of` fields: the values every row on the page is computed with."""

    def _cleaned(self, name):
        if not hasattr(self.form, "cleaned_data"):
            self.form.is_valid()
        return getattr(self.form, "cleaned_data", {}).get(name)

    @property
    def as_of_date(self):
        """The as-of date of every status on the page: the chosen date, or today."""
        return self._cleaned("as_of") or timezone.localdate()

    @property
    def list_year(self):
        """The list's year: the chosen year within MIN_YEAR..MAX_YEAR, or this year."""
        year = self._cleaned("year")
        return int(year) if year and MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year

    def filter_nothing(self, queryset, name, value):
        """For fields read through the properties above rather than filtered on."""
        return queryset
