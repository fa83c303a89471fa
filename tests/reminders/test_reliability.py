"""Exactly once under concurrency, SMTP outages and a worker killed mid-batch.

Real PostgreSQL (separate connections per thread/process), a real SMTP server on a loopback
port, real subprocesses. No sleeps: threads meet at a barrier, the SMTP server signals.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from accounts.factories import UserFactory
from reminders import services, tasks
from reminders.models import DeliveryStatus, ReminderDelivery

from .conftest import ROOT, SMTPServer, due_thank_you, seed_due_reminders, subprocess_env

QUIET_OFF = {"quiet_hours_start": dt.time(0), "quiet_hours_end": dt.time(0)}


def run_concurrently(target, count=2):
    """Run `target()` in `count` threads that start together, each with its own connection."""
    barrier = threading.Barrier(count)
    errors = []
    results = []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(target())
        except Exception as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return results


def reminded_step_ids(inbox) -> Counter:
    """How often each step's reminder arrived: its composer link in the received emails."""
    found = Counter()
    for message in inbox.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        found.update(int(pk) for pk in re.findall(r"/steps/(\d+)/thank-you/", text))
    return found


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_passes_send_each_of_2000_reminders_exactly_once(smtp_server):
    now = timezone.now()
    # 200 users with 10 reminders each: 2,000 claims and records, a few hundred emails.
    step_ids = seed_due_reminders(2000, now=now, per_user=10)

    results = run_concurrently(
        lambda: services.dispatch_pass(now=now, connection=smtp_server.connection(), batch_size=100)
    )

    # Both passes did part of the work, and together all of it, once.
    assert all(result.reminders > 0 for result in results), [r.reminders for r in results]
    assert sum(result.reminders for result in results) == 2000
    reminded = reminded_step_ids(smtp_server.inbox)
    assert set(reminded) == set(step_ids)
    assert set(reminded.values()) == {1}
    sent = ReminderDelivery.objects.filter(step_id__in=step_ids, status=DeliveryStatus.SENT)
    assert sent.count() == 2000
    assert set(sent.values_list("attempts", flat=True)) == {1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_ticks_at_once_send_no_duplicate(smtp_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    step_ids = seed_due_reminders(300, now=timezone.now(), per_user=3)

    results = run_concurrently(lambda: tasks.tick.apply())

    assert all(result.successful() for result in results)
    reminded = reminded_step_ids(smtp_server.inbox)
    assert set(reminded) == set(step_ids)
    assert set(reminded.values()) == {1}
    # One email per user, unless the two ticks happened to split a user between them.
    assert 100 <= sum(result.result for result in results) == len(smtp_server.inbox.envelopes)
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 300


@pytest.mark.django_db(transaction=True)
def test_smtp_down_marks_nothing_sent_and_the_next_pass_sends_everything_once():
    now = timezone.now()
    users = [UserFactory(email=f"s{n}@example.com", **QUIET_OFF) for n in range(5)]
    steps = [due_thank_you(owner=user, now=now) for user in users for _ in range(2)]
    server = SMTPServer()  # not started: nothing listens on its port

    down = services.dispatch_pass(now=now, connection=server.connection())

    assert down.transport_error.startswith("ConnectionRefusedError")
    assert (down.emails, down.failed) == (0, 10)
    rows = ReminderDelivery.objects.all()
    assert rows.count() == 10
    assert not rows.filter(status=DeliveryStatus.SENT).exists()
    assert all(row.last_error.startswith("ConnectionRefusedError") for row in rows)
    assert all(row.attempts == 1 for row in rows)
    # The steps come back after a back-off, not at once and not never.
    for step in steps:
        step.refresh_from_db()
        assert step.next_reminder_at == now + services.retry_backoff(1)

    server.start()
    try:
        back = services.dispatch_pass(
            now=now + dt.timedelta(minutes=2), connection=server.connection()
        )
        again = services.dispatch_pass(
            now=now + dt.timedelta(minutes=3), connection=server.connection()
        )
    finally:
        server.stop()

    assert (back.emails, back.reminders, back.transport_error) == (5, 10, "")
    assert again.emails == 0
    assert sorted(server.inbox.to()) == sorted(user.email for user in users)
    # The failure stays on record after the success, and every attempt has its row.
    rows = ReminderDelivery.objects.all()
    assert {(row.status, row.attempts) for row in rows} == {("sent", 2)}
    assert all(row.last_error.startswith("ConnectionRefusedError") for row in rows)
    for row in rows:
        outcomes = [attempt.outcome for attempt in row.tries.order_by("at", "pk")]
        assert outcomes == ["transport_error", "sent"]
        assert row.tries.get(outcome="sent").smtp_code == 250


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_fails_alone_and_is_retried_later(smtp_server):
    now = timezone.now()
    good, bad = (UserFactory(email=f"{n}@example.com", **QUIET_OFF) for n in ("good", "bad"))
    due_thank_you(owner=good, now=now)
    refused = due_thank_you(owner=bad, now=now)
    smtp_server.inbox.refuse = {"bad@example.com"}

    result = services.dispatch_pass(now=now, connection=smtp_server.connection())

    assert (result.emails, result.failed, result.transport_error) == (1, 1, "")
    assert smtp_server.inbox.to() == ["good@example.com"]
    row = ReminderDelivery.objects.get(step=refused)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "SMTPRecipientsRefused" in row.last_error
    refused.refresh_from_db()
    assert refused.next_reminder_at == now + services.retry_backoff(1)

    smtp_server.inbox.refuse = set()
    later = services.dispatch_pass(
        now=now + dt.timedelta(minutes=1), connection=smtp_server.connection()
    )
    assert later.emails == 1
    assert smtp_server.inbox.to() == ["good@example.com", "bad@example.com"]


@pytest.mark.django_db(transaction=True)
def test_the_tick_is_retried_while_smtp_is_down(settings, caplog):
    server = SMTPServer()  # not started
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    due_thank_you(owner=UserFactory(email="retry@example.com", **QUIET_OFF))

    with caplog.at_level("INFO", logger="celery.app.trace"):
        result = tasks.tick.apply()

    assert "Retry in" in caplog.text and "TransportError" in caplog.text
    # An eager retry runs at once; the step is backing off by then, so the failed attempt
    # is the only one that reached the dead server, and nothing is marked sent.
    assert result.successful()
    [row] = ReminderDelivery.objects.all()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error.startswith("ConnectionRefusedError")


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
    smtp_server,
):
    now = timezone.now()
    seed_due_reminders(20, now=now)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=subprocess_env(smtp_port=smtp_server.port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def kill_on_the_eighth(count):
        # Inside the SMTP transaction, before the server's "250": the worker dies with
        # message 8 accepted by the server but not yet recorded as sent.
        if count == 8:
            os.kill(worker.pid, signal.SIGKILL)

    smtp_server.inbox.on_message = kill_on_the_eighth
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL, output
    smtp_server.inbox.on_message = None
    assert len(smtp_server.inbox.envelopes) == 8
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 7

    # Restart once the dead worker's lease has run out.
    restart = services.dispatch_pass(
        now=now + services.lease_length() + dt.timedelta(minutes=1),
        connection=smtp_server.connection(),
    )

    assert restart.emails == 13
    received = Counter(smtp_server.inbox.to())
    assert len(received) == 20  # everyone got their reminder
    assert sum(received.values()) == 21  # and exactly one message, the one in flight, twice
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 20
