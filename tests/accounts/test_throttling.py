"""Throttling: allauth's rate limits, with failed log-ins counted per address and client.

The client is REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of ours the address that
many places from the right of X-Forwarded-For (issue 14, finding 4: behind the TLS proxy
every client shared the proxy's address, so anyone could lock anyone out).
"""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.254"


def log_in(client, email, password, **headers):
    return client.post(reverse("login"), {"login": email, "password": password}, **headers)


def lock_out(client, email, **headers):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert log_in(client, email, "wrong password", **headers).status_code == 200
    assert log_in(client, email, "wrong password", **headers).status_code == 429


def test_wrong_passwords_lock_the_address_out_even_for_the_right_password(
    client, user, password, rate_limits
):
    lock_out(client, user.email)

    response = log_in(client, user.email, password)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_out_holds_for_that_client_only(user, password, rate_limits):
    lock_out(Client(REMOTE_ADDR="192.0.2.10"), user.email)

    elsewhere = Client(REMOTE_ADDR="192.0.2.20")
    assert log_in(elsewhere, user.email, password).status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(user.pk)


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(
    user, password, rate_limits, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    lock_out(attacker, user.email)

    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(owner, user.email, password).status_code == 302


def test_behind_a_trusted_proxy_a_forged_forwarded_address_does_not_escape(
    user, password, rate_limits, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    lock_out(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5"), user.email)

    # The client sent its own X-Forwarded-For; our proxy appended the address it saw.
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    assert log_in(forged, user.email, password).status_code == 429


def test_without_trusted_proxies_the_forwarded_header_is_ignored(user, password, rate_limits):
    lock_out(Client(REMOTE_ADDR="192.0.2.10"), user.email)

    forged = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(forged, user.email, password).status_code == 429


def test_sign_ups_answer_429_after_the_configured_count(client, db, rate_limits, settings):
    allowed = int(settings.ACCOUNT_RATE_LIMITS["signup"].split("/")[0])
    for n in range(allowed):
        response = client.post(
            reverse("signup"),
            {
                "email": f"person{n}@example.com",
                "time_zone": "UTC",
                "password1": "a sturdy passphrase 42",
                "password2": "a sturdy passphrase 42",
            },
        )
        assert response.status_code == 302
        client.post(reverse("logout"))
    response = client.post(reverse("signup"), {"email": "one.more@example.com"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert User.objects.count() == allowed


def test_reset_mails_to_one_address_answer_429_after_the_configured_count(
    client, user, rate_limits, settings, send_mail_now
):
    per_address = int(settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")[1].split("/")[0])
    with send_mail_now():
        for _ in range(per_address):
            assert client.post(reverse("password_reset"), {"email": user.email}).status_code == 302
        assert client.post(reverse("password_reset"), {"email": user.email}).status_code == 429
    assert len(mail.outbox) == per_address
    # Another address is not held up by this one's limit.
    assert client.post(reverse("password_reset"), {"email": "x@example.com"}).status_code == 302


def test_a_second_confirmation_resend_within_the_cool_down_sends_nothing(
    db, rate_limits, send_mail_now
):
    from accounts.factories import UserFactory

    user = UserFactory(email="new@example.com", email_verified=False)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    resend = {"email": user.email, "action_send": ""}
    with send_mail_now():
        first = client.post(reverse("account_email"), resend)
        second = client.post(reverse("account_email"), resend)
    assert first.status_code == 302
    # allauth's cool-down (1 per address per 3 minutes) holds the second one back quietly.
    assert (first.status_code, second.status_code) == (302, 302)
    assert len(mail.outbox) == 1

    allowed = int(settings.ACCOUNT_RATE_LIMITS["manage_email"].split("/")[0])
    answers = [client.post(reverse("account_email"), resend).status_code for _ in range(allowed)]
    assert answers[-1] == 429
