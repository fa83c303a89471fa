from django.db import migrations, models

import reminders.models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_delivery_outcomes_and_attempts"),
    ]

    # Added without a default first: one default for every existing row would break the
    # unique constraint. Existing rows keep null (their old readable-id links stop working).
    operations = [
        migrations.AddField(
            model_name="reminderdelivery",
            name="link_key",
            field=models.CharField(
                blank=True, editable=False, max_length=32, null=True, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="reminderdelivery",
            name="link_key",
            field=models.CharField(
                blank=True,
                default=reminders.models.new_link_key,
                editable=False,
                max_length=32,
                null=True,
                unique=True,
            ),
        ),
    ]
