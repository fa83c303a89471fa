"""Email verification: usable at once, reminders only to a confirmed address, the Today page
asks for the confirmation (with a resend), existing users were migrated as confirmed."""

import datetime as dt
import importlib

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User
from reminders import services as reminder_services
from tests.reminders.conftest import due_thank_you

from .conftest import link_in, path_of

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)  # a Wednesday, outside quiet hours


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_sign_up_sends_a_confirmation_whose_link_verifies_the_address(client, send_mail_now):
    with send_mail_now():
        client.post(
            reverse("signup"),
            {
                "email": "sam@example.com",
                "time_zone": "UTC",
                "password1": "a sturdy passphrase 42",
                "password2": "a sturdy passphrase 42",
            },
        )
    user = User.objects.get()
    assert not user.has_verified_email
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    link = path_of(link_in(message, "/confirm-email/"))

    page = client.get(link)
    assert page.status_code == 200
    assert not user.has_verified_email  # a GET (a mail scanner's) confirms nothing
    client.post(link)
    assert user.has_verified_email


def test_an_unverified_user_gets_no_reminders_while_a_verified_one_does():
    verified = UserFactory(email="verified@example.com", time_zone="Europe/Berlin")
    unverified = UserFactory(
        email="unverified@example.com", time_zone="Europe/Berlin", email_verified=False
    )
    due_thank_you(owner=verified, now=NOW)
    waiting = due_thank_you(owner=unverified, now=NOW)

    with time_machine.travel(NOW, tick=False):
        reminder_services.dispatch_pass(now=NOW)

    assert [message.to for message in mail.outbox] == [["verified@example.com"]]

    # Once confirmed, the next pass sends the step that waited.
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    later = NOW + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        reminder_services.dispatch_pass(now=later)
    assert mail.outbox[-1].to == ["unverified@example.com"]
    assert waiting.interviewer.name in mail.outbox[-1].subject


def test_an_address_changed_by_hand_away_from_the_verified_one_is_not_verified():
    user = UserFactory(email="old@example.com")
    User.objects.filter(pk=user.pk).update(email="other@example.com")
    assert not User.objects.filter(pk=user.pk).with_verified_email().exists()


def test_today_asks_an_unverified_user_to_confirm_and_resends(send_mail_now):
    user = UserFactory(email="new@example.com", email_verified=False)
    client = signed_in(user)
    html = client.get(reverse("today")).content.decode()
    assert "Confirm your address to get reminders" in html
    assert "new@example.com" in html

    with send_mail_now():
        response = client.post(reverse("account_email"), {"email": user.email, "action_send": ""})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new@example.com"] and "/confirm-email/" in message.body


def test_today_and_profile_of_a_verified_user(user):
    client = signed_in(user)
    assert "Confirm your address" not in client.get(reverse("today")).content.decode()
    assert "Confirmed" in client.get(reverse("profile")).content.decode()


def test_the_profile_shows_an_unconfirmed_address():
    client = signed_in(UserFactory(email="new@example.com", email_verified=False))
    html = client.get(reverse("profile")).content.decode()
    assert "Not confirmed" in html
    assert "Reminder emails start once you confirm your address." in html


def test_existing_users_are_migrated_as_verified():
    before = UserFactory(email="early@example.com")
    EmailAddress.objects.filter(user=before).delete()
    migration = importlib.import_module("accounts.migrations.0003_existing_users_verified")

    migration.addresses_for_existing_users(apps, None)
    migration.addresses_for_existing_users(apps, None)  # a second run adds nothing

    [address] = EmailAddress.objects.filter(user=before)
    assert (address.email, address.primary, address.verified) == ("early@example.com", True, True)
    assert before.has_verified_email
