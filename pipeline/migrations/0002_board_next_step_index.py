"""An index for the board's next steps: each application's open steps in due order.

The board shows, on each open card, the application's most urgent open follow-up step
(`pipeline.selectors._NEXT_STEP_SQL`). Without this index each card's lookup reads every step
of the application and sorts the open ones; with it, it reads the first entry. The steps
belong to the followups app, but the board is the one reading them this way, so the index
is created here, in SQL both PostgreSQL and SQLite understand (a partial index). Nothing in
the models changes, hence no state operation.
"""

from django.db import migrations

INDEX = "pipeline_board_next_step_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0001_initial"),
        ("followups", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                f"CREATE INDEX {INDEX} ON followups_followupstep (application_id, due_at, id) "
                "WHERE status = 'pending' AND due_at IS NOT NULL"
            ),
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
