"""A real Celery worker, a tick through Redis, PostgreSQL and a real SMTP server."""

import datetime as dt
import re
import threading
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.factories import UserFactory
from config.celery_app import app as celery_app
from followups.models import StepStatus
from reminders.models import ReminderDelivery

from .conftest import due_thank_you, start_worker, stop_worker


@pytest.fixture
def worker_queue(smtp_server, tmp_path):
    """A real `celery worker --pool=solo` on its own queue, stopped after the test."""
    worker, queue, log = start_worker(
        "config", smtp_port=smtp_server.port, tmp_path=tmp_path, prefix="reminders-e2e"
    )
    try:
        yield queue, log
    finally:
        stop_worker(worker)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_beat_tick_makes_a_real_worker_send_the_thank_you_email(smtp_server, worker_queue):
    queue, log = worker_queue
    user = UserFactory(
        email="casey@example.com",
        full_name="Casey Jordan",
        time_zone="America/New_York",
        # No quiet hours, so the test passes at any hour of the day.
        quiet_hours_start=dt.time(0),
        quiet_hours_end=dt.time(0),
    )
    step = due_thank_you(owner=user, ended_ago=dt.timedelta(hours=2))

    # What beat does every minute: put the tick on the broker.
    celery_app.send_task("reminders.tasks.tick", queue=queue)
    assert smtp_server.inbox.wait_for(1, timeout=90), log.read_text()

    [(recipients, _)] = smtp_server.inbox.envelopes
    [message] = smtp_server.inbox.messages
    assert recipients == ["casey@example.com"]
    assert message["To"] == "casey@example.com"
    due_local = timezone.localtime(step.due_at, user.zone)
    assert (
        message["Subject"] == f"Send your thank-you note to Ana Lee — due by {due_local:%a %H:%M}"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The worker records the send right after the server's 250, then moves the step on
    # to its last call: wait for both commits.
    last_call = step.due_at - dt.timedelta(hours=4)
    assert wait_until(
        lambda: (
            ReminderDelivery.objects.filter(step=step, status="sent").exists()
            and type(step).objects.filter(pk=step.pk, next_reminder_at=last_call).exists()
        )
    ), log.read_text()
    delivery = ReminderDelivery.objects.get(step=step)
    assert delivery.kind == "thank_you"
    assert message["Message-ID"] == delivery.message_id
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Times are in America/New_York." in text

    # Every link is absolute, on SITE_URL, and works.
    links = set(re.findall(r'href="([^"]+)"', html))
    assert links and all(link.startswith(settings.SITE_URL + "/") for link in links)
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in links

    def path(link):
        return link.removeprefix(settings.SITE_URL)

    signed_in = Client()
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for link in links:
        assert signed_in.get(path(link)).status_code == 200, link

    mail_client = Client(enforce_csrf_checks=True)
    [done] = [
        link for link in links if "/reminders/step/" in link and "Mark done" in _label(html, link)
    ]
    assert "Mark this as done?" in mail_client.get(path(done)).text
    confirm = mail_client.get(path(done))
    mail_client.post(path(done), {"csrfmiddlewaretoken": str(confirm.context["csrf_token"])})
    step.refresh_from_db()
    assert step.status == StepStatus.DONE

    one_click = mail_client.post(
        path(unsubscribe),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    user.refresh_from_db()
    assert user.reminders_paused is True


def wait_until(predicate, timeout: float = 30) -> bool:
    """Poll another process's effect on the database, up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(0.05)
    return predicate()


def _label(html: str, link: str) -> str:
    """The text of the anchor pointing at `link`."""
    match = re.search(re.escape(f'href="{link}"') + r"[^>]*>([^<]*)</a>", html)
    return match.group(1) if match else ""
