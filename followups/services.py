"""Writes to the follow-up plan. (Foundation stub: the follow-up plan issue fills these in.)

Other apps call only these functions; their names and keyword arguments are the contract.
"""

from django.utils import timezone

from .models import FollowUpStep, StepStatus


def plan_sync_interview(*, interview, now=None) -> None:
    """(Re)compute the open steps of one interview after it was created or edited."""


def plan_sync_application(*, application, now=None) -> None:
    """(Re)compute the application-level steps (follow-ups, reference briefings, keep looking)."""


def plan_on_status_change(*, application, now=None) -> None:
    """An offer, rejection, withdrawal… closes the application's open steps as not needed."""


def step_complete(*, step: FollowUpStep, channel: str = "", at=None) -> FollowUpStep:
    """Mark a step done (and start whatever clock depends on it)."""
    step.mark(StepStatus.DONE, at=at or timezone.now())
    if channel:
        step.channel = channel
    step.save()
    return step


def step_skip(*, step: FollowUpStep, at=None) -> FollowUpStep:
    """Mark a step skipped: it is never reopened by a recompute."""
    step.mark(StepStatus.SKIPPED, at=at or timezone.now())
    step.save()
    return step


def step_snooze(*, step: FollowUpStep, until) -> FollowUpStep:
    """Hide a step (and its reminders) until `until`."""
    step.snoozed_until = until
    step.next_reminder_at = until
    step.save(update_fields=["snoozed_until", "next_reminder_at", "updated_at"])
    return step


def complete_steps_of_kind(*, interview, kind: str, at=None) -> int:
    """Mark every open step of `kind` for `interview` done; returns how many changed."""
    open_steps = FollowUpStep.objects.filter(
        interview=interview, kind=kind, status=StepStatus.PENDING
    )
    return open_steps.update(
        status=StepStatus.DONE, done_at=at or timezone.now(), next_reminder_at=None
    )
