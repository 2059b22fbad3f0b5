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


class DataVersion(models.Model):
    """A token that the database replaces whenever a row of a watched table changes (`portal.data_version`); whole-list
    aggregates cached against it are not served after the data they were computed from has changed. One row, id 1."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return self.token
