from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目督办")

    def ready(self):
        from .data_version import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="projects.data_version")
