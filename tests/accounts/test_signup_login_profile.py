import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .conftest import link_in, path_of

pytestmark = pytest.mark.django_db


SIGNUP = {
    "email": "New.Person@Example.com",
    "full_name": "New Person",
    "time_zone": "Europe/Berlin",
    "password1": "a sturdy passphrase 42",
    "password2": "a sturdy passphrase 42",
}


def test_sign_up_log_in_set_time_zone_and_log_out(client):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert (user.full_name, user.time_zone) == ("New Person", "Europe/Berlin")
    # Usable at once: signed in, on the way to Today.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Go to Today" in client.get(response.url).content.decode()

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("profile")).status_code == 302

    response = client.post(
        reverse("login"), {"login": "NEW.person@example.com", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response.url == reverse("today")

    response = client.post(
        reverse("profile"), _profile_data(user, time_zone="America/New_York"), follow=True
    )
    assert b"Your profile is saved." in response.content
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_log_out_refuses_a_get_and_stays_signed_in(user_client):
    assert user_client.get(reverse("logout")).status_code == 405
    assert user_client.get(reverse("profile")).status_code == 200


def test_a_wrong_password_shows_an_error(client, user):
    response = client.post(reverse("login"), {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_with_a_taken_email_creates_no_account_and_tells_that_address(
    client, user, send_mail_now
):
    with send_mail_now():
        response = client.post(reverse("signup"), {**SIGNUP, "email": user.email.upper()})
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "already" in message.body
    assert "http://testserver/password/reset/" in message.body


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


def test_password_reset_email_arrives_and_its_link_sets_a_new_password(client, user, send_mail_now):
    with send_mail_now():
        response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [user.email]
    link = link_in(message, "/password/reset/key/")

    response = client.get(path_of(link), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"password1": "another sturdy phrase 7", "password2": "another sturdy phrase 7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another sturdy phrase 7")


def test_reset_and_confirmation_links_start_at_site_url_whatever_the_host_header(
    client, user, settings, send_mail_now
):
    settings.SITE_URL = "https://afterview.example"
    settings.ALLOWED_HOSTS = ["afterview.example", "evil.example"]
    with send_mail_now():
        client.post(reverse("password_reset"), {"email": user.email}, HTTP_HOST="evil.example")
        client.post(
            reverse("signup"), {**SIGNUP, "email": "fresh@example.com"}, HTTP_HOST="evil.example"
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "evil.example" not in message.body
        assert "evil.example" not in message.subject
    assert link_in(mail.outbox[0], "/password/reset/key/").startswith("https://afterview.example/")
    assert link_in(mail.outbox[1], "/confirm-email/").startswith("https://afterview.example/")


def test_password_reset_for_unknown_email_creates_nothing(client, db, send_mail_now):
    with send_mail_now():
        response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert User.objects.count() == 0
    # The unknown address is told it has no account (the known one gets a link): same answer.
    [message] = mail.outbox
    assert "/password/reset/key/" not in message.body


def test_password_change_keeps_this_session_and_ends_every_other(
    client, user, password, send_mail_now
):
    other_device = Client()
    other_device.post(reverse("login"), {"login": user.email, "password": password})
    assert other_device.get(reverse("profile")).status_code == 200
    client.post(reverse("login"), {"login": user.email, "password": password})

    with send_mail_now():
        response = client.post(
            reverse("password_change"),
            {
                "oldpassword": password,
                "password1": "brand new phrase 99",
                "password2": "brand new phrase 99",
            },
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new phrase 99")
    assert client.get(reverse("profile")).status_code == 200
    assert other_device.get(reverse("profile")).status_code == 302
    # The owner hears of it (in case it was not them).
    [notice] = mail.outbox
    assert notice.to == [user.email] and "password" in notice.subject.lower()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/password/reset/sent/", "/password/reset/done/"),
        ("/password/change/done/", "/profile/"),
        ("/password/reset/MQ/set-password/", "/password/reset/"),
    ],
)
def test_old_account_addresses_lead_to_their_new_pages(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response.url == new


@pytest.mark.parametrize("name", ["today", "profile", "password_change"])
def test_anonymous_user_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "name", ["landing", "login", "signup", "password_reset", "account_reset_password_done"]
)
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


def test_the_admin_logs_in_through_the_site_log_in(client, db):
    from accounts.factories import UserFactory

    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")

    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client.post(
        reverse("login"), {"login": staff.email, "password": "correct horse battery staple"}
    )
    assert client.get("/admin/").status_code == 200
