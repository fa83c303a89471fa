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


# How many steps each Today group lists: the most urgent ones; "Show all" pages the rest.
TODAY_GROUP_LIMIT = 5
TODAY_PAGE_SIZE = 50


@dataclass
class TodayGroup:
    slug: str
    title: str
    hint: str
    steps: list[FollowUpStep] = field(default_factory=list)
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.steps)


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
        return not any(g.total for g in self.groups)


_GROUPS = (
    (rules.OVERDUE, "Overdue", "Past their window — do these first."),
    (rules.DUE_TODAY, "Due today", "Due before the end of today."),
    (rules.UP_NEXT, "Up next", "Open now, due in the coming days."),
    (rules.OPENING_SOON, "Opening soon", "Their window opens in the next 7 days."),
)
TODAY_GROUP_SLUGS = tuple(slug for slug, _title, _hint in _GROUPS)


def _group_conditions(*, now: dt.datetime, zone: str) -> dict[str, Q]:
    """`rules.urgency` as SQL, one condition per Today group, so the database counts the
    groups and picks each one's most urgent steps (the tests hold both to the same answers)."""
    tomorrow = rules.local_date(now, zone) + dt.timedelta(days=1)
    end_of_today = rules.at_local_time(tomorrow, dt.time(0, 0), zone)
    horizon = now + dt.timedelta(days=rules.OPENING_SOON_DAYS)
    not_overdue = Q(due_at__isnull=True) | Q(due_at__gte=now)
    return {
        rules.OVERDUE: Q(due_at__lt=now),
        rules.DUE_TODAY: Q(opens_at__lte=now, due_at__gte=now, due_at__lt=end_of_today),
        rules.UP_NEXT: Q(opens_at__lte=now)
        & (Q(due_at__isnull=True) | Q(due_at__gte=end_of_today)),
        rules.OPENING_SOON: Q(opens_at__gt=now, opens_at__lte=horizon) & not_overdue,
    }


def _today_steps(user, now: dt.datetime):
    """Open, unsnoozed plan steps (keep-looking aside), in urgency order."""
    return (
        FollowUpStep.objects.owned_by(user)
        .open()
        .exclude(kind=StepKind.KEEP_LOOKING)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("application", "interview", "interviewer", "reference")
        .order_by("due_at", "opens_at", "pk")
    )


def today_for(user, *, now: dt.datetime | None = None, limit: int = TODAY_GROUP_LIMIT) -> TodayPlan:
    """The Today page: the user's open steps grouped by urgency in their zone, each group's
    `limit` most urgent first, in eight queries whatever the number of steps: the
    counts, the first ids of each group (four), the steps shown, the keep-looking
    step and this week's count."""
    now = now or timezone.now()
    zone = user.time_zone
    conditions = _group_conditions(now=now, zone=zone)
    visible = Q(status=StepStatus.PENDING) & (
        Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now)
    )
    plan_step = ~Q(kind=StepKind.KEEP_LOOKING)
    counts = FollowUpStep.objects.owned_by(user).aggregate(
        # The standing keep-looking step alone does not make a plan.
        total=Count("pk", filter=plan_step),
        snoozed=Count("pk", filter=Q(status=StepStatus.PENDING, snoozed_until__gt=now)),
        **{
            slug: Count("pk", filter=visible & plan_step & condition)
            for slug, condition in conditions.items()
        },
    )
    groups = {
        slug: TodayGroup(slug, title, hint, total=counts[slug]) for slug, title, hint in _GROUPS
    }
    # The first `limit` of each group, one small indexed query per group (four, whatever
    # the number of steps): a single windowed query has to number every open step first.
    # Each group's first ids come from a narrow query on the steps alone, then one query
    # joins the few rows shown: joining first would join thousands of rows to keep eight.
    steps = _today_steps(user, now)
    shown: dict[str, list[int]] = {
        slug: list(steps.filter(condition).values_list("pk", flat=True)[:limit])
        for slug, condition in conditions.items()
    }
    # The ids come from the owner's steps above; by primary key alone the join is cheap.
    by_pk = FollowUpStep.objects.select_related(
        "application", "interview", "interviewer", "reference"
    ).in_bulk([pk for ids in shown.values() for pk in ids])
    for slug, ids in shown.items():
        groups[slug].steps = [by_pk[pk] for pk in ids if pk in by_pk]
    keep_looking = (
        FollowUpStep.objects.owned_by(user)
        .open()
        .filter(kind=StepKind.KEEP_LOOKING, opens_at__lte=now)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .order_by("-due_at", "-pk")
        .first()
    )
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


def today_group_steps(user, *, slug: str, now: dt.datetime | None = None):
    """Every open step of one Today group, most urgent first (a queryset, to page through)."""
    now = now or timezone.now()
    condition = _group_conditions(now=now, zone=user.time_zone)[slug]
    return _today_steps(user, now).filter(condition)
