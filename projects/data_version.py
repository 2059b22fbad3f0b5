"""The database's data version: triggers that replace `DataVersion.token` whenever a row of a watched table changes.

Installed after every `migrate` (and `flush`) by a post_migrate handler, in one transaction: missing triggers are
created (SQLite drops a table's triggers when a migration rebuilds it) and the token is replaced, since a migration
may have changed rows while a table was unwatched. Migrating back before 0005 removes them (with the token's table).

- PostgreSQL: a deferred constraint trigger per table runs at commit, and only its first run in a transaction
  writes the token (a transaction-local flag), so a writer takes the token row's lock only when it commits: a long
  import does not make other writers wait for its whole duration. A statement trigger per table covers TRUNCATE.
- SQLite: a row trigger per table and event (SQLite has no other kind; its writers are serialized anyway).

A token is random: a value written by a transaction that rolled back is never written again.
Not seen: writes with triggers disabled (`session_replication_role = replica`, `pg_restore --disable-triggers`);
run `migrate` afterwards, which replaces the token.
"""

import secrets

from django.db import connections, transaction

TOKEN_TABLE = "projects_dataversion"
FUNCTION = "projects_data_changed"
SQLITE_EVENTS = ["INSERT", "UPDATE", "DELETE"]

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


def watched_tables():
    """Every table of this app's models (many-to-many tables included) but the token's, the history's and those of
    models that say they hold no list data (`data_version_watched = False`: a workbook waiting for its
    confirmation)."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model._meta.db_table
        for model in apps.get_app_config("projects").get_models(include_auto_created=True)
        if model._meta.db_table != TOKEN_TABLE
        and not issubclass(model, HistoricalChanges)
        and getattr(model, "data_version_watched", True)
    ]


def _postgres_triggers(table):
    """{name: CREATE statement} of one table's triggers on PostgreSQL."""
    return {
        f"{table}_changed": (
            f"CREATE CONSTRAINT TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        ),
        f"{table}_truncate_changed": (
            f"CREATE TRIGGER {table}_truncate_changed AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        ),
    }


def _sqlite_triggers(table):
    """{name: CREATE statement} of one table's triggers on SQLite."""
    return {
        f"{table}_{event.lower()}_changed": (
            f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} BEGIN "
            f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, hex(randomblob(16))) "
            f"ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
        )
        for event in SQLITE_EVENTS
    }


def _triggers(vendor):
    make = _postgres_triggers if vendor == "postgresql" else _sqlite_triggers
    return {name: sql for table in watched_tables() for name, sql in make(table).items()}


def expected_triggers(vendor):
    return set(_triggers(vendor))


def install_triggers(using="default"):
    """Create the missing triggers and replace the token, in one transaction (idempotent)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        present = installed_triggers(using)
        for name, create in _triggers(connection.vendor).items():
            if name not in present:
                cursor.execute(create)
        upsert = f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET token = %s"
        token = secrets.token_hex(16)
        cursor.execute(upsert, [token, token])


def remove_triggers(using="default"):
    """Drop every trigger of this module (and the PostgreSQL function): before the token's table goes."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name in installed_triggers(using):
            if connection.vendor == "postgresql":
                cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [name])
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {cursor.fetchone()[0]}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def installed_triggers(using="default"):
    """The names of this module's triggers present in the database (for checks and tests)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'projects%changed'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'projects%changed'")
        return {row[0] for row in cursor.fetchall()}


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
    if tables.issuperset([*watched_tables(), TOKEN_TABLE]):
        install_triggers(using)
    elif TOKEN_TABLE not in tables:  # migrated back before 0005
        remove_triggers(using)
