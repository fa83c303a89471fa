import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_log_in_set_time_zone_and_log_out(client):
    response = client.post(
        reverse("signup"),
        {
            "email": "New.Person@Example.com",
            "full_name": "New Person",
            "time_zone": "Europe/Berlin",
            "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.time_zone == "Europe/Berlin"

    client.post(reverse("logout"))
    assert client.get(reverse("profile")).status_code == 302

    response = client.post(
        reverse("login"),
        {"username": "NEW.person@example.com", "password": "a sturdy passphrase 42"},
    )
    assert response.status_code == 302
    assert response.url == reverse("today")

    response = client.post(
        reverse("profile"),
        _profile_data(user, time_zone="America/New_York"),
        follow=True,
    )
    assert b"Your profile is saved." in response.content
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_up_refuses_a_taken_email(client, user):
    response = client.post(
        reverse("signup"),
        {
            "email": user.email.upper(),
            "time_zone": "UTC",
            "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_profile_refuses_an_unknown_time_zone(user_client, user):
    response = user_client.post(reverse("profile"), _profile_data(user, time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_profile_refuses_out_of_range_plan_defaults(user_client, user):
    response = user_client.post(reverse("profile"), _profile_data(user, max_follow_ups=50))
    assert response.status_code == 200
    assert "less than or equal to 5" in response.content.decode()
    user.refresh_from_db()
    assert user.max_follow_ups == 2


def test_password_reset_email_arrives_and_its_link_sets_a_new_password(client, user):
    client.post(reverse("password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    link = re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "another sturdy phrase 7", "new_password2": "another sturdy phrase 7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another sturdy phrase 7")


def test_password_reset_for_unknown_email_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(user_client, user, password):
    response = user_client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "brand new phrase 99",
            "new_password2": "brand new phrase 99",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new phrase 99")


@pytest.mark.parametrize("name", ["today", "profile", "password_change"])
def test_anonymous_user_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", ["landing", "login", "signup", "password_reset"])
def test_public_pages_open_without_login(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_landing_redirects_a_signed_in_user_to_today(user_client):
    response = user_client.get(reverse("landing"))
    assert response.status_code == 302
    assert response.url == reverse("today")


def test_landing_explains_the_five_steps(client):
    html = client.get(reverse("landing")).content.decode()
    for heading in [
        "Ask about next steps",
        "Thank each interviewer",
        "Brief your references",
        "Evaluate how it went",
        "Keep looking",
    ]:
        assert heading in html


def _profile_data(user, **overrides):
    data = {
        "full_name": user.full_name,
        "time_zone": user.time_zone,
        "thank_you_within_hours": 24,
        "self_evaluation_within_hours": 3,
        "follow_up_after_days": 7,
        "max_follow_ups": 2,
        "follow_up_spacing_days": 7,
        "weekly_application_target": 3,
        "remind_thank_you": "on",
        "remind_follow_up": "on",
        "remind_references": "on",
        "remind_evaluation": "on",
        "remind_weekly_digest": "on",
        "digest_weekday": 0,
        "quiet_hours_start": "21:00",
        "quiet_hours_end": "08:00",
    }
    data.update(overrides)
    return data


def test_saving_a_weekly_target_updates_the_keep_looking_step(user_client, user):
    from followups.models import FollowUpStep
    from interviews.factories import JobApplicationFactory

    JobApplicationFactory(owner=user, status="applied")
    assert not FollowUpStep.objects.filter(owner=user, kind="keep_looking").exists()
    user_client.post(reverse("profile"), _profile_data(user, weekly_application_target=2))
    assert FollowUpStep.objects.filter(owner=user, kind="keep_looking", status="pending").exists()
    user_client.post(reverse("profile"), _profile_data(user, weekly_application_target=0))
    assert not FollowUpStep.objects.filter(owner=user, kind="keep_looking", status="pending")
