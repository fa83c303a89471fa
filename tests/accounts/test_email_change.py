"""Changing one's address: the new one is confirmed before it takes over; the old one is told."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from .conftest import link_in, path_of

pytestmark = pytest.mark.django_db


def test_a_new_address_takes_over_once_confirmed_and_the_old_one_is_told(
    user_client, user, send_mail_now
):
    with send_mail_now():
        response = user_client.post(
            reverse("account_email"), {"email": "Casey.New@Example.com", "action_add": ""}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "casey@example.com"  # nothing changes before the confirmation
    [confirmation] = mail.outbox
    assert confirmation.to == ["casey.new@example.com"]
    page = user_client.get(reverse("account_email")).content.decode()
    assert "Waiting for you to confirm" in page and "casey.new@example.com" in page

    link = path_of(link_in(confirmation, "/confirm-email/"))
    with send_mail_now():
        user_client.post(link)

    user.refresh_from_db()
    assert user.email == "casey.new@example.com"
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified")
    ) == [("casey.new@example.com", True, True)]
    assert user.has_verified_email
    notice = mail.outbox[-1]
    assert notice.to == ["casey@example.com"]
    assert "casey.new@example.com" in notice.body


def test_an_address_of_another_account_is_not_taken_over(user_client, user, other_user):
    user_client.post(reverse("account_email"), {"email": other_user.email, "action_add": ""})
    user.refresh_from_db()
    assert user.email == "casey@example.com"
    assert not EmailAddress.objects.filter(user=user, email=other_user.email, verified=True)
