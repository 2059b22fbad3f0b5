from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户与账号")

    def ready(self):
        audit.connect()
