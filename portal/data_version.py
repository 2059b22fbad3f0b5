"""The database's data version: a token that triggers replace whenever a row of a watched table changes.

Whole-list aggregates are cached against it (`portal.aggregate_cache`): a result computed from the data is reused
only while the token it was computed under is still the current one. The triggers write the token in the writing
transaction, whoever writes (pages, admin, import, a SQL console; not writes made with triggers disabled).

Which tables are watched is written in the migrations, with the `WatchTables` operation (reversible: migrating back
drops the triggers). On SQLite a migration that rebuilds a watched table drops its triggers with it: such a migration
watches the table again (a test checks that every table the apps declare in `WATCHED` has its triggers after
`migrate`).

- PostgreSQL: a deferred constraint trigger per table runs at commit, and only its first run in a transaction
  writes the token (a transaction-local flag), so a writer takes the token row's lock only when it commits. A
  statement trigger per table covers TRUNCATE.
- SQLite: a row trigger per table and event (SQLite has no other kind; its writers are serialized anyway).

A token is random: a value written by a transaction that rolled back is never written again.
"""

import secrets

from django.db import connections
from django.db.migrations.operations.base import Operation

TOKEN_TABLE = "portal_dataversion"
FUNCTION = "data_version_changed"
PREFIX = "data_version_"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('data_version.changed', true) IS DISTINCT FROM 'y' THEN
        PERFORM set_config('data_version.changed', 'y', true);
        INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    END IF;
    RETURN NULL;
END $$;
"""


def trigger_statements(vendor, table):
    """{trigger name: CREATE statement} of one table's triggers."""
    if vendor == "postgresql":
        return {
            f"{PREFIX}{table}": (
                f"CREATE CONSTRAINT TRIGGER {PREFIX}{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            ),
            f"{PREFIX}{table}_truncate": (
                f"CREATE TRIGGER {PREFIX}{table}_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            ),
        }
    return {
        f"{PREFIX}{table}_{event.lower()}": (
            f"CREATE TRIGGER {PREFIX}{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
            f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, hex(randomblob(16))) "
            f"ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
        )
        for event in ("INSERT", "UPDATE", "DELETE")
    }


def _drop_statement(vendor, name, table):
    return f"DROP TRIGGER IF EXISTS {name} ON {table}" if vendor == "postgresql" else f"DROP TRIGGER IF EXISTS {name}"


def renew_token(cursor):
    """Replace the token (after writes the triggers did not see)."""
    token = secrets.token_hex(16)
    cursor.execute(
        f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET token = %s",
        [token, token],
    )


class WatchTables(Operation):
    """A migration operation: the tables' writes replace the data version (triggers created, or re-created when a
    rebuild dropped them); migrating back drops them."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, tables):
        self.tables = list(tables)

    def deconstruct(self):
        return self.__class__.__name__, [self.tables], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(POSTGRES_FUNCTION)
        for table in self.tables:
            for name, create in trigger_statements(vendor, table).items():
                schema_editor.execute(_drop_statement(vendor, name, table))
                schema_editor.execute(create)
        with schema_editor.connection.cursor() as cursor:
            renew_token(cursor)  # the rows may have changed while the table was not watched

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        for table in self.tables:
            for name in trigger_statements(vendor, table):
                schema_editor.execute(_drop_statement(vendor, name, table))

    def describe(self):
        return f"Watch the tables {', '.join(self.tables)} for the data version"


def installed_triggers(using="default"):
    """The names of the data version's triggers present in the database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{PREFIX}%"])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"])
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(vendor, tables):
    return {name for table in tables for name in trigger_statements(vendor, table)}


def current_token(using="default"):
    """The token of the committed data as this connection sees it, or None when the table is empty (nothing is
    cached until the next write)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TOKEN_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None
