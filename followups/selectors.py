"""Reads of the follow-up plan, shared by the pages of every app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
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
    StepKind.OFFER_NEWS,
    StepKind.OFFER_CONFIRM,
    StepKind.OFFER_DECIDE,
    StepKind.OFFER_RESPOND,
]
APPLICATION_KINDS = (
    StepKind.BRIEF_REFERENCES,
    StepKind.FOLLOW_UP,
    StepKind.MOVE_ON,
    # An offer's steps and "tell them about the offer" (issue 18) belong to the application.
    StepKind.OFFER_CONFIRM,
    StepKind.OFFER_DECIDE,
    StepKind.OFFER_RESPOND,
    StepKind.OFFER_NEWS,
)


def next_steps_by_application(application_ids: Iterable[int]) -> dict[int, FollowUpStep]:
    """The most urgent open step of each application, as {application_id: step} (one query;
    the rule is `application_next_steps`, below)."""
    ids = [int(pk) for pk in application_ids]
    if not ids:
        return {}
    return {step.application_id: step for step in application_next_steps(ids)}


# --- Rows of steps, as the checklists print them ---------------------------------------------
# Each row prints its application, round, interviewer and reference: joined in, and only the
# columns a row prints (`StepRow`), so a list is one query whatever its length.
_ROW_RELATED = ("application", "interview", "interviewer", "reference")
_ROW_FIELDS = (
    *("owner_id", "application_id", "interview_id", "interviewer_id", "reference_id"),
    *("kind", "sequence", "opens_at", "due_at", "status", "done_at", "snoozed_until", "channel"),
    *("application__role_title", "application__company_name", "interview__round_label"),
    *("interviewer__name", "reference__name"),
)


def step_rows_queryset():
    """Steps with what a checklist row prints, in one query (owner filter left to callers)."""
    return FollowUpStep.objects.select_related(*_ROW_RELATED).only(*_ROW_FIELDS)


def _checklist_order(steps: Iterable[FollowUpStep]) -> list[FollowUpStep]:
    return sorted(steps, key=lambda s: (KIND_ORDER.index(s.kind), s.sequence, s.opens_at, s.pk))


def steps_of_interview(interview) -> list[FollowUpStep]:
    """An interview's checklist, in the order the steps happen (one query)."""
    return _checklist_order(step_rows_queryset().filter(interview_id=interview.pk))


def steps_of_application(application) -> list[FollowUpStep]:
    """Application-level steps: reference briefings, follow-ups, moving on (one query)."""
    return _checklist_order(
        step_rows_queryset().filter(application_id=application.pk, kind__in=APPLICATION_KINDS)
    )


# How many steps each Today group lists: the most urgent ones; "Show all" pages the rest.
TODAY_GROUP_LIMIT = 5
TODAY_PAGE_SIZE = 50
# A group's badge stops here ("99+"): past a hundred open steps the exact number tells the
# user nothing more (a group's own page says it exactly).
TODAY_COUNT_CAP = 99


@dataclass
class TodayGroup:
    slug: str
    title: str
    hint: str
    # How many steps the group holds; shown as "99+" past `cap` (never when `cap` is None).
    total: int = 0
    steps: list[FollowUpStep] = field(default_factory=list)
    cap: int | None = TODAY_COUNT_CAP

    @property
    def capped(self) -> bool:
        """True when the badge stops at the cap: the group holds more than `cap` steps."""
        return self.cap is not None and self.total > self.cap

    @property
    def total_label(self) -> str:
        return f"{self.cap}+" if self.capped else str(self.total)

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
    # Snoozed steps, soonest to wake first: shown apart, and out of the groups' counts.
    snoozed_group: TodayGroup | None = None

    @property
    def applications_to_go(self) -> int:
        """How many more applications this week's goal asks for."""
        return max(self.weekly_target - self.applied_this_week, 0)

    @property
    def is_empty(self) -> bool:
        return not any(g.total for g in self.groups)


_GROUPS = (
    (rules.OVERDUE, "Overdue", "Past their window — do these first."),
    (rules.DUE_TODAY, "Due today", "Due before the end of today."),
    (rules.UP_NEXT, "Up next", "Open now, due in the coming days."),
    (rules.OPENING_SOON, "Opening soon", "Their window opens in the next 7 days."),
)
SNOOZED = "snoozed"
_SNOOZED_GROUP = (SNOOZED, "Snoozed", "Back in your plan when their snooze ends.")
TODAY_GROUP_SLUGS = (*(slug for slug, _title, _hint in _GROUPS), SNOOZED)
# The one order of Today's steps, in every group and on every group page: soonest due first,
# steps without a due date last (SQLite would put them first), then by opening and id.
TODAY_ORDER = (F("due_at").asc(nulls_last=True), "opens_at", "pk")


def group_filters(bounds: rules.TodayBounds) -> dict[str, Q]:
    """`rules.urgency`'s cuts as ORM conditions, one per Today group (the tests hold the two
    to the same answers). Each is a range of "step_open_due_idx" or "step_open_opens_idx"."""
    now, end_of_today = bounds.now, bounds.end_of_today
    not_overdue = Q(due_at__isnull=True) | Q(due_at__gte=now)
    return {
        rules.OVERDUE: Q(due_at__lt=now),
        rules.DUE_TODAY: Q(opens_at__lte=now, due_at__gte=now, due_at__lt=end_of_today),
        rules.UP_NEXT: Q(opens_at__lte=now)
        & (Q(due_at__isnull=True) | Q(due_at__gte=end_of_today)),
        rules.OPENING_SOON: Q(opens_at__gt=now, opens_at__lte=bounds.horizon) & not_overdue,
    }


def _open_steps(user, now: dt.datetime):
    """The user's open steps that are not snoozed at `now`."""
    return (
        step_rows_queryset()
        .owned_by(user)
        .open()
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
    )


