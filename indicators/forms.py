from django import forms
from django.utils.translation import gettext_lazy as _

from portal.dates import MAX_YEAR, MIN_YEAR

from .explain import period_label
from .models import Target, Value


class PeriodVersionForm(forms.Form):
    """`version` is the version of the period the form was opened for (`version_of`, see `period_key`; 0 or missing:
    the period had no figures then). When the user picks another period in the form, it does not apply there: the
    save counts as a first entry, refused if that period has one (whose values are then shown)."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    version_of = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def period_key(year, month=None):
        return f"{year}" if month is None else f"{year}-{month}"

    def clean(self):
        data = super().clean()
        if not data.get("version") or data.get("version_of") != self.period_key(*self.period(data)):
            data["version"] = 0
        return data


class ValueForm(PeriodVersionForm):
    """A period's cumulative figures; `version` is the one shown, for a correction of an existing period."""

    year = forms.IntegerField(label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    month = forms.TypedChoiceField(label=_("截止月份"), coerce=int, help_text=_("1月数据并入1–2月"))
    value_cum = forms.DecimalField(
        label=Value._meta.get_field("value_cum").verbose_name, required=False, max_digits=14, decimal_places=2
    )
    growth_yoy = forms.DecimalField(label=_("累计同比增长（%）"), required=False, max_digits=8, decimal_places=2)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m, period_label(m)) for m in indicator.allowed_months()]
        self.fields["value_cum"].label = _("累计值（%(measure)s）") % {"measure": indicator.measure}

    @staticmethod
    def period(data):
        return data.get("year"), data.get("month")

    def clean(self):
        data = super().clean()
        if data.get("value_cum") is None and data.get("growth_yoy") is None:
            raise forms.ValidationError(_("累计值和累计同比增长至少填写一项"))
        return data


class TargetForm(PeriodVersionForm):
    """A year's target; `version` is the one shown (none when the year had no target)."""

    year = forms.IntegerField(label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    value = forms.DecimalField(label=_("目标值"), max_digits=14, decimal_places=2)
    comparator = forms.ChoiceField(label=_("目标表述"), choices=Target.Comparator.choices)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    @staticmethod
    def period(data):
        return (data.get("year"),)
