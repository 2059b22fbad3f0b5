"""The database's data version: triggers that replace `DataVersion.token` whenever a row of a watched table changes.

Installed after every `migrate` (and `flush`) by a post_migrate handler, idempotently, so a migration that rebuilds
a table (SQLite rebuilds tables to alter them, dropping their triggers) cannot leave it unwatched.

- PostgreSQL: a deferred constraint trigger per table runs at commit, and only its first run in a transaction
  writes the token (a transaction-local flag), so a writer holds the token's row lock only while it commits: no
  waits behind a long import and no deadlock with rows locked earlier in the transaction.
- SQLite: a row trigger per table and event (SQLite has no other kind; its writers are serialized anyway).

A token is random: a value written by a transaction that rolled back is never written again.
"""

import secrets

from django.db import connections

TOKEN_TABLE = "projects_dataversion"
FUNCTION = "projects_data_changed"


def watched_tables():
    """Every table of this app's models (many-to-many tables included) but the token's and the history's."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model._meta.db_table
        for model in apps.get_app_config("projects").get_models(include_auto_created=True)
        if model._meta.db_table != TOKEN_TABLE and not issubclass(model, HistoricalChanges)
    ]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('projects.data_changed', true) IS DISTINCT FROM 'y' THEN
        PERFORM set_config('projects.data_changed', 'y', true);
        INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    END IF;
    RETURN NULL;
END $$;
"""

SQLITE_EVENTS = ["INSERT", "UPDATE", "DELETE"]


def trigger_name(table, event=None):
    return f"{table}_changed" if event is None else f"{table}_{event.lower()}_changed"


def install_triggers(using="default"):
    """(Re)create the triggers of every watched table and make sure a token exists (idempotent)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        _ensure_token(cursor)
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for table in watched_tables():
                name = trigger_name(table)
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                )
        elif connection.vendor == "sqlite":
            for table in watched_tables():
                for event in SQLITE_EVENTS:
                    name = trigger_name(table, event)
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                        f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, hex(randomblob(16))) "
                        f"ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
                    )


def _ensure_token(cursor):
    """A first token, so that caching starts before the first write (an existing one is kept)."""
    cursor.execute(
        f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, %s) ON CONFLICT (id) DO NOTHING", [secrets.token_hex(16)]
    )


def installed_triggers(using="default"):
    """The names of this module's triggers present in the database (for checks and tests)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["projects_%_changed"])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'projects_%_changed'")
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(vendor):
    if vendor == "postgresql":
        return {trigger_name(table) for table in watched_tables()}
    return {trigger_name(table, event) for table in watched_tables() for event in SQLITE_EVENTS}


def current_token(using="default"):
    """The token of the committed data as this connection sees it, or None when the table was emptied since the
    last migrate (then nothing is cached until the next write)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TOKEN_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def on_post_migrate(sender, using="default", **kwargs):
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(connection.introspection.table_names())
    if tables.issuperset([*watched_tables(), TOKEN_TABLE]):  # not when migrated back before them
        install_triggers(using)
