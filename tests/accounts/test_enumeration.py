"""Sign-up, password reset and log-in answer alike whether or not an address has an account
(ACCOUNT_PREVENT_ENUMERATION, and accounts.forms.SignupForm for the sign-up)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

KNOWN, UNKNOWN = "casey@example.com", "nobody.here@example.com"


def comparable(response) -> tuple[int, str, str]:
    """Status, redirect target and page text, without the per-request nonce and CSRF token."""
    text = response.content.decode()
    text = re.sub(r'nonce="[^"]*"', "", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return response.status_code, response.get("Location", ""), text


def signup(client, email):
    return client.post(
        reverse("signup"),
        {
            "email": email,
            "full_name": "Sam",
            "time_zone": "UTC",
            "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42",
        },
    )


def test_sign_up_answers_alike_for_a_taken_and_a_new_address(user, send_mail_now):
    assert user.email == KNOWN
    with send_mail_now():
        taken = signup(Client(), KNOWN.upper())
        new = signup(Client(), UNKNOWN)

    assert comparable(taken) == comparable(new)
    assert taken.status_code == 302
    assert User.objects.count() == 2
    # Each address hears what concerns it: "you already have an account" / "confirm".
    assert sorted(message.to[0] for message in mail.outbox) == sorted([KNOWN, UNKNOWN])


def test_password_reset_answers_alike_for_a_known_and_an_unknown_address(user, send_mail_now):
    known_client, unknown_client = Client(), Client()
    with send_mail_now():
        known = known_client.post(reverse("password_reset"), {"email": KNOWN})
        unknown = unknown_client.post(reverse("password_reset"), {"email": UNKNOWN})
    assert comparable(known) == comparable(unknown)
    assert comparable(known_client.get(known.url)) == comparable(unknown_client.get(unknown.url))
    assert len(mail.outbox) == 2


def test_log_in_answers_alike_for_a_wrong_password_and_an_unknown_address(user):
    wrong_password = Client().post(reverse("login"), {"login": KNOWN, "password": "nope"})
    unknown = Client().post(reverse("login"), {"login": UNKNOWN, "password": "nope"})
    status, _, text = comparable(wrong_password)
    assert status == 200
    assert (status, text.replace(KNOWN, UNKNOWN)) == (
        comparable(unknown)[0],
        comparable(unknown)[2],
    )
