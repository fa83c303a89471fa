"""A real SMTP server on a free loopback port, and helpers to make reminders fall due."""

import datetime as dt
import email
import logging
import os
import socket
import subprocess
import sys
import threading
import uuid
from email import policy
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.utils import timezone

from accounts.models import User
from accounts.services import addresses_confirmed
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep
from interviews.factories import InterviewerFactory
from interviews.models import Interview, JobApplication

ROOT = Path(__file__).resolve().parents[2]
# aiosmtpd logs every SMTP command at INFO; thousands of messages would drown the output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received; `on_message` runs inside the server, before its 250."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.on_message = None
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append((list(envelope.rcpt_tos), envelope.content))
            self.arrived.notify_all()
            count = len(self.envelopes)
        if self.on_message is not None:
            self.on_message(count)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> bool:
        with self.lock:
            return self.arrived.wait_for(lambda: len(self.envelopes) >= count, timeout=timeout)

    @property
    def messages(self) -> list:
        """The received messages, parsed (parsing thousands is slow: only when asked)."""
        with self.lock:
            raw = [content for _, content in self.envelopes]
        return [email.message_from_bytes(content, policy=policy.default) for content in raw]

    def to(self) -> list[str]:
        """Every envelope recipient of every message received, in order."""
        with self.lock:
            return [address for recipients, _ in self.envelopes for address in recipients]


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def connection(self) -> EmailBackend:
        """A Django SMTP connection to this server (also when it is not running)."""
        return EmailBackend(
            host="127.0.0.1", port=self.port, use_tls=False, timeout=10, alias="reminders-tests"
        )


@pytest.fixture
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


def due_thank_you(
    *, owner, ended_ago=dt.timedelta(hours=2), now=None, interviewer_name="Ana Lee", **kwargs
):
    """A thank-you step whose window opened when an interview ended `ended_ago` before now."""
    now = now or timezone.now()
    ended = now - ended_ago
    interviewer = InterviewerFactory(
        name=interviewer_name,
        interview__application__owner=owner,
        interview__starts_at=ended - dt.timedelta(hours=1),
        interview__ends_at=ended,
    )
    return FollowUpStepFactory(
        owner=owner,
        interview=interviewer.interview,
        interviewer=interviewer,
        opens_at=ended,
        due_at=ended + dt.timedelta(hours=24),
        next_reminder_at=ended,
        **kwargs,
    )


def subprocess_env(*, smtp_port: int, **extra) -> dict:
    """Environment for a worker or command process that uses the pytest database."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "EMAIL_", "DJANGO_", "SITE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=f"postgres://{auth}@{host}/{db['NAME']}",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SITE_URL=settings.SITE_URL,
        CONN_MAX_AGE="0",
    )
    env.update(extra)
    return env


def seed_due_reminders(count: int, *, now, per_user: int = 1) -> list[int]:
    """`count` due thank-you steps over count/per_user users, inserted in bulk; their ids."""
    quiet_off = {"quiet_hours_start": dt.time(0), "quiet_hours_end": dt.time(0)}
    users = User.objects.bulk_create(
        User(email=f"seeker{n}@example.com", full_name=f"Seeker {n}", password="!", **quiet_off)
        for n in range(count // per_user)
    )
    addresses_confirmed(users=users)  # reminders go only to confirmed addresses
    ended = now - dt.timedelta(hours=2)
    applications = JobApplication.objects.bulk_create(
        JobApplication(owner=user, company_name=f"Company {user.pk}", role_title="Engineer")
        for user in users
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=application.owner,
            application=application,
            starts_at=ended - dt.timedelta(hours=1),
            ends_at=ended,
        )
        for application in applications
    )
    steps = [
        FollowUpStepFactory.build(
            owner=interview.owner,
            application=interview.application,
            interview=interview,
            opens_at=ended,
            due_at=ended + dt.timedelta(hours=24),
            next_reminder_at=ended,
        )
        for interview in interviews
        for _ in range(per_user)
    ]
    return [step.pk for step in FollowUpStep.objects.bulk_create(steps)]


CELERY = Path(sys.executable).with_name("celery")


def start_worker(app_module, *, smtp_port, tmp_path, prefix="reminders-worker"):
    """A real `celery -A <app_module> worker --pool=solo` on a queue of its own, logging to
    tmp_path/worker.log: (process, queue, log path). Stop it with `stop_worker`."""
    queue = f"{prefix}-{uuid.uuid4().hex[:10]}"
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
    """Stop a worker of `start_worker`, killing it if it does not stop within 30 s."""
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)
