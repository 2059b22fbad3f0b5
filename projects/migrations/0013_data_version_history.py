# The milestones' history under the data version (portal.data_version): the ranking counts plan moves from it
# (projects.querysets.accountability_sql) and is cached; a record written without its milestone still changes the
# version.

from django.db import migrations

from portal.data_version import WatchTables


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0003_data_version"),
        ("projects", "0012_full_width_punctuation"),
    ]

    operations = [WatchTables(["projects_historicalmilestone"])]
