from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthcloseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monthclose"
    verbose_name = _("月度亮灯结果")
