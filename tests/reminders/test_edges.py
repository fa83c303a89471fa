"""Reminders at the edges (issue 12): a relay slower than the lease, long outages, account
deletion racing a pass, ambiguous SMTP outcomes, retries of the tick, raw headers.

Real PostgreSQL (one connection per thread), a real aiosmtpd relay on a loopback port.
"""

import datetime as dt
import re
import threading
import time
from collections import Counter

import pytest
import time_machine
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from config.celery_app import app as celery_app
from followups import services as followup_services
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepKind
from interviews.factories import JobApplicationFactory
from pipeline.services import account_delete
from reminders import services
from reminders.models import AttemptOutcome, DeliveryStatus, ReminderDelivery

from .conftest import SMTPServer, due_thank_you, start_worker, stop_worker
from .test_end_to_end import wait_until

QUIET_OFF = {"quiet_hours_start": dt.time(0), "quiet_hours_end": dt.time(0)}


def in_thread(target):
    """Start `target()` in a thread with its own database connection; join() gives its result."""
    outcome = {}

    def run():
        try:
            outcome["result"] = target()
        except Exception as error:  # surfaced by join()
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()

    def join(timeout=120):
        thread.join(timeout)
        assert not thread.is_alive(), "the pass did not finish"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    return join


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_relay_slower_than_the_lease_sends_every_reminder_once(smtp_server, settings):
    settings.REMINDER_LEASE_SECONDS = 2
    users = [UserFactory(email=f"slow{n}@example.com", **QUIET_OFF) for n in range(8)]
    for user in users:
        due_thank_you(owner=user)
    # The relay takes 0.6 s per message: the first pass needs about 5 s, more than twice its
    # lease; the second pass starts once the first pass's original lease has run out.
    pause = threading.Event()
    fourth = threading.Event()

    def slow_relay(count):
        pause.wait(0.6)
        if count == 4:
            fourth.set()

    smtp_server.inbox.on_message = slow_relay
    first = in_thread(
        lambda: services.dispatch_pass(now=timezone.now(), connection=smtp_server.connection())
    )
    assert fourth.wait(60)
    second = in_thread(
        lambda: services.dispatch_pass(now=timezone.now(), connection=smtp_server.connection())
    )
    results = [first(), second()]

    received = Counter(smtp_server.inbox.to())
    assert received == Counter({user.email: 1 for user in users})
    assert sum(result.emails for result in results) == 8
    rows = ReminderDelivery.objects.all()
    assert set(rows.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_steps_done_or_snoozed_during_a_slow_pass_leave_no_row_sending(smtp_server, settings):
    """The lease renewal drops steps the user completed or snoozed meanwhile: their rows go
    back to what they were (a new one is removed, a retried one is failed again)."""
    settings.REMINDER_LEASE_SECONDS = 2
    users = [UserFactory(email=f"busy{n}@example.com", **QUIET_OFF) for n in range(6)]
    steps = [due_thank_you(owner=user) for user in users]
    snoozed, done = steps[-2], steps[-1]  # the pass sends to users in the order of their ids
    ReminderDelivery.objects.create(
        owner=snoozed.owner, step=snoozed, kind="thank_you", status="failed", attempts=1
    )
    first, acted = threading.Event(), threading.Event()

    def slow_relay(count):
        if count == 1:
            first.set()
            acted.wait(30)  # the pass waits here until the user has acted
        threading.Event().wait(0.6)

    smtp_server.inbox.on_message = slow_relay
    dispatch = in_thread(
        lambda: services.dispatch_pass(now=timezone.now(), connection=smtp_server.connection())
    )
    assert first.wait(60)
    try:
        followup_services.step_complete(step=FollowUpStep.objects.get(pk=done.pk))
        followup_services.step_snooze(
            step=FollowUpStep.objects.get(pk=snoozed.pk),
            until=timezone.now() + dt.timedelta(hours=3),
        )
    finally:
        acted.set()
    result = dispatch()

    assert result.emails == 4
    assert Counter(smtp_server.inbox.to()) == Counter({user.email: 1 for user in users[:4]})
    assert not ReminderDelivery.objects.filter(status=DeliveryStatus.SENDING).exists()
    assert not ReminderDelivery.objects.filter(step=done).exists()
    assert list(
        ReminderDelivery.objects.filter(step=snoozed).values_list("status", "attempts")
    ) == [("failed", 1)]
    snoozed.refresh_from_db()
    assert snoozed.snoozed_until > timezone.now()


def passes_every(every: dt.timedelta, *, start, until, relay):
    """Run a pass every `every` of simulated time from `start` while before `until`, through
    `relay`; returns the time of the next pass."""
    at = start
    while at < until:
        with time_machine.travel(at, tick=False):
            services.dispatch_pass(now=at, connection=relay.connection())
        at += every
    return at


@pytest.fixture
def relay_down():
    """An SMTP relay on a reserved port that is down until the test starts it."""
    server = SMTPServer()
    yield server
    server.stop()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_workers_tick_retries_run_after_the_ticks_expiry(relay_down, tmp_path):
    step = due_thank_you(owner=UserFactory(email="retry@example.com", **QUIET_OFF))
    worker, queue, log = start_worker(
        "tests.reminders.fast_retry_celery", smtp_port=relay_down.port, tmp_path=tmp_path
    )
    try:
        assert wait_until(lambda: "ready." in log.read_text(), timeout=60), log.read_text()
        # As beat sends it: a tick that expires soon (beat's is 55 s). The retries here come
        # 2 s and then 4 s later, so the second runs about 6 s after the tick, past its expiry;
        # 4 s leaves a loaded machine time to deliver the tick itself before it expires.
        celery_app.send_task(
            "reminders.tasks.tick", queue=queue, expires=timezone.now() + dt.timedelta(seconds=4)
        )

        def make_due_again():
            # The failed reminder backs off for a minute; bring it forward so the retry has
            # something to send.
            type(step).objects.filter(pk=step.pk).update(next_reminder_at=timezone.now())

        assert wait_until(lambda: "Retry in 2s" in log.read_text()), log.read_text()
        make_due_again()
        assert wait_until(lambda: "Retry in 4s" in log.read_text()), log.read_text()
        relay_down.start()
        make_due_again()
        # The second retry reaches the relay, now up.
        assert relay_down.inbox.wait_for(1, timeout=30), log.read_text()
    finally:
        stop_worker(worker)
    assert relay_down.inbox.to() == ["retry@example.com"]
    assert "Discarding revoked task" not in log.read_text()
    assert wait_until(
        lambda: ReminderDelivery.objects.filter(step=step, status=DeliveryStatus.SENT).exists()
    )
    assert ReminderDelivery.objects.get(step=step).attempts == 3


@pytest.mark.django_db(transaction=True)
def test_the_raw_message_has_plain_one_click_unsubscribe_and_a_site_message_id(
    smtp_server, settings
):
    settings.SITE_URL = "https://afterview.example"
    due_thank_you(owner=UserFactory(email="raw@example.com", **QUIET_OFF))

    assert services.dispatch_pass(connection=smtp_server.connection()).emails == 1

    [(_, raw)] = smtp_server.inbox.envelopes
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    # Unfold (RFC 5322): a folded header continues on lines starting with white space.
    headers = {}
    for line in re.sub(r"\r\n[ \t]+", " ", head).split("\r\n"):
        name, _, value = line.partition(": ")
        headers[name.lower()] = value
    unsubscribe = headers["list-unsubscribe"]
    assert re.fullmatch(r"<https://afterview\.example/reminders/unsubscribe/[^>\s]+/>", unsubscribe)
    assert "=?" not in unsubscribe
    assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<[^@>\s]+@afterview\.example>", headers["message-id"])
    assert headers["message-id"] == ReminderDelivery.objects.get().message_id


@pytest.mark.django_db(transaction=True)
def test_a_timeout_after_the_message_is_recorded_as_unknown_and_repeated_at_most_once(
    smtp_server,
):
    user = UserFactory(email="timeout@example.com", **QUIET_OFF)
    step = due_thank_you(owner=user)
    now = timezone.now()
    pause = threading.Event()
    # The relay has the whole message but answers "250" only after 2 s; the client gives up
    # after 1 s (EMAIL_TIMEOUT 20 s against a relay answering after 25 s, scaled down).
    smtp_server.inbox.on_message = lambda count: pause.wait(2) if count == 1 else None
    impatient = EmailBackend(
        host="127.0.0.1", port=smtp_server.port, use_tls=False, timeout=1, alias="reminders-tests"
    )

    first = services.dispatch_pass(now=now, connection=impatient)

    assert first.emails == 0 and "SMTPServerDisconnected" in first.transport_error
    row = ReminderDelivery.objects.get(step=step)
    assert (row.status, row.attempts) == (DeliveryStatus.UNKNOWN, 1)
    assert row.message_id
    assert [t.outcome for t in row.tries.all()] == [AttemptOutcome.UNKNOWN]
    step.refresh_from_db()
    assert step.next_reminder_at == now + services.retry_backoff(1)

    later = now + dt.timedelta(minutes=2)
    assert services.dispatch_pass(now=later, connection=smtp_server.connection()).emails == 1
    assert services.dispatch_pass(now=later, connection=smtp_server.connection()).emails == 0

    # The one repeat, under the same Message-ID (clients that de-duplicate show it once).
    assert smtp_server.inbox.to() == ["timeout@example.com"] * 2
    assert len({message["Message-ID"] for message in smtp_server.inbox.messages}) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
    assert [t.outcome for t in row.tries.order_by("at", "pk")] == ["unknown", "sent"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_48_hour_outage_gives_up_nothing_silently(caplog):
    start = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)
    relay = SMTPServer()  # down for 48 hours
    users = [UserFactory(email=f"outage{n}@example.com", **QUIET_OFF) for n in range(30)]
    # 20 thank-you notes (24 h windows: past their deadline by the end) and 10 follow-ups
    # with a week's window (still open when the relay is back).
    thank_yous = [due_thank_you(owner=user, now=start) for user in users[:20]]
    follow_ups = [
        FollowUpStepFactory(
            owner=user,
            interview__application__owner=user,
            kind=StepKind.FOLLOW_UP,
            opens_at=start,
            due_at=start + dt.timedelta(days=7),
            next_reminder_at=start,
        )
        for user in users[20:]
    ]
    ten_minutes = dt.timedelta(minutes=10)
    with caplog.at_level("WARNING", logger="reminders.services"):
        at = passes_every(
            ten_minutes, start=start, until=start + dt.timedelta(hours=48), relay=relay
        )
    assert "given up" not in caplog.text
    # Still scheduled, every one of them.
    assert FollowUpStep.objects.filter(next_reminder_at__isnull=True).count() == 0
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.FAILED).count() == 30
    assert ReminderDelivery.objects.filter(attempts__gte=15).count() == 30

    relay.start()
    try:
        passes_every(ten_minutes, start=at, until=start + dt.timedelta(hours=56), relay=relay)
    finally:
        relay.stop()

    # Each user got exactly one email: the thank-yous inside the overdue summary, the
    # follow-ups as their opening reminder.
    assert Counter(relay.inbox.to()) == Counter({user.email: 1 for user in users})
    bodies = {
        message["To"]: message.get_body(preferencelist=("plain",)).get_content()
        for message in relay.inbox.messages
    }
    for step in thank_yous:
        assert "Past their deadline" in bodies[step.owner.email]
        rows = dict(ReminderDelivery.objects.filter(step=step).values_list("kind", "status"))
        assert rows == {"thank_you": "folded", "overdue": "sent"}
    for step in follow_ups:
        rows = dict(ReminderDelivery.objects.filter(step=step).values_list("kind", "status"))
        assert rows == {"follow_up": "sent"}
    assert not ReminderDelivery.objects.filter(status=DeliveryStatus.EXPIRED).exists()


