"""Reads for the pipeline pages. Every function runs a fixed number of queries, whatever the
number of applications (the board must stay fast at 500 of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation
from followups.models import FollowUpStep, StepStatus
from followups.selectors import next_steps_by_application
from interviews.models import (
    Interview,
    Interviewer,
    JobApplication,
    StatusChange,
)
from references.models import ApplicationReference, Reference

from . import rules

CLOSED_SHOWN = 10
# An open column lists its most recently active cards; "Show all" lists the rest.
OPEN_SHOWN = 15

COLUMN_TITLES = {
    rules.APPLIED: "Applied",
    rules.INTERVIEWING: "Interviewing",
    rules.OFFER: "Offer",
    rules.CLOSED: "Closed",
}


@dataclass
class Card:
    application: JobApplication
    next_step: FollowUpStep | None
    days_waiting: int | None
    staleness: rules.Staleness
    detail_url: str = ""
    move_url: str = ""

    @property
    def is_stale(self) -> bool:
        return self.staleness is not rules.Staleness.FRESH

    @property
    def suggest_no_response(self) -> bool:
        return self.staleness is rules.Staleness.NO_RESPONSE


@dataclass
class Column:
    key: str
    title: str
    cards: list[Card] = field(default_factory=list)
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)

    @property
    def is_closed(self) -> bool:
        return self.key == rules.CLOSED


def _url_maker(name: str):
    """A pk -> URL function for a URL whose only argument is the pk, from a single reverse().

    A board shows dozens of cards with two links each; resolving each one separately was a
    visible part of the page's time. The pk is the pattern's last segment, so everything after
    its last occurrence in a sample URL is the fixed tail.
    """
    sample_pk = 987654321
    head, _, tail = reverse(name, args=[sample_pk]).rpartition(str(sample_pk))
    return lambda pk: f"{head}{pk}{tail}"


def _column_statuses(key: str) -> list[str]:
    return sorted(rules.CLOSED_STATUSES) if key == rules.CLOSED else [key]


def board_columns(*, user, now: dt.datetime | None = None, all_closed: bool = False, show_all=""):
    """The user's applications grouped into board columns, in a fixed number of queries
    (one for the counts, one per column, one for the next steps).

    Each open column shows its `OPEN_SHOWN` most recently active cards unless `show_all`
    names it, and the closed column its latest `CLOSED_SHOWN` unless `all_closed`: after a
    long search most applications are closed, and they are the least useful to see.
    """
    now = now or timezone.now()
    zone = user.zone
    owned = JobApplication.objects.owned_by(user)
    counts = owned.aggregate(
        **{key: Count("pk", filter=Q(status__in=_column_statuses(key))) for key in rules.COLUMNS}
    )
    columns = {
        key: Column(key=key, title=COLUMN_TITLES[key], total=counts[key]) for key in rules.COLUMNS
    }
    base = (
        owned.only(
            "id",
            "company_name",
            "role_title",
            "status",
            "date_applied",
            "last_activity_at",
            "owner_id",
        )
        # A correlated subquery, not a join + GROUP BY: computed for the cards shown only.
        .annotate(
            last_interview_end=Subquery(
                Interview.objects.filter(application=OuterRef("pk"), ends_at__lte=now)
                .order_by("-ends_at")
                .values("ends_at")[:1]
            )
        )
        .order_by("-last_activity_at", "-pk")
    )
    per_column = {}
    for key in rules.COLUMNS:
        cards = base.filter(status__in=_column_statuses(key))
        if key == rules.CLOSED and not all_closed:
            cards = cards[:CLOSED_SHOWN]
        elif key != rules.CLOSED and show_all != key:
            cards = cards[:OPEN_SHOWN]
        per_column[key] = list(cards)
    steps = next_steps_by_application(
        a.pk for key, apps in per_column.items() if key != rules.CLOSED for a in apps
    )
    detail_url = _url_maker("interviews:application_detail")
    move_url = _url_maker("pipeline:move")
    for key, applications in per_column.items():
        columns[key].cards = [
            Card(
                application=application,
                next_step=steps.get(application.pk),
                days_waiting=rules.days_waiting(
                    status=application.status,
                    date_applied=application.date_applied,
                    last_interview_end=application.last_interview_end,
                    now=now,
                    zone=zone,
                ),
                staleness=rules.staleness(
                    status=application.status,
                    last_activity_at=application.last_activity_at,
                    now=now,
                ),
                detail_url=detail_url(application.pk),
                move_url=move_url(application.pk),
            )
            for application in applications
        ]
    return list(columns.values())


@dataclass(frozen=True)
class WeeklyGoal:
    target: int
    this_week: rules.WeekCount
    weeks: list[rules.WeekCount]
    streak: int
    chart: rules.ChartGeometry

    @property
    def remaining(self) -> int:
        return max(self.target - self.this_week.count, 0)

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 100
        return min(100, round(100 * self.this_week.count / self.target))


def weekly_goal(*, user, now: dt.datetime | None = None) -> WeeklyGoal:
    """This week's new applications against the user's weekly target, and the last 12 weeks.

    Weeks start on Monday in the user's own zone; one query.
    """
    now = now or timezone.now()
    today = rules.local_today(now, user.zone)
    first = rules.week_start(today) - dt.timedelta(weeks=rules.STREAK_WEEKS - 1)
    per_day = (
        JobApplication.objects.owned_by(user)
        .filter(date_applied__gte=first, date_applied__lte=today)
        .values_list("date_applied")
        .annotate(n=Count("id"))
        .order_by()
    )
    dates: list[dt.date] = []
    for day, count in per_day:
        dates.extend([day] * count)
    target = user.weekly_application_target
    weeks = rules.weekly_counts(dates, today=today, target=target)
    return WeeklyGoal(
        target=target,
        this_week=weeks[-1],
        weeks=weeks,
        streak=rules.streak(weeks),
        chart=rules.streak_chart_geometry(weeks, target=target),
    )


def calendar_interviews(*, user):
    """Every interview of the user, with its application, for the calendar feed."""
    return (
        Interview.objects.owned_by(user).select_related("application").order_by("starts_at", "pk")
    )


def calendar_steps(*, user):
    """Open follow-up steps that have a due time, for the calendar feed."""
    return (
        FollowUpStep.objects.owned_by(user)
        .filter(status=StepStatus.PENDING, due_at__isnull=False)
        .select_related("application", "interview__application")
        .order_by("due_at", "pk")
    )


# Export: explicit field lists keep the JSON format stable when models grow.
EXPORT_FIELDS = {
    "applications": (
        JobApplication,
        (
            "id",
            "company_name",
            "company_website",
            "company_description",
            "role_title",
            "job_posting_url",
            "location",
            "work_mode",
            "salary_range",
            "source",
            "date_applied",
            "status",
            "notes",
            "created_at",
            "updated_at",
            "last_activity_at",
        ),
    ),
    "status_changes": (
        StatusChange,
        ("id", "application_id", "from_status", "to_status", "changed_at", "note"),
    ),
    "interviews": (
        Interview,
        (
            "id",
            "application_id",
            "round_label",
            "format",
            "starts_at",
            "ends_at",
            "location",
            "topics",
            "questions_asked",
            "materials_requested",
            "article_url",
            "next_steps",
            "expected_decision_on",
            "follow_up_instructions",
            "follow_up_contact",
            "do_not_contact_before",
            "created_at",
            "updated_at",
        ),
    ),
    "interviewers": (
        Interviewer,
        ("id", "interview_id", "name", "title", "email", "notes", "order"),
    ),
    "follow_up_steps": (
        FollowUpStep,
        (
            "id",
            "application_id",
            "interview_id",
            "interviewer_id",
            "reference_id",
            "kind",
            "key",
            "sequence",
            "opens_at",
            "due_at",
            "status",
            "done_at",
            "snoozed_until",
            "channel",
            "notes",
            "draft",
            "created_at",
            "updated_at",
        ),
    ),
    "references": (
        Reference,
        (
            "id",
            "name",
            "relationship",
            "company",
            "title",
            "email",
            "phone",
            "preferred_contact",
            "agreed",
            "notes",
            "created_at",
            "updated_at",
        ),
    ),
    "application_references": (
        ApplicationReference,
        (
            "id",
            "application_id",
            "reference_id",
            "given_on",
            "briefed_at",
            "employer_contacted_on",
            "notes",
        ),
    ),
    "evaluations": (
        Evaluation,
        (
            "id",
            "interview_id",
            "went_well",
            "wish_said",
            "interviewer_reaction",
            "reaction_rating",
            "confidence",
            "confidence_why",
            "company_feeling",
            "growth",
            "fit_rating",
            "interest_rating",
            "struggled_questions",
            "completed_at",
            "created_at",
            "updated_at",
        ),
    ),
}

PROFILE_FIELDS = (
    "email",
    "full_name",
    "time_zone",
    "thank_you_within_hours",
    "self_evaluation_within_hours",
    "follow_up_after_days",
    "max_follow_ups",
    "follow_up_spacing_days",
    "weekly_application_target",
    "date_joined",
)


def export_data(*, user, now: dt.datetime | None = None) -> dict:
    """Everything the user owns, as plain lists of dicts (one query per kind of record)."""
    data: dict = {
        "format": "afterview-export",
        "version": 1,
        "exported_at": now or timezone.now(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
    }
    for key, (model, fields) in EXPORT_FIELDS.items():
        data[key] = list(model.objects.owned_by(user).order_by("pk").values(*fields))
    return data


def export_application_rows(*, user):
    """The user's applications as dicts keyed by the CSV columns, oldest first."""
    return (
        JobApplication.objects.owned_by(user)
        .order_by("date_applied", "pk")
        .values(
            "id",
            "company_name",
            "role_title",
            "status",
            "date_applied",
            "location",
            "work_mode",
            "salary_range",
            "source",
            "company_website",
            "job_posting_url",
            "company_description",
            "notes",
            "last_activity_at",
            "created_at",
        )
        .iterator(chunk_size=2000)
    )


def owned_counts(*, user) -> dict[str, int]:
    """How many records of each kind the user owns (shown before deleting the account)."""
    return {key: model.objects.owned_by(user).count() for key, (model, _) in EXPORT_FIELDS.items()}
