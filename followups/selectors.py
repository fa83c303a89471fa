"""Reads of the follow-up plan, shared by the pages of every app."""

from collections.abc import Iterable

from .models import FollowUpStep, StepStatus


def next_steps_by_application(application_ids: Iterable[int]) -> dict[int, FollowUpStep]:
    """The most urgent open step of each application, in one query."""
    ids = list(application_ids)
    if not ids:
        return {}
    result: dict[int, FollowUpStep] = {}
    steps = (
        FollowUpStep.objects.filter(application_id__in=ids, status=StepStatus.PENDING)
        .exclude(due_at__isnull=True)
        .order_by("application_id", "due_at", "pk")
        .only("id", "application_id", "kind", "due_at", "opens_at", "status", "interview_id")
    )
    for step in steps:
        result.setdefault(step.application_id, step)
    return result
