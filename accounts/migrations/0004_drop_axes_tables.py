"""The tables django-axes left behind when accounts moved to django-allauth.

They hold the address and IP of past sign-ins (and failed ones), which nothing reads or deletes
any more, not even an account's deletion: dropped where they exist, with axes's rows in
Django's migration history. A database created after the move has none of them.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

# Children first: an expiration row points at its attempt.
AXES_TABLES = (
    "axes_accessattemptexpiration",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
)


def drop_axes_tables(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    for table in AXES_TABLES:
        if table in existing:
            schema_editor.execute(
                schema_editor.sql_delete_table % {"table": schema_editor.quote_name(table)}
            )
    MigrationRecorder(connection).migration_qs.filter(app="axes").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_existing_users_verified")]

    operations = [migrations.RunPython(drop_axes_tables, migrations.RunPython.noop)]
