"""Reads for the pipeline pages, through the ORM. Every function runs a fixed number of
queries, whatever the number of applications (the board must stay fast at 1,000 of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from accounts.models import PLAN_DEFAULT_FIELDS, REMINDER_SETTING_FIELDS
from evaluations.models import Evaluation
from followups.models import STEP_KIND_LABELS, FollowUpStep, ReplyDraft, StepStatus
from followups.selectors import application_next_steps
from interviews import selectors as interview_selectors
from interviews.models import (
    ApplicationStatus,
    Interview,
    Interviewer,
    JobApplication,
    StatusChange,
    WorkMode,
)
from references.models import ApplicationReference, Briefing, Reference

from . import rules

CLOSED_SHOWN = 10
# An open column lists its most recently active cards; "Show all" lists the rest.
OPEN_SHOWN = 15

COLUMN_TITLES = {
    rules.WISHLIST: "Wishlist",
    rules.APPLIED: "Applied",
    rules.INTERVIEWING: "Interviewing",
    rules.OFFER: "Offer",
    rules.CLOSED: "Closed",
}


@dataclass(frozen=True, slots=True)
class CardApplication:
    """What a board card shows of its application."""

    pk: int
    company_name: str
    role_title: str
    status: str
    date_applied: dt.date
    last_activity_at: dt.datetime
    location: str = ""
    work_mode: str = ""
    salary_range: str = ""
    job_posting_url: str = ""

    @property
    def initial(self) -> str:
        return rules.company_initial(self.company_name)

    @property
    def colour(self) -> int:
        return rules.company_colour(self.company_name)

    @property
    def work_mode_label(self) -> str:
        return WorkMode(self.work_mode).label if self.work_mode in WorkMode.values else ""


@dataclass(frozen=True, slots=True)
class NextStep:
    """A card's next step: its application's most urgent open follow-up step."""

    kind: str
    opens_at: dt.datetime
    due_at: dt.datetime

    @property
    def label(self) -> str:
        return STEP_KIND_LABELS.get(self.kind, self.kind)


@dataclass
class Card:
    application: CardApplication
    next_step: NextStep | None
    days_waiting: int | None
    staleness: rules.Staleness

    @property
    def shows_waiting(self) -> bool:
        return rules.waiting_worth_showing(self.days_waiting)

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


@dataclass
class Board:
    """Everything the board page shows: its columns of cards and the weekly goal."""

    columns: list[Column]
    goal: WeeklyGoal

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)


def board(
    *, user, now: dt.datetime | None = None, all_closed: bool = False, show_all: str = ""
) -> Board:
    """The user's applications grouped into board columns, and the weekly goal, in a fixed
    number of queries whatever their number (counts, the cards, their next steps).

    Each open column shows its `OPEN_SHOWN` most recently active cards unless `show_all`
    names it, and the closed column its latest `CLOSED_SHOWN` unless `all_closed`: after a
    long search most applications are closed, and they are the least useful to see.
    Goal weeks start on Monday in the user's own zone.
    """
    now = now or timezone.now()
    zone = user.zone
    today = rules.local_today(now, zone)
    this_week = rules.week_start(today)
    # The goal chart's weeks, oldest first; the current one ends today.
    weeks = [this_week - dt.timedelta(weeks=n) for n in range(rules.STREAK_WEEKS - 1, -1, -1)]
    limits = {
        key: (
            (None if all_closed else CLOSED_SHOWN)
            if key == rules.CLOSED
            else (None if show_all == key else OPEN_SHOWN)
        )
        for key in rules.COLUMNS
    }
    applications = JobApplication.objects.owned_by(user)
    totals, per_day = _board_counts(applications, weeks=weeks, today=today)
    rows = _card_rows(applications, now=now, limits=limits)
    next_steps = {
        step.application_id: step
        for step in application_next_steps(
            row.pk for row in rows if row.status not in rules.CLOSED_STATUSES
        )
    }
    columns = {
        key: Column(key=key, title=COLUMN_TITLES[key], total=totals[key]) for key in rules.COLUMNS
    }
    for row in rows:  # the most recently active first
        step = next_steps.get(row.pk)
        columns[rules.column_for_status(row.status)].cards.append(
            Card(
                application=CardApplication(
                    row.pk,
                    row.company_name,
                    row.role_title,
                    row.status,
                    row.date_applied,
                    row.last_activity_at,
                    location=row.location,
                    work_mode=row.work_mode,
                    salary_range=row.salary_range,
                    job_posting_url=row.job_posting_url,
                ),
                next_step=None if step is None else NextStep(step.kind, step.opens_at, step.due_at),
                days_waiting=rules.days_waiting(
                    status=row.status,
                    date_applied=row.date_applied,
                    last_interview_end=row.last_interview_end,
                    now=now,
                    zone=zone,
                ),
                staleness=rules.staleness(
                    status=row.status, last_activity_at=row.last_activity_at, now=now
                ),
            )
        )
    return Board(
        columns=list(columns.values()),
        goal=_weekly_goal(target=user.weekly_application_target, today=today, per_day=per_day),
    )


def _weekly_goal(*, target: int, today: dt.date, per_day) -> WeeklyGoal:
    """This week's new applications against the weekly `target`, and the last 12 weeks,
    from (day, applications) pairs (a week's count can come as its Monday's)."""
    weeks = rules.weekly_counts_by_day(per_day, today=today, target=target)
    return WeeklyGoal(
        target=target,
        this_week=weeks[-1],
        weeks=weeks,
        streak=rules.streak(weeks),
        chart=rules.streak_chart_geometry(weeks, target=target),
    )


def _column_statuses(key: str) -> list[str]:
    return sorted(rules.CLOSED_STATUSES) if key == rules.CLOSED else [key]


def _board_counts(applications, *, weeks: list[dt.date], today: dt.date):
    """({column: applications}, [(Monday, applications sent that week)] of the goal chart's
    weeks), in one GROUP BY of the owner's rows (`applications` is `owned_by`) by status and
    week of the application date (weeks start on Monday, as `rules.week_start` says)."""
    totals = dict.fromkeys(rules.COLUMNS, 0)
    per_week: dict[dt.date, int] = {}
    groups = (
        applications.order_by()
        .values_list("status", TruncWeek("date_applied"))
        # Applications dated after today are not sent yet (nor counted in this week); one
        # whose day the user did not remember counts in no week (issue 15).
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(date_applied__lte=today, date_applied_known=True)),
        )
    )
    for status, week, total, sent in groups:
        totals[rules.column_for_status(status)] += total
        # Saved postings are not sent yet: the goal counts applications.
        if status not in rules.NOT_SENT_STATUSES and week >= weeks[0]:
            per_week[week] = per_week.get(week, 0) + sent
    return totals, list(per_week.items())


# What a card prints of its application (not the descriptions and notes).
CARD_FIELDS = (
    "pk",
    "company_name",
    "role_title",
    "status",
    "date_applied",
    "last_activity_at",
    "location",
    "work_mode",
    "salary_range",
    "job_posting_url",
)


def _card_rows(applications, *, now: dt.datetime, limits: dict[str, int | None]) -> list:
    """Each column's most recently active applications (up to its limit, None for all), as
    named rows of `CARD_FIELDS` and `last_interview_end`, most recently active first.

    One query: the applications ranked within their column by last activity (a window over
    the owner's rows, read through the (owner, last activity) index), the cards' values read
    for the shown ones only.
    """
    column = Case(
        When(status__in=rules.CLOSED_STATUSES, then=Value(rules.CLOSED)),
        default=F("status"),
        output_field=CharField(),
    )
    # One condition per distinct limit, not per column: each costs a filter to compose.
    columns_by_limit: dict[int | None, list[str]] = {}
    for key, limit in limits.items():
        columns_by_limit.setdefault(limit, []).append(key)
    shown = Q()
    for limit, keys in columns_by_limit.items():
        shown |= Q(column__in=keys) if limit is None else Q(column__in=keys, rank__lte=limit)
    ranked = (
        applications.annotate(
            column=column,
            rank=Window(
                RowNumber(),
                partition_by=column,
                order_by=(F("last_activity_at").desc(), F("pk").desc()),
            ),
        )
        .filter(shown)
        .values("pk")
    )
    # The waiting clock starts at the end of the last round already over.
    last_interview_end = Subquery(
        Interview.objects.filter(application=OuterRef("pk"), ends_at__lte=now)
        .order_by("-ends_at")
        .values("ends_at")[:1]
    )
    return list(
        applications.filter(pk__in=ranked)
        .annotate(last_interview_end=last_interview_end)
        .order_by("-last_activity_at", "-pk")
        .values_list(*CARD_FIELDS, "last_interview_end", named=True)
    )


# --- The applications list ------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    """What the applications list shows: a search, filters and a sort (all from the query
    string, so a view is bookmarkable)."""

    query: str = ""
    status: str = ""
    source: str = ""
    stale: bool = False
    waiting: bool = False
    has_interview: bool | None = None
    sort: str = "activity"

    @property
    def narrowed(self) -> bool:
        """True when more than a status filter applies (the status counts no longer say
        how many rows match)."""
        return (
            bool(self.query or self.source or self.stale or self.waiting)
            or self.has_interview is not None
        )


# Saved views of the list: a name and the filters it stands for.
SAVED_VIEWS = {
    "active": ("Active", {"status": "open"}),
    "waiting": (f"Waiting > {rules.WAITING_VIEW_DAYS} days", {"waiting": True}),
    "stale": ("Stale", {"stale": True}),
}


def application_list(*, user, filters: ListFilters, now: dt.datetime):
    """The user's applications matching `filters`, as named rows (see
    `interviews.selectors.application_list`); "stale" and "waiting" are applications awaiting
    a decision whose last activity is older than the board's stale cut-off or a week."""
    applications = interview_selectors.application_list(
        user=user,
        query=filters.query,
        status=filters.status,
        sort=filters.sort,
        source=filters.source,
        has_interview=filters.has_interview,
    )
    for wanted, days in (
        (filters.stale, rules.STALE_AFTER_DAYS),
        (filters.waiting, rules.WAITING_VIEW_DAYS),
    ):
        if wanted:
            applications = applications.filter(
                status__in=rules.AWAITING_DECISION,
                last_activity_at__lte=rules.quiet_since(now, days),
            )
    return applications


