"""The two roles, as groups with their permissions: 管理人员 (managers) and 填报人员 (unit staff)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "管理人员"
STAFF = "填报人员"
MODELS = ["unit", "project", "listentry", "milestone", "progressreport"]

MANAGER_PERMS = ["change_plan", "report_progress", "import_list"] + [
    f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
]
STAFF_PERMS = ["report_progress"] + [f"view_{model}" for model in MODELS]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((MANAGERS, MANAGER_PERMS), (STAFF, STAFF_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="projects", codename__in=codenames)
        group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[MANAGERS, STAFF]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
