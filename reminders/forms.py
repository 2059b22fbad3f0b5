from django import forms

from portal.dates import MAX_YEAR, MIN_YEAR
from projects.models import Unit


class ChaseForm(forms.Form):
    """催报: the unit and the month whose missing reports a manager chases (hidden fields of the 未报 summary)."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.all())
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    month = forms.IntegerField(min_value=1, max_value=12)
