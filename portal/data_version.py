"""The database's data version: a token that triggers replace whenever a row of a watched table changes.

Whole-list aggregates are cached against it (`portal.aggregate_cache`): a result computed from the data is reused
only while the token it was computed under is still the current one. The triggers write the token in the writing
transaction, whoever writes (pages, admin, import, a SQL console; not writes made with triggers disabled).

Which tables are watched is written in the migrations, with the `WatchTables` operation (reversible: migrating back
before the migration that first watches a table drops its triggers). On SQLite a migration that rebuilds a watched
table (most `AlterField`, `AddField` with a default) drops its triggers with it: such a migration wraps its operations
in `watched(tables, *operations)`, which watches them again after the operations, and again after they are reversed.
A test checks that every table of the project list has its triggers after `migrate`.

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


RENEW_TOKEN = f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET token = %s"


def renew_token(execute):
    """Replace the token (after writes the triggers did not see); `execute(sql, params)` runs the statement."""
    token = secrets.token_hex(16)
    execute(RENEW_TOKEN, [token, token])


class WatchTables(Operation):
    """A migration operation: the tables' writes replace the data version (their triggers created, or created again
    when a rebuild dropped them). Migrating back drops them, unless `again` (a table watched by an earlier migration,
    whose triggers are then created again: see `watched`)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, tables, again=False):
        self.tables = list(tables)
        self.again = again

    def deconstruct(self):
        return self.__class__.__name__, [self.tables], {"again": self.again} if self.again else {}

    def state_forwards(self, app_label, state):
        pass

    def _create(self, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(POSTGRES_FUNCTION)
        for table in self.tables:
            for name, create in trigger_statements(vendor, table).items():
                schema_editor.execute(_drop_statement(vendor, name, table))
                schema_editor.execute(create)
        renew_token(schema_editor.execute)  # the rows may have changed while the table was not watched

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._create(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self.again:
            self._create(schema_editor)
            return
        vendor = schema_editor.connection.vendor
        for table in self.tables:
            for name in trigger_statements(vendor, table):
                schema_editor.execute(_drop_statement(vendor, name, table))
        if vendor == "postgresql":  # the function goes with the last trigger that calls it
            # starts_with, not LIKE '…%': the schema editor's statements go through the driver's placeholders.
            schema_editor.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE starts_with(tgname, '{PREFIX}')) THEN "
                f"DROP FUNCTION IF EXISTS {FUNCTION}(); END IF; END $$"
            )

    def describe(self):
        return f"Watch the tables {', '.join(self.tables)} for the data version"


def watched(tables, *operations):
    """Migration operations that change watched tables, with the tables watched again after them and after their
    reversal (on SQLite, rebuilding a table drops its triggers)."""
    return [WatchTables(tables, again=True), *operations, WatchTables(tables, again=True)]


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