def bounded_count(rows, *, limit: int) -> int:
    """How many `rows` there are, counting no further than `limit + 1` (a search over
    10,000 applications need not count them all to say "more than 1,000")."""
    return rows.order_by()[: limit + 1].count()


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


def calendar_offers(*, user):
    """Applications holding an offer with a deadline, for the calendar feed."""
    return (
        JobApplication.objects.owned_by(user)
        .filter(status=ApplicationStatus.OFFER, offer_deadline_at__isnull=False)
        .order_by("offer_deadline_at", "pk")
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
            "date_applied_known",
            "status",
            "notes",
            "answer_received_at",
            "offer_deadline_at",
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
            "time_zone",
            "cancelled_at",
            "invite_uid",
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
            "better_answer",
            "created_at",
            "updated_at",
        ),
    ),
    "interviewers": (
        Interviewer,
        ("id", "interview_id", "name", "title", "email", "salutation", "mention", "notes", "order"),
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
    "briefings": (Briefing, ("id", "application_reference_id", "briefed_at", "channel")),
    "reply_drafts": (
        ReplyDraft,
        ("id", "application_id", "kind", "draft", "channel", "sent_at", "updated_at"),
    ),
}
# What the export leaves out, and why (tests/pipeline/test_export_import.py holds every other
# field of every model a user owns to the lists above): the owner is the exporter; the reminder
# engine's lease, deliveries and attempts and the import's uploads are the app's bookkeeping.
NOT_EXPORTED_FIELDS = frozenset({"owner_id", "next_reminder_at"})
NOT_EXPORTED_MODELS = ("ReminderDelivery", "ReminderAttempt", "ImportUpload")

PROFILE_FIELDS = (
    "email",
    "full_name",
    "time_zone",
    "date_order",
    *PLAN_DEFAULT_FIELDS,
    *REMINDER_SETTING_FIELDS,
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
