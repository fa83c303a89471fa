"""Signed one-click links in reminder emails (django.core.signing, tamper-proof, expiring).

A token carries the user id, the step id and the action; each kind of link has its own
salt, so a "mark done" token is never accepted as an unsubscribe token or the reverse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

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


def step_action_token(*, user_id: int, step_id: int, action: str) -> str:
    """A signed token for "mark done" / "snooze" of one step of one user."""
    if action not in STEP_ACTIONS:
        raise ValueError(action)
    signer = signing.TimestampSigner(salt=_STEP_SALT)
    return signer.sign_object({"u": user_id, "s": step_id, "a": action})


def read_step_action(token: str) -> StepAction:
    """The action a token stands for; `InvalidLink` when expired, tampered or malformed."""
    signer = signing.TimestampSigner(salt=_STEP_SALT)
    try:
        payload = signer.unsign_object(token, max_age=STEP_ACTION_MAX_AGE)
        action = StepAction(int(payload["u"]), int(payload["s"]), str(payload["a"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(str(error)) from error
    if action.action not in STEP_ACTIONS:
        raise InvalidLink("unknown action")
    return action


def unsubscribe_token(*, user_id: int) -> str:
    """A signed token that pauses all reminders of one user."""
    return signing.TimestampSigner(salt=_UNSUBSCRIBE_SALT).sign_object({"u": user_id})


def read_unsubscribe(token: str) -> int:
    """The user id of an unsubscribe token; `InvalidLink` when expired or tampered."""
    signer = signing.TimestampSigner(salt=_UNSUBSCRIBE_SALT)
    try:
        return int(signer.unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(str(error)) from error


def absolute(url_name: str, *args) -> str:
    """An absolute link for an email, on SITE_URL."""
    return settings.SITE_URL + reverse(url_name, args=args)


def step_action_url(*, user_id: int, step_id: int, action: str) -> str:
    token = step_action_token(user_id=user_id, step_id=step_id, action=action)
    return absolute("reminders:step_action", token)


def unsubscribe_url(*, user_id: int) -> str:
    return absolute("reminders:unsubscribe", unsubscribe_token(user_id=user_id))
