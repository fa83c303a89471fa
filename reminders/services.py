"""Reminder dispatch: claim what fell due, record it, send it, record the result, move on.

One pass (`dispatch_pass`), run by the beat tick every minute or by `send_reminders`:

1. **Claim** up to BATCH_SIZE due steps (and the other due steps of their users) in one
   short transaction — `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, a compare-and-swap
   UPDATE per row elsewhere — by moving their `next_reminder_at` to a lease (the claim's
   time + REMINDER_LEASE_SECONDS). Another pass, running at the same time, skips locked rows
   and no longer sees leased ones as due. Before each email the pass renews the lease when
   less than half of it is left (a conditional UPDATE that also re-checks ownership), so a
   pass slower than its lease never has its unsent rows taken by the next tick.
2. **Decide** with the pure rules (`reminders.rules.decide`) which reminder each step gets.
3. **Record** a `ReminderDelivery` (status "sending") per reminder before anything is sent;
   its unique (step, kind) constraint makes a second send of it impossible.
4. **Send** one email per user (all of their reminders of the batch) over one SMTP
   connection per pass, in a sender thread (`reminders.sending`), and right after each
   email commit its rows as "sent"; while the server takes one email, this thread records
   the one before and renders the next, and the server gets an email's final dot only once
   the one before is committed. At the end of the batch move each step's
   `next_reminder_at` on (to the last call, or to null) in one UPDATE.

Guarantee (reminders/README.md states it in full): every due reminder is sent, folded into
the overdue summary, or recorded as expired with its reason — never dropped silently. A
message repeats only (1) if the process dies after the SMTP server accepted it and before
the "sent" row was committed — the one message in flight, sent again when the dead worker's
lease runs out — or (2) once after an unknown outcome (a timeout after the final dot),
under the same Message-ID. An SMTP failure marks the rows "failed" with the error and brings
the step back after a back-off; nothing is marked sent that was not accepted by the server.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from concurrent.futures import Future
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from core import versions
from followups.models import FollowUpStep, StepStatus

from . import emails, rules, selectors, sending
from .models import AttemptOutcome, DeliveryStatus, ReminderAttempt, ReminderDelivery, ReminderKind

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF = dt.timedelta(hours=6)


class TransportError(Exception):
    """The mail server could not be reached or dropped the connection."""


@dataclass
class PassResult:
    emails: int = 0
    reminders: int = 0
    failed: int = 0
    deferred: int = 0
    transport_error: str = ""
    planned: list[str] = field(default_factory=list)


@dataclass
class DigestDue:
    user: object
    period: dt.date
    delivery: ReminderDelivery | None


def lease_length() -> dt.timedelta:
    """How long a claim holds a step (REMINDER_LEASE_SECONDS): a dead worker's batch becomes
    due again after it. A live pass renews its lease before it runs low, so only one email's
    send has to fit in half of it."""
    return dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


class _Clock:
    """The pass's time: the `now` it was given plus the real time elapsed since it began.

    Leases are counted from the moment they are taken, not from the start of the pass (a pass
    slower than its lease used to see its later batches leased from the start, already
    expired). A pass run at a simulated `now` stays consistent with it.
    """

    def __init__(self, now: dt.datetime):
        self.start = now
        self._started = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self._started)


@dataclass
class _Lease:
    """The steps one batch holds, all with next_reminder_at == `until`."""

    step_ids: set[int]
    until: dt.datetime
    clock: _Clock

    def is_low(self) -> bool:
        """Less than half of the lease left: renew it before the next email."""
        return self.until - self.clock() <= lease_length() / 2

    def renew(self, emails_ahead: list[emails.ReminderEmail]) -> None:
        """Extend the lease of the steps still to be sent with a conditional UPDATE, and drop
        from the emails any step that is no longer ours (completed or snoozed meanwhile).

        Only a due step can be claimed, and ours stay in the future, so no other pass can take
        one while this pass still has it to send.
        """
        ahead = {item.step.pk for email in emails_ahead for item in email.step_items}
        ahead &= self.step_ids
        renewed = self.clock() + lease_length()
        if ahead:
            changed = FollowUpStep.objects.filter(pk__in=ahead, next_reminder_at=self.until).update(
                next_reminder_at=renewed
            )
            if changed != len(ahead):
                kept = set(
                    FollowUpStep.objects.filter(pk__in=ahead, next_reminder_at=renewed).values_list(
                        "pk", flat=True
                    )
                )
                gone = ahead - kept
                _release_deliveries(
                    [i for e in emails_ahead for i in e.step_items if i.step.pk in gone]
                )
                for email in emails_ahead:
                    email.items = [i for i in email.items if i.step.pk not in gone]
                    email.overdue = [i for i in email.overdue if i.step.pk not in gone]
                ahead = kept
        digests = [e.digest_delivery.pk for e in emails_ahead if e.digest_delivery is not None]
        if digests:
            ReminderDelivery.objects.filter(pk__in=digests, status=DeliveryStatus.SENDING).update(
                updated_at=self.clock()
            )
        self.step_ids, self.until = ahead, renewed


def _release_deliveries(items: list[emails.Item]) -> None:
    """Undo "sending" on reminders this pass recorded but will not send (their step was
    completed or snoozed meanwhile): a row made by this pass goes (nothing was tried), a
    retried row gets back the status it had, so none is left "sending" forever."""
    new = [item.delivery.pk for item in items if item.delivery.status == DeliveryStatus.SENDING]
    if new:
        ReminderDelivery.objects.filter(
            pk__in=new, status=DeliveryStatus.SENDING, attempts=0
        ).delete()
    for item in items:
        if item.delivery.status != DeliveryStatus.SENDING:
            ReminderDelivery.objects.filter(
                pk=item.delivery.pk, status=DeliveryStatus.SENDING
            ).update(status=item.delivery.status)


def retry_backoff(attempts: int) -> dt.timedelta:
    """How long a failed reminder waits before the next try: 1, 2, 4 … minutes, at most 6 h."""
    minutes = 2 ** min(max(attempts - 1, 0), 16)  # capped before it can overflow
    return min(dt.timedelta(minutes=minutes), MAX_BACKOFF)


# --- The pass ---------------------------------------------------------------------------


def dispatch_pass(
    *, now=None, connection=None, batch_size: int = BATCH_SIZE, dry_run: bool = False
) -> PassResult:
    """Send every reminder that fell due by `now`, each once; returns what happened."""
    now = now or timezone.now()
    result = PassResult()
    if dry_run:
        return _plan(now=now, result=result, limit=batch_size)
    clock = _Clock(now)
    digests = _due_digests(now=now)
    with sending.Mailer(connection) as mailer:
        while not result.transport_error:
            lease = _Lease(step_ids=set(), until=clock() + lease_length(), clock=clock)
            claimed = claim_due_steps(now=now, limit=batch_size, lease_until=lease.until)
            lease.step_ids = set(claimed)
            if claimed:
                _process_steps(
                    claimed, now=now, lease=lease, digests=digests, mailer=mailer, result=result
                )
            if len(claimed) < batch_size:
                break
        remaining = list(digests.values())
        for start in range(0, len(remaining), batch_size):
            if result.transport_error:
                break
            batch = [
                emails.ReminderEmail(
                    user=due.user, digest_period=due.period, digest_delivery=due.delivery
                )
                for due in remaining[start : start + batch_size]
            ]
            lease = _Lease(step_ids=set(), until=clock() + lease_length(), clock=clock)
            _send_emails(batch, now=now, lease=lease, mailer=mailer, result=result)
    _give_up_missed_digests(now=now)
    if result.emails or result.failed:
        logger.info(
            "Reminder pass: %d email(s), %d reminder(s), %d failed, %d held back",
            result.emails,
            result.reminders,
            result.failed,
            result.deferred,
        )
    return result


def claim_due_steps(
    *, now: dt.datetime, limit: int, lease_until: dt.datetime | None = None
) -> dict[int, dt.datetime]:
    """Lease up to `limit` due steps, and the other due steps of their users, to this pass
    (until `lease_until`, by default a lease's length from `now`).

    Taking a user's other due steps along keeps all their reminders of a pass in one email,
    even when there are more than `limit`. Returns {step id: the next_reminder_at that fell
    due}.
    """
    lease_until = lease_until or now + lease_length()
    due = selectors.due_steps(now=now)
    fields = ("pk", "next_reminder_at", "owner_id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            locked = due.select_for_update(skip_locked=True, of=("self",))
            rows = list(locked.values_list(*fields)[:limit])
            if rows:
                rows += (
                    locked.filter(owner_id__in={owner for _, _, owner in rows})
                    .exclude(pk__in=[pk for pk, _, _ in rows])
                    .values_list(*fields)[:limit]
                )
                FollowUpStep.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
                    next_reminder_at=lease_until
                )
        return {pk: scheduled_at for pk, scheduled_at, _ in rows}
    # Without SKIP LOCKED (SQLite): compare-and-swap each row; a row another pass leased
    # first no longer matches its old next_reminder_at and updates nothing.
    rows = list(due.values_list(*fields)[:limit])
    if rows:
        rows += (
            due.filter(owner_id__in={owner for _, _, owner in rows})
            .exclude(pk__in=[pk for pk, _, _ in rows])
            .values_list(*fields)[:limit]
        )
    claimed = {}
    for pk, scheduled_at, _ in rows:
        won = FollowUpStep.objects.filter(
            pk=pk, status=StepStatus.PENDING, next_reminder_at=scheduled_at
        ).update(next_reminder_at=lease_until)
        if won:
            claimed[pk] = scheduled_at
    return claimed


def _process_steps(claimed, *, now, lease: _Lease, digests, mailer, result: PassResult) -> None:
    steps = selectors.steps_for_batch(claimed)
    past = selectors.deliveries_by_step(claimed)
    by_user: dict[int, emails.ReminderEmail] = {}
    preferences: dict[int, rules.Preferences] = {}
    later: dict[int, dt.datetime | None] = {}
    for step in steps:
        user = step.owner
        prefs = preferences.setdefault(user.pk, selectors.preferences_of(user))
        rows = past.get(step.pk, {})
        decision = rules.decide(
            _facts(step, claimed[step.pk]),
            delivered={kind for kind, row in rows.items() if row.status == DeliveryStatus.SENT},
            now=now,
            prefs=prefs,
        )
        if decision.send_kind is None:
            later[step.pk] = decision.next_reminder_at
            if decision.next_reminder_at is not None:
                result.deferred += 1
            continue
        email = by_user.setdefault(user.pk, emails.ReminderEmail(user=user))
        item = emails.Item(
            step=step,
            kind=decision.send_kind,
            delivery=rows.get(decision.send_kind),
            next_reminder_at=decision.next_reminder_at,
        )
        (email.overdue if item.kind == rules.OVERDUE else email.items).append(item)
    _reschedule(later, lease_until=lease.until)
    lease.step_ids -= set(later)
    for user_id, email in by_user.items():
        digest = digests.pop(user_id, None)
        if digest is not None:
            email.digest_period, email.digest_delivery = digest.period, digest.delivery
    _send_emails(list(by_user.values()), now=now, lease=lease, mailer=mailer, result=result)


def _facts(step: FollowUpStep, scheduled_at: dt.datetime) -> rules.StepFacts:
    return rules.StepFacts(
        kind=step.kind,
        opens_at=step.opens_at,
        due_at=step.due_at,
        scheduled_at=scheduled_at,
        snoozed_until=step.snoozed_until,
    )


# --- Recording and sending --------------------------------------------------------------


def _send_emails(
    batch: list[emails.ReminderEmail], *, now, lease: _Lease, mailer, result: PassResult
) -> None:
    for email in batch:
        _record_attempt(email, now=now)
    _insert_new_deliveries(batch)
    batch = [email for email in batch if email.step_items or email.digest_delivery]
    outcomes = _Outcomes(batch, now=now, result=result)
    # The email the sender thread has (`sending.Mailer.submit`): while the server takes it,
    # this thread renders the next one and records the one before as sent. Its final dot
    # waits at its gate until that record is committed.
    in_flight: _InFlight | None = None
    try:
        for position, email in enumerate(batch):
            if lease.is_low():
                if in_flight is not None:
                    done, in_flight = in_flight, None
                    if outcomes.settle(done):
                        return
                # Steps already sent keep the old lease value: move them on first.
                outcomes.move_steps(lease_until=lease.until)
                lease.renew(batch[position:])
            if not (email.step_items or email.digest_delivery):
                continue  # every step of it was completed or snoozed meanwhile
            if email.digest_delivery is not None:
                email.digest = selectors.digest_figures(user=email.user, now=now)
            message = emails.reminder_email(email, now=now, message_id=_resent_message_id(email))
            before, in_flight = in_flight, None
            answer = None
            if before is not None:
                answer = before.answer()
                if not isinstance(answer, sending.Answer):
                    if outcomes.failed(before, answer):
                        return
                    before = None  # refused: nothing of it to record before this one goes
            gate = sending.Gate(opened=before is None)
            in_flight = _InFlight(
                position=position,
                email=email,
                message_id=message.extra_headers["Message-ID"],
                gate=gate,
                future=mailer.submit(message, gate=gate),
            )
            if before is not None:
                try:
                    outcomes.sent(before, answer)
                except BaseException:
                    gate.withdraw()  # its predecessor is not recorded: it must not go
                    raise
                gate.open()
        if in_flight is not None:
            done, in_flight = in_flight, None
            outcomes.settle(done)
    finally:
        if in_flight is not None:
            # An error is on its way out: what the sender thread did is recorded all the same.
            in_flight.gate.withdraw()
            answer = in_flight.answer()
            if isinstance(answer, sending.Answer):
                outcomes.sent(in_flight, answer)
        outcomes.move_steps(lease_until=lease.until)
        _save_attempts(outcomes.tries)


@dataclass
class _InFlight:
    """An email handed to the sender thread."""

    position: int  # in the batch
    email: emails.ReminderEmail
    message_id: str
    gate: sending.Gate
    future: Future

    def answer(self) -> sending.Answer | Exception:
        """Wait for the server's answer; the error instead when the send failed."""
        try:
            return self.future.result()
        except Exception as error:
            return error


class _Outcomes:
    """What the sends of one batch did: rows marked as each answer comes back, the step moves
    and the successes' attempt rows written together at the end of the batch."""

    def __init__(self, batch, *, now, result: PassResult):
        self.batch, self.now, self.result = batch, now, result
        # Only the "sent" mark must be committed per email: a step whose move is lost in a
        # crash comes back when its lease runs out, and its "sent" rows stop a second send.
        self.moves: dict[int, dt.datetime | None] = {}
        self.tries: list[ReminderAttempt] = []

    def settle(self, in_flight: _InFlight) -> bool:
        """Wait for an email's answer and record it; True when the pass must stop."""
        answer = in_flight.answer()
        if isinstance(answer, sending.Answer):
            self.sent(in_flight, answer)
            return False
        return self.failed(in_flight, answer)

    def sent(self, in_flight: _InFlight, answer: sending.Answer) -> None:
        email = in_flight.email
        _mark_sent(email, message_id=in_flight.message_id)
        self.tries += _attempts(
            email,
            outcome=AttemptOutcome.SENT,
            code=answer.code,
            message=answer.text,
            duration_ms=answer.duration_ms,
        )
        self.moves.update({item.step.pk: item.next_reminder_at for item in email.step_items})
        self.result.emails += 1
        self.result.reminders += len(email.deliveries)

    def failed(self, in_flight: _InFlight, error: Exception) -> bool:
        """Record a failed send; True when the pass must stop (the transport is down)."""
        email, now, result = in_flight.email, self.now, self.result
        rest = self.batch[in_flight.position + 1 :]
        took = getattr(error, "duration_ms", None)  # set by `sending.Mailer` (the send's time)
        if isinstance(error, sending.Withdrawn):
            return True
        if isinstance(error, sending.MESSAGE_ERRORS):
            logger.warning("Reminder email to user %s refused: %s", email.user.pk, _describe(error))
            self.moves.update(
                _mark_failed([email], error=error, now=now, result=result, duration_ms=took)
            )
            return False
        if isinstance(error, sending.AmbiguousOutcome):
            # The server may have delivered it: recorded as unknown (with its Message-ID,
            # reused by the one retry), the rest of the batch backs off like an outage.
            result.transport_error = _describe(error.cause)
            logger.warning(
                "Reminder email to user %s: outcome unknown (%s); it will be sent once more",
                email.user.pk,
                result.transport_error,
            )
            self.moves.update(
                _mark_failed(
                    [email],
                    error=error.cause,
                    now=now,
                    result=result,
                    status=DeliveryStatus.UNKNOWN,
                    message_id=in_flight.message_id,
                    duration_ms=took,
                )
            )
            self.moves.update(_mark_failed(rest, error=error.cause, now=now, result=result))
            return True
        if isinstance(error, (smtplib.SMTPException, OSError)):
            result.transport_error = _describe(error)
            logger.warning("Reminder mail transport failed: %s", result.transport_error)
            # The rest of the batch is not tried against a dead server: it is recorded with
            # the same error and backs off together; the pass stops here.
            self.moves.update(
                _mark_failed([email, *rest], error=error, now=now, result=result, duration_ms=took)
            )
            return True
        raise error

    def move_steps(self, *, lease_until) -> None:
        _reschedule(self.moves, lease_until=lease_until)
        self.moves.clear()


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _resent_message_id(email: emails.ReminderEmail) -> str | None:
    """The Message-ID of the email whose outcome was unknown, when this is its one retry."""
    rows = email.deliveries
    ids = {row.message_id for row in rows if row.status == DeliveryStatus.UNKNOWN}
    if rows and len(ids) == 1 and all(row.status == DeliveryStatus.UNKNOWN for row in rows):
        return ids.pop() or None
    return None


def _attempts(email, *, outcome, code=None, message="", duration_ms=None) -> list[ReminderAttempt]:
    at = timezone.now()
    return [
        ReminderAttempt(
            delivery=row,
            at=at,
            outcome=outcome,
            smtp_code=code,
            smtp_message=str(message)[:500],
            duration_ms=duration_ms,
        )
        for row in email.deliveries
    ]


def _smtp_answer(error: Exception) -> tuple[int | None, str]:
    """The server's code and text in an SMTP error, when it gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
        return code, text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        return error.smtp_code, text.decode(errors="replace") if isinstance(text, bytes) else text
    return None, _describe(error)


def _record_attempt(email: emails.ReminderEmail, *, now) -> None:
    """Make sure every reminder of the email has a row of ours in "sending" state."""
    if email.digest_period is not None:
        email.digest_delivery = _claim_digest(email, now=now)
    for item in email.step_items:
        if item.delivery is None:
            item.delivery = ReminderDelivery(
                owner=email.user, step=item.step, kind=item.kind, status=DeliveryStatus.SENDING
            )
    retried = [item.delivery.pk for item in email.step_items if item.delivery.pk]
    if retried:
        # Failed or interrupted before: the step lease makes this pass their only sender.
        ReminderDelivery.objects.filter(pk__in=retried).update(
            status=DeliveryStatus.SENDING, updated_at=now
        )


def _claim_digest(email: emails.ReminderEmail, *, now) -> ReminderDelivery | None:
    """The digest row of this user and week, claimed by this pass, or None if another has it."""
    existing = email.digest_delivery
    if existing is None:
        try:
            with transaction.atomic():
                return ReminderDelivery.objects.create(
                    owner=email.user,
                    kind=ReminderKind.WEEKLY_DIGEST,
                    period=email.digest_period,
                    status=DeliveryStatus.SENDING,
                )
        except IntegrityError:
            return None
    # A failed digest, or one whose sender died (still "sending" after a whole lease).
    claimable = Q(status=DeliveryStatus.FAILED) | Q(
        status=DeliveryStatus.SENDING, updated_at__lt=now - lease_length()
    )
    won = ReminderDelivery.objects.filter(claimable, pk=existing.pk).update(
        status=DeliveryStatus.SENDING, updated_at=now
    )
    return existing if won else None


def _insert_new_deliveries(batch: list[emails.ReminderEmail]) -> None:
    new = [item.delivery for email in batch for item in email.step_items if not item.delivery.pk]
    if not new:
        return
    try:
        with transaction.atomic():
            ReminderDelivery.objects.bulk_create(new)
        return
    except IntegrityError:
        # bulk_create gave the objects the ids of rows the rollback took away: they are not
        # recorded, whatever their pk says (else the batch's emails would go out unrecorded).
        for delivery in new:
            delivery.pk = None
    # Another process recorded one of them meanwhile (only possible after a lease ran out),
    # or an account was deleted while the insert was open (its foreign keys are checked at
    # commit): insert row by row, so no user's record depends on another user's rows, and
    # drop the reminders that could not be recorded.
    for email in batch:
        kept = []
        for item in email.step_items:
            if not item.delivery.pk:
                try:
                    with transaction.atomic():
                        item.delivery.save()
                except IntegrityError:
                    item.delivery.pk = None
                    continue
            kept.append(item)
        email.items = [item for item in email.items if item in kept]
        email.overdue = [item for item in email.overdue if item in kept]


def _mark_sent(email: emails.ReminderEmail, *, message_id: str) -> None:
    """Commit "sent" for the email's reminders: the only write per email, right after it."""
    sent_at = timezone.now()
    ReminderDelivery.objects.filter(pk__in=[row.pk for row in email.deliveries]).update(
        status=DeliveryStatus.SENT,
        sent_at=sent_at,
        updated_at=sent_at,
        message_id=message_id[:255],
        attempts=F("attempts") + 1,
    )
    if email.overdue:
        # The summary carried these steps: their earlier reminders that never got through
        # are accounted for, not left "failed" forever.
        ReminderDelivery.objects.filter(
            step_id__in=[item.step.pk for item in email.overdue],
            status__in=[DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN, DeliveryStatus.SENDING],
        ).exclude(kind=ReminderKind.OVERDUE).update(
            status=DeliveryStatus.FOLDED, updated_at=sent_at
        )


def _mark_failed(
    batch,
    *,
    error: Exception,
    now,
    result: PassResult,
    status=DeliveryStatus.FAILED,
    message_id: str = "",
    duration_ms: int | None = None,
) -> dict:
    """Record the error on the emails' reminders and an attempt each; returns when each step
    is tried again (`rules.after_failure`: retried, or expired with a logged reason)."""
    message = _describe(error)
    rows = [row for email in batch for row in email.deliveries]
    changes = {"status": status, "last_error": message, "updated_at": timezone.now()}
    if message_id:
        changes["message_id"] = message_id[:255]
    ReminderDelivery.objects.filter(pk__in=[row.pk for row in rows]).update(
        attempts=F("attempts") + 1, **changes
    )
    result.failed += len(rows)
    if status == DeliveryStatus.UNKNOWN:
        outcome = AttemptOutcome.UNKNOWN
    elif isinstance(error, sending.MESSAGE_ERRORS):
        outcome = AttemptOutcome.REFUSED
    else:
        outcome = AttemptOutcome.TRANSPORT_ERROR
    code, answer = _smtp_answer(error)
    tries = [
        attempt
        for email in batch
        for attempt in _attempts(
            email, outcome=outcome, code=code, message=answer, duration_ms=duration_ms
        )
    ]
    moves, expired = {}, []
    for email in batch:
        for item in email.step_items:
            attempts = item.delivery.attempts + 1
            fate = rules.after_failure(
                _facts(item.step, now),
                kind=item.kind,
                attempts=attempts,
                now=now,
                backoff=retry_backoff(attempts),
            )
            moves[item.step.pk] = fate.retry_at
            if fate.expired_reason:
                expired.append((item, fate.expired_reason))
    for item, reason in expired:
        logger.warning(
            "Reminder %s of step %s (user %s) given up: %s; last error: %s",
            item.kind,
            item.step.pk,
            item.step.owner_id,
            reason,
            message,
        )
        ReminderDelivery.objects.filter(pk=item.delivery.pk).update(
            status=DeliveryStatus.EXPIRED, gave_up_reason=reason[:300]
        )
        # The step's page says why its reminder was given up (deliveries are not versioned).
        versions.bump([item.step.owner_id])
        tries.append(
            ReminderAttempt(
                delivery=item.delivery,
                at=timezone.now(),
                outcome=AttemptOutcome.EXPIRED,
                smtp_message=reason[:500],
            )
        )
    _save_attempts(tries)
    return moves


def _save_attempts(tries: list[ReminderAttempt]) -> None:
    """Record attempts; those of deliveries deleted meanwhile (account deletion) are dropped."""
    if not tries:
        return
    try:
        with transaction.atomic():
            ReminderAttempt.objects.bulk_create(tries)
        return
    except IntegrityError:
        pass
    alive = set(
        ReminderDelivery.objects.filter(
            pk__in={attempt.delivery_id for attempt in tries}
        ).values_list("pk", flat=True)
    )
    for attempt in tries:
        attempt.pk = None
    try:
        with transaction.atomic():
            ReminderAttempt.objects.bulk_create([t for t in tries if t.delivery_id in alive])
    except IntegrityError:
        logger.info("Attempt rows of a deleted account dropped", exc_info=True)


def _reschedule(changes: dict[int, dt.datetime | None], *, lease_until: dt.datetime) -> None:
    """Move leased steps' next_reminder_at on, in one UPDATE.

    Only rows still holding our lease change: a step completed or snoozed meanwhile keeps
    what the user just did.
    """
    if not changes:
        return
    values = set(changes.values())
    if len(values) == 1:
        new_value = values.pop()
    else:
        new_value = Case(
            *[
                When(pk=pk, then=Value(at, output_field=DateTimeField()))
                for pk, at in changes.items()
            ],
            output_field=DateTimeField(),
        )
    FollowUpStep.objects.filter(pk__in=list(changes), next_reminder_at=lease_until).update(
        next_reminder_at=new_value
    )


# --- Digests and the dry run ------------------------------------------------------------


def _due_digests(*, now) -> dict[int, DigestDue]:
    users = list(selectors.digest_candidates(now=now))
    past = selectors.digest_deliveries(
        [user.pk for user in users], since=now.date() - dt.timedelta(days=3)
    )
    due: dict[int, DigestDue] = {}
    for user in users:
        rows = past.get(user.pk, {})
        period = rules.digest_due(
            now,
            selectors.preferences_of(user),
            delivered_periods={p for p, row in rows.items() if row.status == DeliveryStatus.SENT},
            joined_at=user.date_joined,
        )
        if period is not None:
            due[user.pk] = DigestDue(user=user, period=period, delivery=rows.get(period))
    return due


def _give_up_missed_digests(*, now) -> None:
    """Record as given up (with the reason, a WARNING and an attempt row) every weekly digest
    that never got through and is past its catch-up (`rules.digest_given_up`): it will not
    be tried again, and must not read "will retry" forever."""
    # Every zone's digest of a day is past its catch-up two days later at the latest.
    for row in selectors.unsent_digests(until=now.date() - dt.timedelta(days=1)):
        if row.status == DeliveryStatus.SENDING and row.updated_at >= now - lease_length():
            continue  # a live pass may be sending it right now
        if not rules.digest_given_up(
            row.period, now=now, prefs=selectors.preferences_of(row.owner)
        ):
            continue
        what = (
            "its last try's outcome is unknown (it may have arrived) and it was not retried"
            if row.status == DeliveryStatus.UNKNOWN
            else "it could not be sent"
        )
        reason = (
            f"weekly digest of {row.period:%Y-%m-%d}: {what} within "
            f"{rules.DIGEST_CATCH_UP.days} day of its time; the next week's takes its place"
        )
        # Conditional: a pass that claimed it meanwhile keeps it.
        given_up = ReminderDelivery.objects.filter(
            pk=row.pk, status=row.status, updated_at=row.updated_at
        ).update(status=DeliveryStatus.EXPIRED, gave_up_reason=reason[:300], updated_at=now)
        if not given_up:
            continue
        logger.warning(
            "Weekly digest %s of user %s given up: %s; last error: %s",
            row.period,
            row.owner_id,
            reason,
            row.last_error or "none recorded",
        )
        _save_attempts(
            [
                ReminderAttempt(
                    delivery=row,
                    at=timezone.now(),
                    outcome=AttemptOutcome.EXPIRED,
                    smtp_message=reason[:500],
                )
            ]
        )


def _plan(*, now, result: PassResult, limit: int) -> PassResult:
    """What a pass would send now, without claiming or sending anything."""
    rows = dict(selectors.due_steps(now=now).values_list("pk", "next_reminder_at")[:limit])
    past = selectors.deliveries_by_step(rows)
    for step in selectors.steps_for_batch(rows):
        decision = rules.decide(
            _facts(step, rows[step.pk]),
            delivered={k for k, row in past.get(step.pk, {}).items() if row.status == "sent"},
            now=now,
            prefs=selectors.preferences_of(step.owner),
        )
        if decision.send_kind:
            result.planned.append(f"{step.owner.email}: {decision.send_kind} (step {step.pk})")
        else:
            result.deferred += 1
    for digest in _due_digests(now=now).values():
        result.planned.append(f"{digest.user.email}: weekly digest for {digest.period}")
    return result


# --- One-click actions ------------------------------------------------------------------


def reminders_pause(*, user_id: int) -> bool:
    """Turn all reminder emails off for a user (the unsubscribe link); True if found."""
    return bool(get_user_model().objects.filter(pk=user_id).update(reminders_paused=True))