@pytest.mark.django_db(transaction=True)
def test_a_last_call_that_cannot_beat_its_deadline_is_given_up_visibly(caplog, admin_client):
    now = dt.datetime(2026, 6, 4, 8, 0, tzinfo=dt.UTC)
    user = UserFactory(email="late@example.com", **QUIET_OFF)
    step = due_thank_you(owner=user, now=now, ended_ago=dt.timedelta(hours=20))
    step.next_reminder_at = step.due_at - dt.timedelta(hours=4)  # the last call, due now
    step.save()
    ReminderDelivery.objects.create(owner=user, step=step, kind="thank_you", status="sent")
    ReminderDelivery.objects.create(
        owner=user, step=step, kind="thank_you_last_call", status="failed", attempts=8
    )

    with caplog.at_level("WARNING", logger="reminders.services"):
        result = services.dispatch_pass(now=now, connection=SMTPServer().connection())

    assert result.failed == 1
    row = ReminderDelivery.objects.get(kind="thank_you_last_call")
    assert (row.status, row.attempts) == (DeliveryStatus.EXPIRED, 9)
    assert "deadline passed" in row.gave_up_reason
    assert [t.outcome for t in row.tries.order_by("pk")] == ["transport_error", "expired"]
    assert f"step {step.pk} (user {user.pk}) given up" in caplog.text
    step.refresh_from_db()
    assert step.next_reminder_at is None
    page = admin_client.get("/admin/reminders/reminderdelivery/?attention=yes")
    assert page.status_code == 200
    assert "deadline passed" in page.text and "ConnectionRefusedError" in page.text


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_weekly_digest_that_never_got_through_is_given_up_visibly(caplog, admin_client):
    """A relay down from a digest's slot past its catch-up day: the digest is recorded as
    given up, with its reason, once; it is not sent late, and next week's goes out."""
    slot = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)  # Monday 09:00 in New York
    user = UserFactory(
        email="digest@example.com", time_zone="America/New_York", digest_weekday=0, **QUIET_OFF
    )
    user.date_joined = slot - dt.timedelta(days=30)
    user.save()
    JobApplicationFactory(owner=user, status="interviewing", date_applied=slot.date())
    relay = SMTPServer()  # down
    with caplog.at_level("WARNING", logger="reminders.services"):
        at = passes_every(
            dt.timedelta(minutes=30), start=slot, until=slot + dt.timedelta(days=3), relay=relay
        )

    row = ReminderDelivery.objects.get(owner=user, kind="weekly_digest")
    assert (row.status, row.period) == (DeliveryStatus.EXPIRED, slot.date())
    assert "could not be sent within 1 day" in row.gave_up_reason
    outcomes = [attempt.outcome for attempt in row.tries.order_by("pk")]
    assert outcomes[-1] == AttemptOutcome.EXPIRED and outcomes.count(AttemptOutcome.EXPIRED) == 1
    assert set(outcomes[:-1]) == {AttemptOutcome.TRANSPORT_ERROR}
    assert caplog.text.count(f"Weekly digest 2026-12-07 of user {user.pk} given up") == 1
    assert "ConnectionRefusedError" in caplog.text
    page = admin_client.get("/admin/reminders/reminderdelivery/?attention=yes")
    assert "weekly digest of 2026-12-07" in page.text

    relay.start()
    try:
        with time_machine.travel(at, tick=False):
            services.dispatch_pass(now=at, connection=relay.connection())
        assert relay.inbox.to() == []  # not sent days late
        next_week = slot + dt.timedelta(days=7)
        with time_machine.travel(next_week, tick=False):
            services.dispatch_pass(now=next_week, connection=relay.connection())
    finally:
        relay.stop()
    assert relay.inbox.to() == [user.email]
    assert ReminderDelivery.objects.get(owner=user, period=next_week.date()).status == "sent"


