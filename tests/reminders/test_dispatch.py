"""One dispatch pass, end to end in-process: claim, record, send, move on."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import UserFactory
from followups.factories import FollowUpStepFactory
from followups.models import StepKind, StepStatus
from interviews.factories import InterviewFactory, JobApplicationFactory
from reminders import services
from reminders.models import DeliveryStatus, ReminderDelivery

from .conftest import due_thank_you

UTC = dt.UTC
# A Wednesday afternoon in June: no quiet hours for Berlin or New York.
NOW = dt.datetime(2026, 6, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def berliner(db):
    return UserFactory(
        email="casey@example.com", full_name="Casey Jordan", time_zone="Europe/Berlin"
    )


def run(now=NOW, **kwargs):
    with time_machine.travel(now, tick=False):
        return services.dispatch_pass(now=now, **kwargs)


def test_it_sends_the_thank_you_reminder_once(berliner):
    step = due_thank_you(owner=berliner, now=NOW)

    result = run()

    assert (result.emails, result.reminders) == (1, 1)
    [message] = mail.outbox
    assert message.to == ["casey@example.com"]
    # Due 24 h after the interview ended (10:00Z) → 12:00 Thursday in Berlin.
    assert message.subject == "Send your thank-you note to Ana Lee — due by Thu 12:00"
    delivery = ReminderDelivery.objects.get(step=step)
    assert delivery.kind == "thank_you"
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.message_id == message.extra_headers["Message-ID"]
    step.refresh_from_db()
    # Next: the last call, 4 h before the deadline.
    assert step.next_reminder_at == step.due_at - dt.timedelta(hours=4)

    assert run(NOW + dt.timedelta(minutes=1)).emails == 0
    assert len(mail.outbox) == 1


def test_the_email_has_text_html_links_and_one_click_unsubscribe(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    run()
    [message] = mail.outbox
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    for body in (message.body, html):
        assert f"http://testserver/steps/{step.pk}/thank-you/" in body
        assert f"http://testserver/applications/interviews/{step.interview_id}/" in body
        assert "http://testserver/reminders/step/" in body
        assert "Times are in Europe/Berlin." in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/reminders/unsubscribe/[^>]+/>",
        message.extra_headers["List-Unsubscribe"],
    )


def test_the_last_call_goes_out_four_hours_before_the_deadline_while_open(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    run()
    last_call = step.due_at - dt.timedelta(hours=4)  # 06:00Z = 08:00 Berlin

    assert run(last_call - dt.timedelta(minutes=1)).emails == 0
    assert run(last_call).emails == 1
    assert (
        mail.outbox[-1].subject == "Last call: your thank-you note to Ana Lee is due by Thu 12:00"
    )
    step.refresh_from_db()
    assert step.next_reminder_at is None


def test_nothing_is_sent_for_a_step_done_before_its_last_call(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    run()
    step.refresh_from_db()
    step.status, step.next_reminder_at = StepStatus.DONE, None
    step.save()
    assert run(step.due_at - dt.timedelta(hours=4)).emails == 0


def test_a_replanned_step_is_not_reminded_twice(berliner):
    """The plan may reset next_reminder_at to opens_at; the (step, kind) record stops a repeat."""
    step = due_thank_you(owner=berliner, now=NOW)
    run()
    step.next_reminder_at = step.opens_at
    step.save()

    assert run(NOW + dt.timedelta(minutes=5)).emails == 0
    step.refresh_from_db()
    assert step.next_reminder_at == step.due_at - dt.timedelta(hours=4)


def test_the_database_refuses_a_second_delivery_of_the_same_reminder(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    ReminderDelivery.objects.create(owner=berliner, step=step, kind="thank_you")
    with pytest.raises(IntegrityError):
        ReminderDelivery.objects.create(owner=berliner, step=step, kind="thank_you")


def test_several_reminders_for_one_user_go_out_as_one_email(berliner):
    thank_you = due_thank_you(owner=berliner, now=NOW)
    evaluation = FollowUpStepFactory(
        owner=berliner,
        interview=thank_you.interview,
        kind=StepKind.SELF_EVALUATION,
        opens_at=thank_you.opens_at,
        due_at=thank_you.opens_at + dt.timedelta(hours=3),
    )
    other = UserFactory(email="other@example.com", time_zone="UTC")
    due_thank_you(owner=other, now=NOW, interviewer_name="Bo Chen")

    result = run()

    assert (result.emails, result.reminders) == (2, 3)
    mine = next(m for m in mail.outbox if m.to == ["casey@example.com"])
    assert mine.subject == "Send your thank-you note to Ana Lee — due by Thu 12:00 (+1 more)"
    assert "How did your technical interview with" in mine.body
    assert f"/evaluations/interview/{evaluation.interview_id}/" in mine.body
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 3


def test_a_users_reminders_stay_in_one_email_across_claim_batches(berliner):
    first = due_thank_you(owner=berliner, now=NOW, ended_ago=dt.timedelta(hours=3))
    other = UserFactory(email="other@example.com", time_zone="UTC")
    due_thank_you(owner=other, now=NOW, ended_ago=dt.timedelta(hours=2), interviewer_name="Bo")
    last = due_thank_you(owner=berliner, now=NOW, ended_ago=dt.timedelta(hours=1))

    result = run(batch_size=2)

    assert (result.emails, result.reminders) == (2, 3)
    mine = next(m for m in mail.outbox if m.to == ["casey@example.com"])
    assert f"/steps/{first.pk}/thank-you/" in mine.body
    assert f"/steps/{last.pk}/thank-you/" in mine.body


def test_follow_up_and_reference_reminders(berliner):
    application = JobApplicationFactory(
        owner=berliner, company_name="Acme", role_title="Data Engineer"
    )
    interview = InterviewFactory(application=application)
    FollowUpStepFactory(
        owner=berliner,
        interview=interview,
        kind=StepKind.FOLLOW_UP,
        opens_at=NOW - dt.timedelta(minutes=1),
        due_at=NOW + dt.timedelta(days=2),
    )
    run()
    [message] = mail.outbox
    assert message.subject == "It's time to follow up with Acme about Data Engineer"
    assert "/steps/" in message.body and "/follow-up/" in message.body


def test_a_catch_up_pass_folds_long_overdue_steps_into_one_summary(berliner):
    stale = [
        due_thank_you(
            owner=berliner, now=NOW, ended_ago=dt.timedelta(days=3), interviewer_name=name
        )
        for name in ("Ana Lee", "Bo Chen", "Cy Diaz")
    ]

    result = run()

    assert result.emails == 1
    [message] = mail.outbox
    assert message.subject == "3 follow-up steps slipped past their deadline"
    assert "Past their deadline" in message.body
    assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {"overdue"}
    for step in stale:
        step.refresh_from_db()
        assert step.next_reminder_at is None
    assert run(NOW + dt.timedelta(hours=1)).emails == 0


def test_a_window_opening_at_night_is_reminded_when_quiet_hours_end(berliner):
    night = dt.datetime(2026, 6, 2, 21, 30, tzinfo=UTC)  # 23:30 in Berlin
    step = due_thank_you(owner=berliner, now=night, ended_ago=dt.timedelta(0))

    assert run(night).emails == 0
    step.refresh_from_db()
    assert step.next_reminder_at == night + dt.timedelta(minutes=15)
    assert run(dt.datetime(2026, 6, 3, 5, 59, tzinfo=UTC)).emails == 0  # 07:59
    assert run(dt.datetime(2026, 6, 3, 6, 0, tzinfo=UTC)).emails == 1  # 08:00
    assert len(mail.outbox) == 1


def test_pausing_takes_effect_on_the_next_pass_and_unpausing_too(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    berliner.reminders_paused = True
    berliner.save()

    assert run().emails == 0
    step.refresh_from_db()
    assert step.next_reminder_at == step.opens_at  # still due, untouched

    berliner.reminders_paused = False
    berliner.save()
    assert run(NOW + dt.timedelta(minutes=1)).emails == 1


def test_a_kind_switched_off_is_not_sent(berliner):
    due_thank_you(owner=berliner, now=NOW)
    berliner.remind_thank_you = False
    berliner.save()
    assert run().emails == 0
    berliner.remind_thank_you = True
    berliner.save()
    assert run(NOW + dt.timedelta(minutes=1)).emails == 1


def test_a_time_zone_change_takes_effect_on_the_next_pass(berliner):
    evening = dt.datetime(2026, 6, 2, 20, 0, tzinfo=UTC)  # 22:00 Berlin (quiet), 16:00 New York
    due_thank_you(owner=berliner, now=evening)
    assert run(evening).emails == 0

    berliner.time_zone = "America/New_York"
    berliner.save()
    result = run(evening + rules_recheck())

    assert result.emails == 1
    # The deadline (18:00Z next day) in New York time.
    assert mail.outbox[0].subject == "Send your thank-you note to Ana Lee — due by Wed 14:00"
    assert "Times are in America/New_York." in mail.outbox[0].body


def rules_recheck():
    from reminders.rules import QUIET_HOURS_RECHECK

    return QUIET_HOURS_RECHECK


def test_user_text_is_escaped_and_cannot_inject_headers(berliner):
    due_thank_you(owner=berliner, now=NOW, interviewer_name="<b>Ana</b>\r\nBcc: x@evil.example")
    run()
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("Send your thank-you note to <b>Ana</b> Bcc: x@evil.example")
    assert message.bcc == []
    html = message.alternatives[0].content
    assert "<b>Ana</b>" not in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html
    assert "<b>Ana</b>" in message.body  # plain text is not HTML-escaped


def test_dry_run_lists_and_sends_nothing(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    result = run(dry_run=True)
    assert result.planned == [f"casey@example.com: thank_you (step {step.pk})"]
    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()
    step.refresh_from_db()
    assert step.next_reminder_at == step.opens_at


def test_a_pass_costs_a_few_queries_per_email(db):
    for n in range(20):
        due_thank_you(owner=UserFactory(email=f"u{n}@example.com"), now=NOW)
    # PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, the same for the users' other due steps,
    # one UPDATE; SQLite: the two SELECTs, then a compare-and-swap UPDATE per row.
    claim = 3 if connection.vendor == "postgresql" else 2 + 20
    with CaptureQueriesContext(connection) as queries:
        result = run()
    assert result.emails == 20
    # digest candidates and their past digests + claim + steps + past deliveries + bulk
    # insert + one "sent" mark per email + moving every step on at the end of the batch +
    # the batch's attempt rows, in one INSERT + the sweep for digests past their catch-up.
    transaction_statements = sum(
        q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
        for q in queries.captured_queries
    )
    assert len(queries) - transaction_statements == 2 + claim + 2 + 1 + 20 + 1 + 1 + 1


# --- the weekly digest ---------------------------------------------------------------------


@pytest.fixture
def new_yorker(db):
    user = UserFactory(email="ny@example.com", time_zone="America/New_York", digest_weekday=0)
    user.date_joined = dt.datetime(2026, 1, 1, tzinfo=UTC)
    user.weekly_application_target = 3
    user.save()
    return user


@pytest.mark.parametrize(
    ("before", "slot"),
    [
        # Summer: Monday 6 July 2026, 09:00 EDT = 13:00Z.
        (dt.datetime(2026, 7, 6, 12, 59, tzinfo=UTC), dt.datetime(2026, 7, 6, 13, 0, tzinfo=UTC)),
        # Winter: Monday 7 December 2026, 09:00 EST = 14:00Z.
        (dt.datetime(2026, 12, 7, 13, 59, tzinfo=UTC), dt.datetime(2026, 12, 7, 14, 0, tzinfo=UTC)),
    ],
)
def test_the_weekly_digest_goes_out_at_nine_local_exactly_once(new_yorker, before, slot):
    JobApplicationFactory(owner=new_yorker, status="interviewing", date_applied=slot.date())

    assert run(before).emails == 0
    assert run(slot).emails == 1
    assert run(slot + dt.timedelta(minutes=1)).emails == 0
    assert run(slot + dt.timedelta(hours=5)).emails == 0

    [message] = mail.outbox
    assert message.subject == "Your week: 1 awaiting a decision, 1 of 3 new applications"
    assert "since today" in message.body
    delivery = ReminderDelivery.objects.get(owner=new_yorker)
    assert (delivery.kind, delivery.period, delivery.status) == (
        "weekly_digest",
        slot.date(),
        "sent",
    )


def test_the_digest_rides_along_with_reminders_of_the_same_pass(new_yorker):
    slot = dt.datetime(2026, 7, 6, 13, 0, tzinfo=UTC)
    due_thank_you(owner=new_yorker, now=slot)
    assert run(slot).emails == 1
    [message] = mail.outbox
    assert message.subject.endswith("(+1 more)")
    assert "Your week" in message.body
    assert ReminderDelivery.objects.filter(status="sent").count() == 2


def test_no_digest_when_switched_off(new_yorker):
    new_yorker.remind_weekly_digest = False
    new_yorker.save()
    assert run(dt.datetime(2026, 7, 6, 13, 0, tzinfo=UTC)).emails == 0


def test_a_step_done_between_claim_and_send_keeps_the_users_choice(berliner):
    step = due_thank_you(owner=berliner, now=NOW)
    claimed = services.claim_due_steps(now=NOW, limit=10)
    assert list(claimed) == [step.pk]
    step.refresh_from_db()
    step.status, step.next_reminder_at = StepStatus.DONE, None
    step.save()
    services._reschedule(
        {step.pk: NOW + dt.timedelta(hours=1)}, lease_until=NOW + services.lease_length()
    )
    step.refresh_from_db()
    assert step.next_reminder_at is None


def test_a_single_overdue_step_names_itself_and_links_to_its_page(berliner):
    step = due_thank_you(owner=berliner, now=NOW, ended_ago=dt.timedelta(days=3))
    run()
    [message] = mail.outbox
    # The interview ended Sunday 12:00Z; due Monday 12:00Z, 14:00 in Berlin.
    assert message.subject == "Overdue: Thank-you note to Ana Lee (overdue since Mon 14:00)"
    assert f"http://testserver/steps/{step.pk}/thank-you/" in message.body


@pytest.mark.parametrize(
    ("quiet_end", "opens", "too_early", "on_time"),
    [
        # Quiet hours end at 02:30, which 8 March 2026 skips in New York: sent at 03:30 EDT.
        (dt.time(2, 30), (2026, 3, 8, 4, 0), (2026, 3, 8, 7, 29), (2026, 3, 8, 7, 30)),
        # Quiet hours end at 01:30, which 1 November 2026 has twice: the first one (EDT).
        (dt.time(1, 30), (2026, 11, 1, 4, 0), (2026, 11, 1, 5, 29), (2026, 11, 1, 5, 30)),
    ],
)
def test_quiet_hours_ending_at_a_dst_transition(db, quiet_end, opens, too_early, on_time):
    user = UserFactory(
        email="ny@example.com",
        time_zone="America/New_York",
        quiet_hours_start=dt.time(21),
        quiet_hours_end=quiet_end,
    )
    opens_at = dt.datetime(*opens, tzinfo=UTC)
    due_thank_you(owner=user, now=opens_at, ended_ago=dt.timedelta(0))

    assert run(opens_at).emails == 0
    assert run(dt.datetime(*too_early, tzinfo=UTC)).emails == 0
    assert run(dt.datetime(*on_time, tzinfo=UTC)).emails == 1
    # An hour later the wall clock may show the same time again: nothing more is sent.
    assert run(dt.datetime(*on_time, tzinfo=UTC) + dt.timedelta(hours=1)).emails == 0
    assert len(mail.outbox) == 1


def test_a_sent_reminder_whose_step_move_was_lost_is_not_sent_again(berliner):
    """A worker died after committing "sent" but before moving the batch's steps on."""
    step = due_thank_you(owner=berliner, now=NOW)
    services.claim_due_steps(now=NOW, limit=10)
    ReminderDelivery.objects.create(
        owner=berliner, step=step, kind="thank_you", status=DeliveryStatus.SENT, attempts=1
    )

    assert run(NOW + services.lease_length()).emails == 0
    step.refresh_from_db()
    assert step.next_reminder_at == step.due_at - dt.timedelta(hours=4)


def test_a_reminder_sent_after_its_deadline_says_overdue_since(berliner):
    # A pass 30 h after the interview (beat or the relay was down): past the 24 h deadline,
    # not yet past its window, so the opening reminder goes out, and must not say "due by".
    step = due_thank_you(owner=berliner, now=NOW, ended_ago=dt.timedelta(hours=30))
    run()
    [message] = mail.outbox
    due_local = step.due_at.astimezone(berliner.zone)
    assert message.subject == (
        f"Send your thank-you note to Ana Lee — overdue since {due_local:%a %H:%M}"
    )
    assert "due by" not in message.subject
