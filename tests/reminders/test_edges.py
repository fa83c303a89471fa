"""Reminders at the edges (issue 12): a relay slower than the lease, long outages, account
deletion racing a pass, ambiguous SMTP outcomes, retries of the tick, raw headers.

Real PostgreSQL (one connection per thread), a real aiosmtpd relay on a loopback port.
"""

import datetime as dt
import re
import subprocess
import threading
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from accounts.factories import UserFactory
from config.celery_app import app as celery_app
from reminders import services
from reminders.models import DeliveryStatus, ReminderDelivery

from .conftest import ROOT, SMTPServer, due_thank_you, subprocess_env
from .test_end_to_end import CELERY, wait_until

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


@pytest.fixture
def relay_down():
    """An SMTP relay on a reserved port that is down until the test starts it."""
    server = SMTPServer()
    yield server
    server.stop()


def start_worker(app_module, *, smtp_port, tmp_path):
    queue = f"reminders-edges-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                app_module,
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=subprocess_env(smtp_port=smtp_port, AFTERVIEW_VAR_DIR=str(tmp_path)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return worker, queue, log


def stop_worker(worker):
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


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
        # As beat sends it: a tick that expires soon (beat's is 55 s; the retries here come
        # after 2 s and 4 s, so this one expires before the first retry).
        celery_app.send_task(
            "reminders.tasks.tick", queue=queue, expires=timezone.now() + dt.timedelta(seconds=1)
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
