"""Signed one-click links in reminder emails (django.core.signing, tamper-proof, expiring).

An unsubscribe token is the user's random `unsubscribe_key` with a timestamp and signature.
A "Mark done" / "Snooze" token is `<link key>.<action>:<timestamp>:<signature>`. The link key
is the random `ReminderDelivery.link_key` of the reminder it came with, so the token shows no
user or step id; the signature is keyed with the user's password hash (as Django's
password-reset tokens are), so every link dies with a password change. Each kind of link has
its own salt, so a "mark done" token is never accepted as an unsubscribe token or the reverse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from core.links import url_with_id

from .models import ReminderDelivery

STEP_ACTIONS = ("done", "snooze")
STEP_ACTION_MAX_AGE = dt.timedelta(days=14)
# Unsubscribing from an old email is harmless and should keep working longer.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=90)
_STEP_SALT = "reminders.step-action"
_UNSUBSCRIBE_SALT = "reminders.unsubscribe"


class InvalidLink(Exception):
    """The link is expired, tampered with, or not meant for this step or user."""


@dataclass(frozen=True)
class StepAction:
    user_id: int
    step_id: int
    action: str


def _step_signer(user) -> signing.TimestampSigner:
    # The password hash changes with every password change (new salt): old links stop
    # verifying. It only keys the HMAC; nothing of it is in the token.
    return signing.TimestampSigner(salt=f"{_STEP_SALT}:{user.pk}:{user.password}")


def step_action_token(*, delivery, action: str, user=None) -> str:
    """A signed token for "mark done" / "snooze" of the step a delivery reminded its owner of
    (`user`: the delivery's owner, when at hand)."""
    if action not in STEP_ACTIONS:
        raise ValueError(action)
    if not delivery.link_key or delivery.step_id is None:
        raise ValueError("a step reminder's delivery row is needed")
    return _step_signer(user or delivery.owner).sign(f"{delivery.link_key}.{action}")


def read_step_action(token: str) -> StepAction:
    """The action a token stands for; `InvalidLink` when expired, tampered or malformed, or
    when its user's password changed since."""
    link_key, _, action = token.split(":", 1)[0].partition(".")
    if action not in STEP_ACTIONS or not link_key:
        raise InvalidLink("malformed")
    delivery = (
        ReminderDelivery.objects.select_related("owner")
        .filter(link_key=link_key, step__isnull=False)
        .first()
    )
    if delivery is None:
        raise InvalidLink("unknown link")
    try:
        _step_signer(delivery.owner).unsign(token, max_age=STEP_ACTION_MAX_AGE)
    except signing.BadSignature as error:
        raise InvalidLink(str(error)) from error
    return StepAction(delivery.owner_id, delivery.step_id, action)


def unsubscribe_token(*, user) -> str:
    """A signed token that pauses all reminders of one user: their random unsubscribe key,
    not their id."""
    return signing.TimestampSigner(salt=_UNSUBSCRIBE_SALT).sign(user.unsubscribe_key)


def read_unsubscribe(token: str) -> int:
    """The user id of an unsubscribe token; `InvalidLink` when expired, tampered or unknown.

    Links sent before the keys (until 2026-12-03) carried the id itself (`{"u": id}`); they
    keep working until they expire (UNSUBSCRIBE_MAX_AGE), and this branch can go after that.
    """
    signer = signing.TimestampSigner(salt=_UNSUBSCRIBE_SALT)
    try:
        value = signer.unsign(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature as error:
        raise InvalidLink(str(error)) from error
    user_id = (
        get_user_model().objects.filter(unsubscribe_key=value).values_list("pk", flat=True).first()
    )
    if user_id is not None:
        return user_id
    try:
        return int(signer.unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink("unknown link") from error


def absolute(url_name: str, *args) -> str:
    """An absolute link for an email, on SITE_URL (a step's links: one `reverse` per URL
    name for a whole pass, `core.links.url_with_id`)."""
    if len(args) == 1 and isinstance(args[0], int):
        return settings.SITE_URL + url_with_id(url_name, args[0])
    return settings.SITE_URL + reverse(url_name, args=args)


def step_action_url(*, delivery, action: str, user=None) -> str:
    token = step_action_token(delivery=delivery, action=action, user=user)
    return absolute("reminders:step_action", token)


def unsubscribe_url(*, user) -> str:
    return absolute("reminders:unsubscribe", unsubscribe_token(user=user))
