"""The forms of the month's close: which month to close, the reason to reopen one, the trend page's year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.dates import MAX_YEAR, MIN_YEAR, YearAsOfMixin, year_field
from projects.models import ListEntry


class CloseForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新打开理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class TrendForm(YearAsOfMixin, forms.Form):
    """The `year` and `batch` of the trend page (this year, every batch, when missing or invalid)."""

    year = year_field()
    batch = forms.ChoiceField(label=_("批次"), required=False, choices=[("", _("全部批次")), *ListEntry.Batch.choices])

    @property
    def batch_value(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("batch") or ""
