from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "cockpit"
    verbose_name = _("数字驾驶舱")
