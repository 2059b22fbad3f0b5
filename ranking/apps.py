from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingConfig(AppConfig):
    name = "ranking"
    verbose_name = _("红黄榜")

    def ready(self):
        from . import score  # noqa: F401  (registers the check of RANKING_WEIGHTS, as Django's docs do it)
