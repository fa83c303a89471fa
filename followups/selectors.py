"""Reads of the follow-up plan, shared by the pages of every app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from interviews.models import JobApplication

from . import rules
from .models import FollowUpStep, StepKind, StepStatus

# The order a checklist lists an interview's steps in: the order they happen.
KIND_ORDER = [
    StepKind.NEXT_STEPS,
    StepKind.THANK_YOU,
    StepKind.BRIEF_REFERENCES,
    StepKind.SELF_EVALUATION,
    StepKind.FOLLOW_UP,
    StepKind.MOVE_ON,
    StepKind.KEEP_LOOKING,
]
APPLICATION_KINDS = (StepKind.BRIEF_REFERENCES, StepKind.FOLLOW_UP, StepKind.MOVE_ON)


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


def _checklist_order(steps: Iterable[FollowUpStep]) -> list[FollowUpStep]:
    return sorted(steps, key=lambda s: (KIND_ORDER.index(s.kind), s.sequence, s.opens_at, s.pk))


def steps_of_interview(interview) -> list[FollowUpStep]:
    """An interview's checklist, in the order the steps happen (one query)."""
    return _checklist_order(
        FollowUpStep.objects.filter(interview=interview).select_related("interviewer", "reference")
    )


def steps_of_application(application) -> list[FollowUpStep]:
    """Application-level steps: reference briefings, follow-ups, moving on (one query)."""
    return _checklist_order(
        FollowUpStep.objects.filter(
            application=application, kind__in=APPLICATION_KINDS
        ).select_related("interviewer", "reference", "interview")
    )


@dataclass
class TodayGroup:
    slug: str
    title: str
    hint: str
    steps: list[FollowUpStep] = field(default_factory=list)


@dataclass
class TodayPlan:
    groups: list[TodayGroup]
    keep_looking: FollowUpStep | None
    applied_this_week: int
    weekly_target: int
    snoozed: int
    has_any_step: bool

    @property
    def is_empty(self) -> bool:
        return not any(g.steps for g in self.groups)


_GROUPS = (
    (rules.OVERDUE, "Overdue", "Past their window — do these first."),
    (rules.DUE_TODAY, "Due today", "Due before the end of today."),
    (rules.UP_NEXT, "Up next", "Open now, due in the coming days."),
    (rules.OPENING_SOON, "Opening soon", "Their window opens in the next 7 days."),
)


def today_for(user, *, now: dt.datetime | None = None) -> TodayPlan:
    """The Today page: the user's open steps grouped by urgency in their zone, most
    urgent first, in a constant number of queries (three) whatever the number of steps."""
    now = now or timezone.now()
    zone = user.time_zone
    horizon = now + dt.timedelta(days=rules.OPENING_SOON_DAYS)
    steps = list(
        FollowUpStep.objects.owned_by(user)
        .open()
        .filter(opens_at__lte=horizon)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("application", "interview", "interviewer", "reference")
        .order_by("due_at", "opens_at", "pk")
    )
    counts = FollowUpStep.objects.owned_by(user).aggregate(
        # The standing keep-looking step alone does not make a plan.
        total=Count("pk", filter=~Q(kind=StepKind.KEEP_LOOKING)),
        snoozed=Count("pk", filter=Q(status=StepStatus.PENDING, snoozed_until__gt=now)),
    )
    groups = {slug: TodayGroup(slug, title, hint) for slug, title, hint in _GROUPS}
    keep_looking = None
    for step in steps:
        if step.kind == StepKind.KEEP_LOOKING:
            keep_looking = step
            continue
        slug = rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
        if slug in groups:
            groups[slug].steps.append(step)
    monday, sunday = rules.week_bounds(now, zone)
    applied_this_week = (
        JobApplication.objects.owned_by(user).filter(date_applied__range=(monday, sunday)).count()
    )
    return TodayPlan(
        groups=list(groups.values()),
        keep_looking=keep_looking,
        applied_this_week=applied_this_week,
        weekly_target=user.weekly_application_target,
        snoozed=counts["snoozed"],
        has_any_step=bool(counts["total"]),
    )
