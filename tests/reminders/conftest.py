"""A real SMTP server on a free loopback port, and helpers to make reminders fall due."""

import datetime as dt
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.backends.smtp import EmailBackend

from followups.factories import FollowUpStepFactory
from interviews.factories import InterviewerFactory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received; `on_message` runs inside the server, before its 250."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.on_message = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
            self.arrived.notify_all()
            count = len(self.messages)
        if self.on_message is not None:
            self.on_message(count)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> bool:
        with self.lock:
            return self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)

    def to(self) -> list[str]:
        with self.lock:
            return [str(message["To"]) for message in self.messages]


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
    from django.utils import timezone

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
