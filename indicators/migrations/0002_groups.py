"""Indicator permissions for the two roles: managers set targets and enter values of every indicator;
unit staff enter the values of their unit's indicators (the unit check is in the views)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "管理人员"
STAFF = "填报人员"
MODELS = ["indicator", "target", "value"]

MANAGER_PERMS = ["enter_value", "set_target"] + [
    f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
]
STAFF_PERMS = ["enter_value"] + [f"view_{model}" for model in MODELS]


def add_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((MANAGERS, MANAGER_PERMS), (STAFF, STAFF_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
        group.permissions.add(*perms)


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="indicators")
    for group in Group.objects.filter(name__in=[MANAGERS, STAFF]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("projects", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
