"""Replace the data version, so that no cached whole-list aggregate is reused (portal.data_version)."""

from django.core.management.base import BaseCommand
from django.db import connections

from portal.data_version import current_token, renew_token


class Command(BaseCommand):
    help = (
        "Replace the data version token: run it after writing to the list's tables with their triggers disabled "
        "(session_replication_role = replica, pg_restore --disable-triggers), which the token did not see."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        with connections[database].cursor() as cursor:
            renew_token(cursor.execute)
        self.stdout.write(f"data version {current_token(database)}")
