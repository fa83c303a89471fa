"""Signed one-click links: GET confirms, POST acts; bad tokens never act."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from followups.models import StepStatus
from reminders import tokens
from reminders.models import ReminderDelivery

from .conftest import due_thank_you

INVALID = "This link is no longer valid"


@pytest.fixture
def step(user):
    return due_thank_you(owner=user)


def delivery_of(step, owner=None):
    """The delivery row a reminder email for `step` came with (its links carry its key)."""
    delivery, _ = ReminderDelivery.objects.get_or_create(
        step=step, kind="thank_you", defaults={"owner": owner or step.owner, "status": "sent"}
    )
    return delivery


def action_path(step, action, user_id=None):
    owner = User.objects.get(pk=user_id) if user_id else None
    token = tokens.step_action_token(delivery=delivery_of(step, owner), action=action)
    return reverse("reminders:step_action", args=[token])


def unsubscribe_path(user_id):
    user = User.objects.get(pk=user_id)
    return reverse("reminders:unsubscribe", args=[tokens.unsubscribe_token(user=user)])


def assert_untouched(step):
    before = (step.status, step.next_reminder_at, step.snoozed_until)
    step.refresh_from_db()
    assert (step.status, step.next_reminder_at, step.snoozed_until) == before


def test_get_only_asks_for_confirmation(client, step):
    response = client.get(action_path(step, "done"))
    assert response.status_code == 200
    assert "Mark this as done?" in response.text
    assert "Send your thank-you note to Ana Lee" in response.text
    assert_untouched(step)


def test_post_marks_the_step_done_without_a_session(client, step):
    response = client.post(action_path(step, "done"))
    assert response.status_code == 200
    assert "Done" in response.text
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    assert step.next_reminder_at is None


def test_post_snoozes_the_step_for_a_day(client, step):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        response = client.post(action_path(step, "snooze"))
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING
    assert step.snoozed_until == now + dt.timedelta(days=1)
    assert step.next_reminder_at == step.snoozed_until


def test_the_action_post_needs_the_csrf_token_from_the_confirmation_page(step):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(action_path(step, "done")).status_code == 403
    assert_untouched(step)
    page = browser.get(action_path(step, "done"))
    token = page.context["csrf_token"]
    assert (
        browser.post(action_path(step, "done"), {"csrfmiddlewaretoken": str(token)}).status_code
        == 200
    )
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_an_expired_link_is_no_longer_valid(client, step):
    path = action_path(step, "done")
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 400
            assert INVALID in response.text
    assert_untouched(step)


def test_a_link_is_valid_for_fourteen_days(client, step):
    path = action_path(step, "done")
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert client.post(path).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_no_longer_valid(client, step, mangle):
    token = tokens.step_action_token(delivery=delivery_of(step), action="done")
    path = reverse("reminders:step_action", args=[mangle(token)])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert INVALID in response.text
    assert_untouched(step)


def test_a_token_for_another_users_step_is_no_longer_valid(client, step, other_user):
    # Validly signed, but naming a step the token's user does not own.
    path = action_path(step, "done", user_id=other_user.pk)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert INVALID in response.text
    assert_untouched(step)


def test_someone_else_signed_in_cannot_use_the_link(other_client, step):
    path = action_path(step, "done")
    for response in (other_client.get(path), other_client.post(path)):
        assert response.status_code == 400
        assert INVALID in response.text
    assert_untouched(step)


def test_an_unsubscribe_token_is_not_an_action_token(client, step):
    token = tokens.unsubscribe_token(user=step.owner)
    response = client.post(reverse("reminders:step_action", args=[token]))
    assert response.status_code == 400
    assert_untouched(step)


def test_an_action_cannot_be_forged_with_another_salt(client, step):
    forged = signing.TimestampSigner().sign_object({"u": step.owner_id, "s": step.pk, "a": "done"})
    assert client.post(reverse("reminders:step_action", args=[forged])).status_code == 400
    assert_untouched(step)


def test_a_closed_step_says_so_and_stays_closed(client, step):
    step.status, step.next_reminder_at = StepStatus.SKIPPED, None
    step.save()
    response = client.post(action_path(step, "snooze"))
    assert response.status_code == 200
    assert "Already taken care of" in response.text
    step.refresh_from_db()
    assert (step.status, step.snoozed_until) == (StepStatus.SKIPPED, None)


# --- unsubscribe ---------------------------------------------------------------------------


def test_unsubscribe_get_asks_for_confirmation(client, user):
    response = client.get(unsubscribe_path(user.pk))
    assert response.status_code == 200
    assert "Stop all reminder emails?" in response.text
    user.refresh_from_db()
    assert user.reminders_paused is False


def test_one_click_unsubscribe_works_without_session_or_csrf_token(user):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path(user.pk),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "untick “Pause all reminder emails”" in response.text
    user.refresh_from_db()
    assert user.reminders_paused is True


@pytest.mark.parametrize(
    "path",
    [
        lambda user: unsubscribe_path(user.pk)[:-3] + "xx/",
        lambda user: reverse(
            "reminders:unsubscribe",
            args=[
                tokens.step_action_token(
                    delivery=delivery_of(due_thank_you(owner=user)), action="done"
                )
            ],
        ),
    ],
)
def test_a_bad_unsubscribe_token_changes_nothing(client, user, path):
    response = client.post(path(user))
    assert response.status_code == 400
    assert INVALID in response.text
    user.refresh_from_db()
    assert user.reminders_paused is False


def test_the_unsubscribe_link_names_a_random_key_not_the_users_id(user, other_user):
    token = tokens.unsubscribe_token(user=user)
    value = token.split(":")[0]

    assert value == user.unsubscribe_key  # random, nothing else: no id to read
    assert not token.startswith(signing.b64_encode(b'{"u').decode())  # the old {"u": id}
    assert user.unsubscribe_key != other_user.unsubscribe_key
    assert tokens.read_unsubscribe(token) == user.pk


def test_an_unsubscribe_link_sent_before_the_keys_keeps_working(user):
    """Emails sent until 2026-12-03 carried {"u": id}; their links work until they expire."""
    old = signing.TimestampSigner(salt="reminders.unsubscribe").sign_object({"u": user.pk})
    response = Client().post(reverse("reminders:unsubscribe", args=[old]))

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.reminders_paused is True


def test_unsubscribe_for_another_user_while_signed_in_changes_nothing(other_client, user):
    assert other_client.post(unsubscribe_path(user.pk)).status_code == 400
    user.refresh_from_db()
    assert user.reminders_paused is False


def test_times_on_the_pages_are_in_the_token_users_zone(client, user):
    user.time_zone = "Asia/Tokyo"
    user.save()
    step = due_thank_you(owner=user)
    response = client.get(action_path(step, "done"))
    local_due = timezone.localtime(step.due_at, user.zone)
    assert f"Due {local_due:%A} {local_due.day} {local_due:%B, %H:%M} (Asia/Tokyo)" in response.text


# --- tokens: no readable ids, and they die with a password change ---------------------------


def test_a_password_change_ends_every_link(client, step):
    path = action_path(step, "done")
    assert client.get(path).status_code == 200
    step.owner.set_password("a new and different password")
    step.owner.save()
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert INVALID in response.text
    assert_untouched(step)


def test_a_token_names_no_user_or_step(step):
    first, second = (
        delivery_of(step),
        ReminderDelivery.objects.create(owner=step.owner, step=step, kind="thank_you_last_call"),
    )
    token = tokens.step_action_token(delivery=first, action="done")
    value, _timestamp, signature = token.split(":")
    # The only payload is the delivery's random key and the action: nothing to decode.
    assert value == f"{first.link_key}.done"
    assert len(first.link_key) >= 20 and first.link_key != second.link_key
    for part in (value, signature):
        with pytest.raises(signing.BadSignature):
            signing.loads(part)
    assert tokens.read_step_action(token) == tokens.StepAction(step.owner_id, step.pk, "done")


def test_the_email_links_carry_the_delivery_key(user, mailoutbox):
    from reminders import services

    # Real time: without this, an evening run falls in the default quiet hours (21:00-08:00).
    user.quiet_hours_start = user.quiet_hours_end = dt.time(0)
    user.save()
    step = due_thank_you(owner=user)
    services.dispatch_pass()
    [message] = mailoutbox
    delivery = ReminderDelivery.objects.get(step=step)
    assert f"/reminders/step/{delivery.link_key}.done:" in message.body
    assert f"/reminders/step/{delivery.link_key}.snooze:" in message.body
