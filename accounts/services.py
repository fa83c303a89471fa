"""Writes to a user's own account (sign-up and login are Django's auth views and forms)."""

from typing import Any

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
