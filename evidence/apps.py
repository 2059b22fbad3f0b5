from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("佐证材料")

    def ready(self):
        from . import signals  # noqa: F401  (the files go with their rows)
