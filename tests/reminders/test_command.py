"""`manage.py send_reminders` runs one pass; `--dry-run` only lists."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.factories import UserFactory
from reminders.models import ReminderDelivery

from .conftest import due_thank_you

QUIET_OFF = {"quiet_hours_start": dt.time(0), "quiet_hours_end": dt.time(0)}


@pytest.fixture
def step(db):
    return due_thank_you(owner=UserFactory(email="cmd@example.com", **QUIET_OFF))


def test_it_sends_due_reminders(step):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 1 email(s) with 1 reminder(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["cmd@example.com"]]
    assert ReminderDelivery.objects.get().status == "sent"


def test_dry_run_lists_without_sending(step):
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert f"cmd@example.com: thank_you (step {step.pk})" in out.getvalue()
    assert "Would send 1 reminder(s)" in out.getvalue()
    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()


def test_it_rejects_a_zero_batch_size(db):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--batch-size", "0")
