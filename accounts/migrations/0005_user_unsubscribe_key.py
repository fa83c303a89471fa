"""A random key per user for the unsubscribe links of reminder emails, so the links no longer
carry the user's id (reminders/tokens.py). Existing users get one each."""

from django.db import migrations, models

import accounts.models


def give_each_user_a_key(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = list(User.objects.filter(unsubscribe_key=None).only("pk"))
    for user in users:
        user.unsubscribe_key = accounts.models.new_unsubscribe_key()
    User.objects.bulk_update(users, ["unsubscribe_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_drop_axes_tables")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unsubscribe_key",
            field=models.CharField(max_length=32, null=True, editable=False),
        ),
        migrations.RunPython(give_each_user_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="unsubscribe_key",
            field=models.CharField(
                max_length=32,
                unique=True,
                default=accounts.models.new_unsubscribe_key,
                editable=False,
            ),
        ),
    ]
