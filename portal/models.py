from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

MANAGERS_GROUP = "管理人员"
STAFF_GROUP = "填报人员"


class User(AbstractUser):
    """A person who logs in: unit staff (填报人员), managers (管理人员) or administrators (superusers)."""

    unit = models.ForeignKey(
        "projects.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("填报人员只能更新本单位牵头或负责的项目"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def is_manager(self):
        """Managers review everything and change plans; superusers are managers too."""
        return self.is_active and (self.is_superuser or self.has_perm("projects.change_plan"))

    @property
    def display_name(self):
        return self.get_full_name() or self.username
