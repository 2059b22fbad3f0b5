# The year's goals under the data version (portal.data_version): the dashboard reads them through the aggregate
# cache, and an edited goal is seen at once.

from django.db import migrations

from portal.data_version import WatchTables


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0003_data_version"),
        ("cockpit", "0003_full_width_punctuation"),
    ]

    operations = [WatchTables(["cockpit_yeargoal"])]
