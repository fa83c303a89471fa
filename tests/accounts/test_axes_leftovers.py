"""The sign-in records django-axes left in a database older than allauth are dropped
(accounts/migrations/0004_drop_axes_tables.py)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

migration = importlib.import_module("accounts.migrations.0004_drop_axes_tables")

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_axes_tables_and_their_history_are_dropped():
    with connection.schema_editor() as editor:
        for table in ("axes_accessattempt", "axes_accesslog"):
            editor.execute(
                f"CREATE TABLE {editor.quote_name(table)} (id integer PRIMARY KEY, username text)"
            )
        editor.execute(
            f"INSERT INTO {editor.quote_name('axes_accesslog')} VALUES (1, 'casey@example.com')"
        )
    MigrationRecorder(connection).record_applied("axes", "0001_initial")

    with connection.schema_editor() as editor:
        migration.drop_axes_tables(None, editor)

    tables = set(connection.introspection.table_names())
    assert not tables & set(migration.AXES_TABLES)
    assert not MigrationRecorder(connection).migration_qs.filter(app="axes").exists()
    assert "accounts_user" in tables  # nothing else goes


def test_a_database_without_them_is_left_as_it_is():
    before = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        migration.drop_axes_tables(None, editor)
    assert set(connection.introspection.table_names()) == before
