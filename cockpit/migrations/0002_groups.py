"""The wall screen's permission: managers see it, and the read-only 大屏 group (a screen's account) sees it and reads
every page. Managers maintain the year's goals and the API tokens in the admin (administrators too)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "管理人员"
SCREEN = "大屏"
MANAGER_PERMS = ["view_screen"] + [f"{a}_yeargoal" for a in ("add", "change", "delete", "view")]
SCREEN_PERMS = ["view_screen"]


def add_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((MANAGERS, MANAGER_PERMS), (SCREEN, SCREEN_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="cockpit", codename__in=codenames))


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=SCREEN).delete()
    for group in Group.objects.filter(name=MANAGERS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="cockpit"))


class Migration(migrations.Migration):
    dependencies = [
        ("cockpit", "0001_initial"),
        ("projects", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
