"""The mail side of a reminder pass: one connection for the pass, and a sender thread.

While the server takes one email, the pass records the email before it as sent and renders
the next: the database, the template work and the SMTP dialogue overlap (bench/reminders.py
measures the gain). The overlap never lets two sent emails go unrecorded at once: each
message is handed over with a `Gate` that holds its final dot — the moment the server takes
it — until the email before it is committed as sent. A crash therefore still leaves at most
one accepted message without its "sent" row, as in a pass that sends one email at a time.

Only the SMTP dialogue and the message's serialisation run in the sender thread; every
database read and write stays in the pass's own thread.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.core.mail import mailers

logger = logging.getLogger(__name__)

# Refusals that concern one message; anything else means the transport is down.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


class AmbiguousOutcome(Exception):
    """The connection failed after the message's final dot, before the server's answer."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


class Withdrawn(Exception):
    """The message was not sent: the email before it could not be recorded."""


class Gate:
    """Holds a message before its final dot until the pass lets it through or withdraws it."""

    def __init__(self, *, opened: bool = False):
        self._event = threading.Event()
        self._withdrawn = False
        self.waited = 0.0  # seconds the message was held, left out of its send's duration
        if opened:
            self._event.set()

    def open(self) -> None:
        self._event.set()

    def withdraw(self) -> None:
        """Stop the message if it has not gone through yet (no effect on one that has)."""
        self._withdrawn = True
        self._event.set()

    def pass_through(self) -> None:
        """Called by the sender thread just before the message's DATA."""
        started = time.monotonic()
        self._event.wait()
        self.waited = time.monotonic() - started
        if self._withdrawn:
            raise Withdrawn


@dataclass
class Answer:
    """The server's answer to one message (code and text, when known) and how long it took."""

    code: int | None
    text: str
    duration_ms: int


class Mailer:
    """One mail connection for the whole pass, opened at the first message, used by one
    sender thread (`submit`); `send` sends from the calling thread."""

    def __init__(self, connection=None):
        self.connection = connection
        self.opened = False
        self._thread: ThreadPoolExecutor | None = None

    def __enter__(self):
        return self

    def submit(self, message, *, gate: Gate) -> Future:
        """Send `message` in the sender thread once `gate` opens; the future's result is an
        `Answer`, or the error `send` raised (`Withdrawn` if the gate was withdrawn)."""
        if self.connection is None:
            self.connection = mailers.default  # resolved here: settings are this thread's
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminder-smtp")
        return self._thread.submit(self._timed_send, message, gate)

    def _timed_send(self, message, gate: Gate) -> Answer:
        """`send`, timed without the wait at the gate; a failure carries its duration too
        (`error.duration_ms`), for its attempt row."""
        started = time.monotonic()
        try:
            code, text = self.send(message, gate=gate)
        except Exception as error:
            error.duration_ms = round((time.monotonic() - started - gate.waited) * 1000)
            raise
        elapsed = time.monotonic() - started - gate.waited
        return Answer(code=code, text=text, duration_ms=round(elapsed * 1000))

    def send(self, message, *, gate: Gate | None = None) -> tuple[int | None, str]:
        """Send one message; returns the server's answer to it (code, text) when known.

        Raises `AmbiguousOutcome` when the connection fails after the final dot went out
        (a timeout waiting for the "250", a connection dropped then): the server may have
        taken the message.
        """
        if self.connection is None:
            self.connection = mailers.default
        if not self.opened:
            self.connection.open()
            self.opened = True
        smtp = getattr(self.connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            _watch_final_dot(smtp)
            smtp.reminders_gate = gate  # checked before DATA (`_watch_final_dot`)
        elif gate is not None:
            gate.pass_through()  # not SMTP (the local mailbox, tests' outbox): hold it all
        try:
            sent = self.connection.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            if getattr(smtp, "reminders_awaiting_answer", False) and not isinstance(
                error, MESSAGE_ERRORS
            ):
                raise AmbiguousOutcome(error) from error
            raise
        finally:
            if isinstance(smtp, smtplib.SMTP):
                smtp.reminders_gate = None
        if sent != 1:
            raise smtplib.SMTPRecipientsRefused(dict.fromkeys(message.to, (550, b"")))
        code, text = getattr(smtp, "reminders_last_answer", (None, b""))
        return code, text.decode(errors="replace") if isinstance(text, bytes) else str(text)

    def __exit__(self, *exc):
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self.opened:
            try:
                self.connection.close()
            except (smtplib.SMTPException, OSError):
                logger.info("Closing the mail connection failed", exc_info=True)
        return False


def _watch_final_dot(smtp: smtplib.SMTP) -> None:
    """Hold a message at its `Gate` before DATA, mark on an smtplib connection when its final
    dot has gone out and the server's answer has not come back yet
    (`reminders_awaiting_answer`), and keep that answer (`reminders_last_answer`).

    smtplib raises the same errors for a dead server before the message as for a timeout
    after it; only the second leaves the outcome unknown. `SMTP.data` sends the DATA command,
    then the message with its final dot, then reads the answer: the second `send` inside it
    is the message.
    """
    if getattr(smtp, "reminders_watched", False):
        return
    plain_send, plain_data = smtp.send, smtp.data
    sends_in_data = [None]

    def send(payload):
        plain_send(payload)
        if sends_in_data[0] is not None:
            sends_in_data[0] += 1
            if sends_in_data[0] == 2:
                smtp.reminders_awaiting_answer = True

    def data(msg):
        gate = getattr(smtp, "reminders_gate", None)
        if gate is not None:
            gate.pass_through()  # after MAIL FROM and RCPT TO, before anything is accepted
        sends_in_data[0] = 0
        try:
            answer = plain_data(msg)
        finally:
            sends_in_data[0] = None
        smtp.reminders_awaiting_answer = False
        smtp.reminders_last_answer = answer
        return answer

    smtp.send, smtp.data = send, data
    smtp.reminders_awaiting_answer = False
    smtp.reminders_gate = None
    smtp.reminders_watched = True
