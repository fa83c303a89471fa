"""Two-factor sign-in (allauth MFA): a user turns on TOTP from the profile, gets recovery
codes, and from then on a log-in needs a code from the app (computed here from the secret)."""

import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PERIOD = 30


def code_for(secret: str) -> str:
    """What an authenticator app shows now (RFC 6238: HOTP over 30-second steps)."""
    counter = int(timezone.now().timestamp()) // PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def log_in(client, user, password):
    return client.post(reverse("login"), {"login": user.email, "password": password})


def turn_on_totp(client, password) -> str:
    """Reauthenticate, open the activation page, answer with a code; returns the secret."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response.url.startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    # Frozen: the code is computed and checked in one 30-second step (no tolerance is
    # configured, so a step boundary between the two would refuse it).
    with time_machine.travel(timezone.now(), tick=False):
        response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    return secret


def test_the_profile_leads_to_two_factor_sign_in(user_client):
    html = user_client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    page = user_client.get(reverse("mfa_index")).content.decode()
    assert "Turn on two-factor sign-in" in page


def test_turning_on_totp_gives_recovery_codes_and_log_in_then_asks_for_a_code(
    client, user, password, rate_limits
):
    log_in(client, user, password)
    secret = turn_on_totp(client, password)
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r'<li class="col">\w+</li>', codes)) == 10
    client.post(reverse("logout"))

    device = Client()
    response = log_in(device, user, password)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in device.session
    assert device.get(reverse("today")).status_code == 302  # not signed in yet

    wrong = device.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in device.session

    with time_machine.travel(timezone.now(), tick=False):
        response = device.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert device.session["_auth_user_id"] == str(user.pk)
    assert device.get(reverse("today")).status_code == 200


def test_a_used_code_cannot_log_in_twice(client, user, password, rate_limits):
    log_in(client, user, password)
    secret = turn_on_totp(client, password)
    client.post(reverse("logout"))
    first, second = Client(), Client()
    # Frozen: both tries fall in one 30-second step, so the code is the same.
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(secret)
        log_in(first, user, password)
        first.post(reverse("mfa_authenticate"), {"code": code})
        log_in(second, user, password)
        second.post(reverse("mfa_authenticate"), {"code": code})

    assert first.session.get("_auth_user_id") == str(user.pk)
    assert "_auth_user_id" not in second.session


def test_a_recovery_code_logs_in_once(client, user, password, rate_limits):
    log_in(client, user, password)
    turn_on_totp(client, password)
    codes = re.findall(
        r'<li class="col">(\w+)</li>',
        client.get(reverse("mfa_view_recovery_codes")).content.decode(),
    )
    client.post(reverse("logout"))

    device = Client()
    log_in(device, user, password)
    device.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert device.session["_auth_user_id"] == str(user.pk)

    again = Client()
    log_in(again, user, password)
    again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "_auth_user_id" not in again.session
