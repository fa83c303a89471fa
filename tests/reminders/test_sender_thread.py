"""The sender thread overlaps one email's send with the recording of the one before, and
never lets two accepted emails go unrecorded at once.

Real PostgreSQL (the SMTP server reads the rows over its own connection, so it sees only
what was committed) and a real aiosmtpd server on a loopback port.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from reminders import services
from reminders.models import AttemptOutcome, DeliveryStatus, ReminderAttempt, ReminderDelivery

from .conftest import seed_due_reminders

pytestmark = pytest.mark.django_db(transaction=True)


def committed_sent_rows() -> int:
    """Counted over a connection of a thread of its own: only committed rows. (The SMTP
    server's handler runs in an event loop, where Django rightly refuses the ORM.)"""

    def count():
        try:
            return ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(count).result()


def test_every_email_is_recorded_as_sent_before_the_server_takes_the_next(smtp_server, monkeypatch):
    now = timezone.now()
    seed_due_reminders(4, now=now)
    seen_when_taking = []
    seen = threading.Condition()

    def on_message(count):
        rows = committed_sent_rows()
        with seen:
            seen_when_taking.append((count, rows))
            seen.notify_all()

    smtp_server.inbox.on_message = on_message
    record = services._mark_sent

    def slow_database(email, **kwargs):
        # A slow write: time enough for the server to take the next email, were it let go.
        with seen:
            taken = len(seen_when_taking)
            seen.wait_for(lambda: len(seen_when_taking) > taken, timeout=0.25)
        record(email, **kwargs)

    monkeypatch.setattr(services, "_mark_sent", slow_database)
    result = services.dispatch_pass(now=now, connection=smtp_server.connection())

    assert result.emails == 4
    # When the server takes its n-th message, the n-1 before it are committed as sent:
    # never one fewer (two accepted and unrecorded at once).
    assert seen_when_taking == [(n, n - 1) for n in range(1, 5)]
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 4


def test_an_email_whose_predecessor_cannot_be_recorded_is_withdrawn(smtp_server, monkeypatch):
    now = timezone.now()
    seed_due_reminders(5, now=now)
    record = services._mark_sent

    def database_gone(email, **kwargs):
        smtp_server.inbox.wait_for(2, timeout=0.5)  # time enough to take a second one
        raise DatabaseError("connection to the database lost")

    # The first email's "sent" row cannot be written: the pass stops, and the email the
    # sender thread already has (its MAIL FROM and RCPT TO sent) must not be taken.
    monkeypatch.setattr(services, "_mark_sent", database_gone)
    with pytest.raises(DatabaseError):
        services.dispatch_pass(now=now, connection=smtp_server.connection())

    assert len(smtp_server.inbox.envelopes) == 1
    statuses = list(ReminderDelivery.objects.values_list("status", flat=True))
    assert statuses == [DeliveryStatus.SENDING] * 5  # sent again once their lease runs out

    # The database back, a later pass sends the four that never went, and repeats only the
    # one accepted but unrecorded (the documented crash case).
    monkeypatch.setattr(services, "_mark_sent", record)
    later = now + services.lease_length() + services.lease_length()
    result = services.dispatch_pass(now=later, connection=smtp_server.connection())
    assert result.emails == 5
    assert len(smtp_server.inbox.envelopes) == 6
    assert len(set(smtp_server.inbox.to())) == 5


def test_a_refused_email_records_how_long_its_send_took(smtp_server):
    now = timezone.now()
    seed_due_reminders(2, now=now)
    smtp_server.inbox.refuse = {"seeker0@example.com"}

    result = services.dispatch_pass(now=now, connection=smtp_server.connection())

    assert (result.emails, result.failed) == (1, 1)
    by_outcome = {a.outcome: a for a in ReminderAttempt.objects.all()}
    assert set(by_outcome) == {AttemptOutcome.REFUSED, AttemptOutcome.SENT}
    assert by_outcome[AttemptOutcome.REFUSED].smtp_code == 550
    assert by_outcome[AttemptOutcome.REFUSED].duration_ms is not None
    assert by_outcome[AttemptOutcome.SENT].duration_ms is not None
