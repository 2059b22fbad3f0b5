from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户与账号")

    def ready(self):
        from . import audit  # signal receivers need the models, which are ready only now

        audit.connect()
