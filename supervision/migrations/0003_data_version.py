# The supervision tables under the data version (portal.data_version): the dashboard's, the ranking's and the
# badge's order aggregates are then cached like the list's, and a write is seen at once.

from django.db import migrations

from portal.data_version import WatchTables

WATCHED = [
    "supervision_supervisionorder",
    "supervision_supervisionorder_co_units",
    "supervision_ordermilestone",
    "supervision_reply",
    "supervision_extensionrequest",
    "supervision_orderlog",
    "supervision_ordercounter",
]


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0003_data_version"),
        ("supervision", "0002_groups"),
    ]

    operations = [WatchTables(WATCHED)]