def _today_steps(user, now: dt.datetime):
    """Open, unsnoozed plan steps (keep-looking aside), in Today's order."""
    return _open_steps(user, now).exclude(kind=StepKind.KEEP_LOOKING).order_by(*TODAY_ORDER)


def _snoozed_steps(user, now: dt.datetime):
    """Snoozed plan steps, soonest to wake first ("step_snoozed_idx")."""
    return (
        step_rows_queryset()
        .owned_by(user)
        .open()
        .exclude(kind=StepKind.KEEP_LOOKING)
        .filter(snoozed_until__gt=now)
        .order_by("snoozed_until", "pk")
    )


def today_for(user, *, now: dt.datetime | None = None, limit: int = TODAY_GROUP_LIMIT) -> TodayPlan:
    """The Today page: the user's open steps grouped by urgency in their zone, each group's
    `limit` most urgent first. Three queries whatever the number of steps (the counts, the
    rows shown, this week's applications), a fourth only when nothing is open."""
    now = now or timezone.now()
    filters = group_filters(rules.today_bounds(now=now, zone=user.time_zone))
    visible = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now)
    plan_step = ~Q(kind=StepKind.KEEP_LOOKING)
    counts = (
        FollowUpStep.objects.owned_by(user)
        .open()
        .aggregate(
            **{slug: Count("pk", filter=plan_step & visible & f) for slug, f in filters.items()},
            snoozed=Count("pk", filter=plan_step & Q(snoozed_until__gt=now)),
            planned=Count("pk", filter=plan_step),
        )
    )
    steps = _today_steps(user, now)
    shown = Q(
        pk__in=_open_steps(user, now)
        .filter(kind=StepKind.KEEP_LOOKING, opens_at__lte=now)
        .order_by(F("due_at").desc(nulls_last=True), "-pk")
        .values("pk")[:1]
    )
    # A capped subquery only for a group longer than the cap (composing one costs more than
    # running it): a shorter group's condition is enough, an empty group needs nothing.
    for slug, condition in filters.items():
        if counts[slug] > limit:
            shown |= Q(pk__in=steps.filter(condition).values("pk")[:limit])
        elif counts[slug]:
            shown |= plan_step & visible & condition
    if counts["snoozed"] > limit:
        shown |= Q(pk__in=_snoozed_steps(user, now).values("pk")[:limit])
    elif counts["snoozed"]:
        shown |= plan_step & Q(snoozed_until__gt=now)
    snoozed = TodayGroup(*_SNOOZED_GROUP, counts["snoozed"])
    groups = {slug: TodayGroup(slug, title, hint, counts[slug]) for slug, title, hint in _GROUPS}
    keep_looking = None
    # Every alternative is read among this user's open steps, never among every user's.
    mine = Q(owner_id=user.pk, status=StepStatus.PENDING)
    rows = step_rows_queryset().filter(mine, shown).order_by(*TODAY_ORDER)
    for step in rows:  # one query
        if step.kind == StepKind.KEEP_LOOKING:
            keep_looking = step
            continue
        if step.snoozed_until and step.snoozed_until > now:
            snoozed.steps.append(step)
            continue
        slug = rules.urgency(
            opens_at=step.opens_at, due_at=step.due_at, now=now, zone=user.time_zone
        )
        groups[slug].steps.append(step)  # the filters are the groups: never "later"
    snoozed.steps.sort(key=lambda step: (step.snoozed_until, step.pk))
    for group in (*groups.values(), snoozed):  # a step added since the counts: not shown
        del group.steps[limit:]
    monday, sunday = rules.week_bounds(now, user.time_zone)
    applied_this_week = (
        JobApplication.objects.owned_by(user).filter(date_applied__range=(monday, sunday)).count()
    )
    # Closed steps alone still make a plan (the page says "all caught up", not "start here").
    has_any_step = bool(counts["planned"]) or (
        FollowUpStep.objects.owned_by(user).exclude(kind=StepKind.KEEP_LOOKING).exists()
    )
    return TodayPlan(
        groups=list(groups.values()),
        keep_looking=keep_looking,
        applied_this_week=applied_this_week,
        weekly_target=user.weekly_application_target,
        snoozed=counts["snoozed"],
        has_any_step=has_any_step,
        snoozed_group=snoozed,
    )


def today_group_steps(user, *, slug: str, now: dt.datetime | None = None):
    """Every open step of one Today group, most urgent first (a queryset, to page through)."""
    now = now or timezone.now()
    if slug == SNOOZED:
        return _snoozed_steps(user, now)
    condition = group_filters(rules.today_bounds(now=now, zone=user.time_zone))[slug]
    return _today_steps(user, now).filter(condition)


# --- The next step of applications: one queryset for the board's cards and the list's rows ----
# (Self-contained: the board and the applications list read their next-step badges through it.)


def application_next_steps(application_ids: Iterable[int]) -> QuerySet[FollowUpStep]:
    """The most urgent open step of each of `application_ids`: its pending step with the
    earliest due time (ties by id), one row per application, in one query.

    Each pending step is kept when it is its application's first in that order (a
    correlated lookup that reads the first entry of the partial index `step_next_idx`).
    """
    first_of_its_application = (
        FollowUpStep.objects.filter(
            application=OuterRef("application_id"),
            status=StepStatus.PENDING,
            due_at__isnull=False,
        )
        .order_by("due_at", "pk")
        .values("pk")[:1]
    )
    return FollowUpStep.objects.filter(
        application_id__in=list(application_ids),
        status=StepStatus.PENDING,
        due_at__isnull=False,
        pk=Subquery(first_of_its_application),
    ).only("pk", "application_id", "interview_id", "kind", "opens_at", "due_at", "status")
