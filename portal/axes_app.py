"""django-axes (the login lockout) under a name in the site's languages: its admin section read "Axes"."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录锁定")
