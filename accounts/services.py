"""Writes to a user's own account, and the account emails' way out (sign-up, log-in and the
rest are django-allauth's, extended in accounts/adapter.py)."""

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from . import signals
from .models import User


@transaction.atomic
def profile_update(*, user: User, **fields: Any) -> User:
    """Save the user's profile, zone, plan defaults and reminder preferences, and announce
    the change (`signals.plan_preferences_changed`): the plan follows a new zone or target."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    signals.plan_preferences_changed.send(sender=User, user=user, at=timezone.now())
    return user


def account_email_queue(*, message: EmailMessage) -> None:
    """Queue a rendered account email (confirmation, reset, notice) for the Celery worker,
    once the current transaction commits: the request never waits for SMTP."""
    from .tasks import send_account_email

    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }
    transaction.on_commit(lambda: send_account_email.delay(payload))


def account_email_send(*, payload: dict) -> None:
    """Send one queued account email."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        headers=payload.get("headers") or None,
    )
    for content, mimetype in payload.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    message.send()


def addresses_confirmed(*, users) -> None:
    """Record the primary address of each of `users` as confirmed (users made in bulk, as the
    benchmarks and the reminder tests make them, and as the migration did for users from
    before allauth): reminder emails go only to confirmed addresses."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users],
        batch_size=1000,
    )
