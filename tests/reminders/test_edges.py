"""Reminders at the edges (issue 12): a relay slower than the lease, long outages, account
deletion racing a pass, ambiguous SMTP outcomes, retries of the tick, raw headers.

Real PostgreSQL (one connection per thread), a real aiosmtpd relay on a loopback port.
"""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from accounts.factories import UserFactory
from reminders import services
from reminders.models import DeliveryStatus, ReminderDelivery

from .conftest import due_thank_you

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
