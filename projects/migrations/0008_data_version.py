# The data version moves to portal (portal.data_version), its triggers now created by this migration.

from django.db import migrations

from portal.data_version import WatchTables

WATCHED = [
    "projects_unit",
    "projects_project",
    "projects_project_responsible_units",
    "projects_listentry",
    "projects_milestone",
    "projects_progressreport",
]


def drop_old_triggers(apps, schema_editor):
    """The triggers that wrote projects_dataversion, installed after every migrate before this release."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'projects%changed'")
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS projects_data_changed()")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'projects%changed'")
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0003_data_version'),
        ('projects', '0007_pending_import'),
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='DataVersion',
        ),
        WatchTables(WATCHED),
    ]
