"""Field validators shared by the models, the page forms and the workbook import."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def not_in_future(day):
    """An actual date (实际完成、开工、竣工) has happened: it is not after today."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(_("不能晚于今天 (%(today)s)") % {"today": today.isoformat()}, code="future")
