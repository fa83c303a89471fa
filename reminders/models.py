import secrets

from django.conf import settings
from django.db import models

from core.querysets import OwnedQuerySet


class ReminderKind(models.TextChoices):
    """What a delivery reminded the user of.

    A wake-up after "Snooze 1 day" is stored as ``"<kind>:snooze:<YYYYmmddTHHMM>"`` (see
    `reminders.rules.snooze_kind`), so each snooze gets exactly one reminder of its own while
    (step, kind) stays unique.
    """

    THANK_YOU = "thank_you", "Thank-you note"
    THANK_YOU_LAST_CALL = "thank_you_last_call", "Thank-you note, last call"
    FOLLOW_UP = "follow_up", "Follow-up"
    BRIEF_REFERENCES = "brief_references", "Reference briefing"
    SELF_EVALUATION = "self_evaluation", "Self-evaluation"
    OVERDUE = "overdue", "Overdue summary"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"


class DeliveryStatus(models.TextChoices):
    # Written before the transport runs: a row left in SENDING means the process died
    # between "claimed" and "recorded" — the next pass sends it again (README: at most once
    # more, and only the message that was in flight).
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will retry"
    # The connection timed out or dropped after the message's final dot, before the server's
    # answer: it may or may not have been delivered. Sent again (with the same Message-ID, so
    # clients that de-duplicate show it once): at most one repeat per unknown outcome.
    UNKNOWN = "unknown", "Outcome unknown, will retry"
    # Not sent as itself: the step's overdue summary carried it ("Past their deadline").
    FOLDED = "folded", "Folded into an overdue summary"
    # Its window passed before any attempt got through; `gave_up_reason` says why.
    EXPIRED = "expired", "Given up"


class AttemptOutcome(models.TextChoices):
    SENT = "sent", "Accepted by the server"
    REFUSED = "refused", "Refused by the server"
    TRANSPORT_ERROR = "transport_error", "Server unreachable"
    UNKNOWN = "unknown", "Outcome unknown (timeout after the message)"
    EXPIRED = "expired", "Given up"


def new_link_key() -> str:
    """The random id of a delivery's one-click links: a link names no user or step."""
    return secrets.token_urlsafe(16)


class ReminderDeliveryQuerySet(OwnedQuerySet):
    # The engine's own records, written per email: not versioned, so a pass costs no owner
    # lookups. The one change a page shows, a reminder given up, moves the version itself
    # (`services._mark_failed`).
    versioned = False

    def sent(self):
        return self.filter(status=DeliveryStatus.SENT)


class ReminderDelivery(models.Model):
    """One reminder for one step (or one weekly digest), with every attempt to send it.

    The unique constraints make a second send of the same reminder impossible at the
    database level, whatever the workers do.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    step = models.ForeignKey(
        "followups.FollowUpStep",
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=40)
    # The local date of the digest slot ("the week of …"); null for step reminders.
    period = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The last failure, kept after a later success (the attempts below have the history).
    last_error = models.CharField(max_length=500, blank=True)
    gave_up_reason = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    # What "Mark done" / "Snooze" links carry instead of ids (reminders.tokens). Null only
    # for rows from before links had one: their old links are no longer valid.
    link_key = models.CharField(
        max_length=32, unique=True, null=True, blank=True, default=new_link_key, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "kind"],
                name="reminder_delivery_once_per_step_kind",
                condition=models.Q(step__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["owner", "kind", "period"],
                name="reminder_digest_once_per_period",
                condition=models.Q(step__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "kind", "period"]),
            # Digests not sent (yet): the pass's sweep for those past their catch-up.
            models.Index(
                fields=["period"],
                name="reminder_digest_unsent_idx",
                condition=models.Q(step__isnull=True)
                & models.Q(status__in=["sending", "failed", "unknown"]),
            ),
        ]

    def __str__(self):
        label = dict(ReminderKind.choices).get(self.kind.split(":")[0], self.kind)
        return f"{label} ({self.get_status_display()})"


class ReminderAttemptQuerySet(OwnedQuerySet):
    owner_path = "delivery__owner"
    versioned = False


class ReminderAttempt(models.Model):
    """One try at sending one reminder: when, what the server said, how long it took.

    Failures are written at once; the attempts of a batch's successful sends are written
    together with the batch's step moves (a crash may lose those rows, never the "sent"
    status of their delivery).
    """

    delivery = models.ForeignKey(ReminderDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=AttemptOutcome.choices)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    smtp_message = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    objects = ReminderAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M:%S}"
