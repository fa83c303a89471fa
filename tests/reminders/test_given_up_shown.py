"""A reminder that was given up says so, with its reason, on the checklist that shows its step
(issue 12.2): the reminders app's template hook, loaded by the followups checklist."""

import datetime as dt

import pytest
from django.urls import reverse

from followups.factories import FollowUpStepFactory
from interviews.factories import InterviewFactory
from reminders import selectors
from reminders.models import DeliveryStatus, ReminderDelivery

pytestmark = pytest.mark.django_db

REASON = "the mail server failed until the thank-you deadline passed"
SHOWN = f"Reminder email could not be sent: {REASON}."


@pytest.fixture
def step(user):
    starts = dt.datetime(2026, 3, 10, 14, tzinfo=dt.UTC)
    interview = InterviewFactory(
        owner=user, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    return FollowUpStepFactory(interview=interview)


def deliver(step, *statuses):
    # One delivery per (step, kind): the first reminder, then its last call.
    for kind, status in zip(("thank_you", "thank_you_last_call"), statuses, strict=False):
        ReminderDelivery.objects.create(
            owner=step.owner,
            step=step,
            kind=kind,
            status=status,
            gave_up_reason=REASON if status == DeliveryStatus.EXPIRED else "",
        )


def checklist_of(user_client, step):
    url = reverse("interviews:interview_detail", args=[step.interview.pk])
    return user_client.get(url).content.decode()


def test_the_checklist_says_why_a_reminder_was_given_up(user_client, step):
    deliver(step, DeliveryStatus.SENT, DeliveryStatus.EXPIRED)

    html = checklist_of(user_client, step)

    assert f"{step.title}:</strong> {SHOWN}" in html
    assert f'id="reminder-problem-{step.pk}"' in html


@pytest.mark.parametrize(
    "statuses",
    [
        (),
        (DeliveryStatus.SENT,),
        (DeliveryStatus.FAILED,),  # still being retried: nothing given up yet
        (DeliveryStatus.EXPIRED, DeliveryStatus.SENT),  # a later reminder got through
    ],
)
def test_nothing_is_said_while_no_reminder_is_given_up(user_client, step, statuses):
    deliver(step, *statuses)

    assert "could not be sent" not in checklist_of(user_client, step)


def test_a_closed_step_says_nothing(user_client, step):
    deliver(step, DeliveryStatus.EXPIRED)
    step.status = "done"
    step.save()

    assert "could not be sent" not in checklist_of(user_client, step)


def test_the_selector_reads_only_the_users_own_deliveries(step, other_user):
    deliver(step, DeliveryStatus.EXPIRED)

    assert selectors.given_up_reminders(user=step.owner, step_ids=[step.pk]) == {step.pk: REASON}
    assert selectors.given_up_reminders(user=other_user, step_ids=[step.pk]) == {}


def test_the_selector_is_one_query(step, django_assert_num_queries):
    deliver(step, DeliveryStatus.EXPIRED)
    with django_assert_num_queries(1):
        selectors.given_up_reminders(user=step.owner, step_ids=[step.pk])
