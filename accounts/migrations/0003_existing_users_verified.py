"""Users who signed up before django-allauth arrived keep getting their reminders: their
address becomes an allauth EmailAddress, primary and verified (nothing verified it then, but
turning their reminders off overnight would break a promise they rely on)."""

from django.db import migrations


def addresses_for_existing_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    having = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), primary=True, verified=True)
            for pk, email in User.objects.exclude(pk__in=having).values_list("pk", "email")
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_date_order"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(addresses_for_existing_users, migrations.RunPython.noop)]