def wait_for_blocked_insert(timeout=30) -> bool:
    """True once another connection waits on a lock while inserting delivery rows."""
    blocked = (
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND query LIKE 'INSERT INTO \"reminders_reminderdelivery\"%%'"
    )

    def probe():
        with connection.cursor() as cursor:
            cursor.execute(blocked)
            return cursor.fetchone()[0] > 0

    return wait_until(probe, timeout=timeout)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_account_deleted_while_the_pass_records_its_batch_loses_no_other_users_rows(
    smtp_server,
):
    now = timezone.now()
    leaving, *staying = [UserFactory(email=f"race{n}@example.com", **QUIET_OFF) for n in range(4)]
    steps = {user.pk: due_thank_you(owner=user, now=now) for user in [leaving, *staying]}
    blocker_ready, release = threading.Event(), threading.Event()

    def hold_a_conflicting_row():
        # A second connection holds an uncommitted row with one of the batch's (step, kind):
        # the pass's INSERT waits on it, inside its open transaction.
        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                ReminderDelivery.objects.create(
                    owner=staying[0], step=steps[staying[0].pk], kind="thank_you"
                )
                blocker_ready.set()
                release.wait(60)
                raise Rollback
        except Rollback:
            pass
        finally:
            connection.close()

    blocker = threading.Thread(target=hold_a_conflicting_row)
    blocker.start()
    assert blocker_ready.wait(30)
    dispatch = in_thread(
        lambda: services.dispatch_pass(now=now, connection=smtp_server.connection())
    )
    assert wait_for_blocked_insert()
    # Meanwhile the account is deleted, and that commits first.
    account_delete(user=leaving)
    release.set()
    blocker.join(30)
    result = dispatch()

    # The pass's commit found the deleted account's row invalid; every other row survived.
    assert sorted(smtp_server.inbox.to()) == sorted(user.email for user in staying)
    assert result.emails == 3
    rows = ReminderDelivery.objects.all()
    assert sorted(rows.values_list("owner_id", "status")) == sorted(
        (user.pk, DeliveryStatus.SENT) for user in staying
    )
    assert not User.objects.filter(pk=leaving.pk).exists()
    # A later pass (the last call's time) sends nobody the opening reminder again.
    later = now + dt.timedelta(hours=18)
    with time_machine.travel(later, tick=False):
        services.dispatch_pass(now=later, connection=smtp_server.connection())
    subjects = [message["Subject"] for message in smtp_server.inbox.messages[3:]]
    assert subjects and all(subject.startswith("Last call") for subject in subjects)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pass_cannot_commit_a_row_for_an_account_being_deleted():
    """Ordering (b): the deletion has collected its rows when the pass inserts one for the user.

    The deletion holds the user's row (SELECT … FOR UPDATE), so the pass's insert waits for it
    and then fails its foreign-key check: the deletion commits, never a 500, and the pass's
    per-user recording (the other ordering's test) drops that one row.
    """
    from django.db import IntegrityError
    from django.db.models.signals import pre_delete

    now = timezone.now()
    leaving = UserFactory(email="leaving@example.com", **QUIET_OFF)
    staying = UserFactory(email="staying@example.com", **QUIET_OFF)
    step = due_thank_you(owner=leaving, now=now)
    kept = ReminderDelivery.objects.create(
        owner=staying, step=due_thank_you(owner=staying, now=now), kind="thank_you"
    )
    inserts = []

    def a_pass_inserts_meanwhile(sender, instance, **kwargs):
        # Once, inside the deletion's transaction, after its rows were collected.
        if instance.pk == leaving.pk and not inserts:
            inserts.append(
                in_thread(
                    lambda: (
                        ReminderDelivery.objects.create(
                            owner_id=leaving.pk, step_id=step.pk, kind="thank_you"
                        ).pk
                    )
                )
            )
            time.sleep(0.5)  # the insert is sent and waiting on the user's row

    pre_delete.connect(a_pass_inserts_meanwhile, sender=User)
    try:
        account_delete(user=leaving)
    finally:
        pre_delete.disconnect(a_pass_inserts_meanwhile, sender=User)

    assert inserts, "the concurrent insert did not happen"
    with pytest.raises(IntegrityError):
        inserts[0](timeout=30)
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert not ReminderDelivery.objects.filter(owner_id=leaving.pk).exists()
    assert list(ReminderDelivery.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db
def test_deleting_an_account_twice_is_harmless():
    user = UserFactory()
    account_delete(user=user)
    account_delete(user=user)
    assert not User.objects.filter(pk=user.pk).exists()
