"""Supervision permissions for the two roles: unit staff sign for and answer their unit's orders (the unit check is
in the services); managers too, and they see the orders in the admin. Issuing and verifying is for managers
(User.is_manager)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "管理人员"
STAFF = "填报人员"
MODELS = ["supervisionorder", "reply", "extensionrequest", "orderlog"]

MANAGER_PERMS = ["answer_order"] + [f"view_{model}" for model in MODELS]
STAFF_PERMS = ["answer_order"]


def add_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((MANAGERS, MANAGER_PERMS), (STAFF, STAFF_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="supervision", codename__in=codenames)
        group.permissions.add(*perms)


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="supervision")
    for group in Group.objects.filter(name__in=[MANAGERS, STAFF]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("projects", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
