"""Reads for the pipeline pages. Every function runs a fixed number of queries, whatever the
number of applications (the board must stay fast at 500 of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation
from followups.models import FollowUpStep, StepStatus
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
    """The user's applications grouped into board columns, and the weekly goal, in three
    queries whatever their number (the counts, the cards, the cards' next steps).

    Each open column shows its `OPEN_SHOWN` most recently active cards unless `show_all`
    names it, and the closed column its latest `CLOSED_SHOWN` unless `all_closed`: after a
    long search most applications are closed, and they are the least useful to see.
    Goal weeks start on Monday in the user's own zone.
    """
    now = now or timezone.now()
    today = rules.local_today(now, user.zone)
    first_day = rules.week_start(today) - dt.timedelta(weeks=rules.STREAK_WEEKS - 1)
    per_status, per_day = _board_counts(owner_id=user.pk, first_day=first_day, last_day=today)
    totals = dict.fromkeys(rules.COLUMNS, 0)
    for status, count in per_status:
        totals[rules.column_for_status(status)] += count
    limits = {
        key: (
            (None if all_closed else CLOSED_SHOWN)
            if key == rules.CLOSED
            else (None if show_all == key else OPEN_SHOWN)
        )
        for key in rules.COLUMNS
    }
    return Board(
        columns=_board_columns(user=user, now=now, totals=totals, limits=limits),
        goal=_weekly_goal(target=user.weekly_application_target, today=today, per_day=per_day),
    )


def _board_columns(*, user, now: dt.datetime, totals: dict, limits: dict) -> list[Column]:
    """The columns with their cards (`limits`: column -> how many cards, None for all)."""
    zone = user.zone
    rows = _board_card_rows(owner_id=user.pk, now=now, limits=limits)
    # Closed cards show no next step: nothing is awaited any more.
    open_rows = [row for row in rows if row.application.status not in rules.CLOSED_STATUSES]
    steps = _board_steps(owner_id=user.pk, ids=[row.next_step_id for row in open_rows])
    columns = {
        key: Column(key=key, title=COLUMN_TITLES[key], total=totals[key]) for key in rules.COLUMNS
    }
    detail_url = _url_maker("interviews:application_detail")
    move_url = _url_maker("pipeline:move")
    for row in rows:  # most recently active first, as each column lists them
        application = row.application
        columns[rules.column_for_status(application.status)].cards.append(
            Card(
                application=application,
                next_step=steps.get(row.next_step_id),
                days_waiting=rules.days_waiting(
                    status=application.status,
                    date_applied=application.date_applied,
                    last_interview_end=row.last_interview_end,
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
        )
    return list(columns.values())


def _weekly_goal(*, target: int, today: dt.date, per_day) -> WeeklyGoal:
    """This week's new applications against the weekly `target`, and the last 12 weeks,
    from (day, applications that day) pairs."""
    weeks = rules.weekly_counts_by_day(per_day, today=today, target=target)
    return WeeklyGoal(
        target=target,
        this_week=weeks[-1],
        weeks=weeks,
        streak=rules.streak(weeks),
        chart=rules.streak_chart_geometry(weeks, target=target),
    )


# --- Board reads in SQL ------------------------------------------------------------------
#
# The board is the page people keep open, and built with the ORM it spent most of its time
# in Python building queries: the per-column "latest N" and the per-card subqueries (last
# interview, next step) cost 1 to 3 ms each to compile, several times what PostgreSQL needs
# to run them. So these three reads are plain SQL, portable between PostgreSQL and SQLite:
# every value is a parameter, every statement is scoped to the owner (`owner_id = %s`, the
# rule `.owned_by()` applies), and rows become model instances through `Model.from_db`, with
# the same conversions the ORM applies to their columns.


@dataclass(frozen=True, slots=True)
class _CardRow:
    application: JobApplication
    last_interview_end: dt.datetime | None
    next_step_id: int | None


# In the models' field order, which `Model.from_db` expects.
_CARD_FIELDS = (
    "id",
    "owner_id",
    "company_name",
    "role_title",
    "date_applied",
    "status",
    "last_activity_at",
)
_STEP_FIELDS = ("id", "application_id", "interview_id", "kind", "opens_at", "due_at", "status")

# One column's latest cards, most recently active first (an index on the owner and the last
# activity gives them in order and stops at the limit).
_COLUMN_SQL = """
    SELECT * FROM (
        SELECT id, owner_id, company_name, role_title, date_applied, status, last_activity_at
        FROM interviews_jobapplication
        WHERE owner_id = %s AND status IN ({statuses})
        ORDER BY last_activity_at DESC, id DESC{limit}
    ) AS shown"""

# The cards of every column, with the end of the application's last interview that is over
# (the waiting clock) and its next step: the same order as
# `followups.selectors.next_steps_by_application`, one row per card instead of every open
# step of every card. Both subqueries run for the cards shown only.
_CARDS_SQL = """
SELECT card.id, card.owner_id, card.company_name, card.role_title, card.date_applied,
       card.status, card.last_activity_at,
       (SELECT MAX(i.ends_at) FROM interviews_interview AS i
        WHERE i.application_id = card.id AND i.ends_at <= %s) AS last_interview_end,
       (SELECT s.id FROM followups_followupstep AS s
        WHERE s.application_id = card.id AND s.status = %s AND s.due_at IS NOT NULL
        ORDER BY s.due_at, s.id LIMIT 1) AS next_step_id
FROM ({columns}) AS card
ORDER BY card.last_activity_at DESC, card.id DESC"""

# Applications per status (the column counts), then per day over the goal chart's weeks.
_COUNTS_SQL = """
SELECT status, NULL AS day, COUNT(*) FROM interviews_jobapplication
WHERE owner_id = %s GROUP BY status
UNION ALL
SELECT NULL, date_applied, COUNT(*) FROM interviews_jobapplication
WHERE owner_id = %s AND date_applied >= %s AND date_applied <= %s GROUP BY date_applied"""

_STEPS_SQL = """
SELECT id, application_id, interview_id, kind, opens_at, due_at, status
FROM followups_followupstep WHERE owner_id = %s AND id IN ({ids})"""


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def _db_converter(model_field):
    """The conversion the ORM applies to a column of `model_field` read from the database
    (SQLite returns datetimes as text or naive values), for values read with a cursor."""
    expression = Value(None, output_field=model_field)
    converters = [
        *connection.ops.get_db_converters(expression),
        *model_field.get_db_converters(connection),
    ]

    def convert(value):
        for converter in converters:
            value = converter(value, expression, connection)
        return value

    return convert


def _board_card_rows(*, owner_id: int, now: dt.datetime, limits: dict) -> list[_CardRow]:
    """The cards of every column (`limits`: column -> how many, None for all), one query."""
    columns, params = [], [connection.ops.adapt_datetimefield_value(now), StepStatus.PENDING]
    for key, limit in limits.items():
        statuses = _column_statuses(key)
        columns.append(
            _COLUMN_SQL.format(
                statuses=_placeholders(len(statuses)), limit="" if limit is None else " LIMIT %s"
            )
        )
        params += [owner_id, *statuses] + ([] if limit is None else [limit])
    with connection.cursor() as cursor:
        cursor.execute(_CARDS_SQL.format(columns=" UNION ALL".join(columns)), params)
        rows = cursor.fetchall()
    to_date = _db_converter(JobApplication._meta.get_field("date_applied"))
    to_datetime = _db_converter(JobApplication._meta.get_field("last_activity_at"))
    return [
        _CardRow(
            application=JobApplication.from_db(
                connection.alias,
                _CARD_FIELDS,
                (pk, owner, company, role, to_date(applied), status, to_datetime(activity)),
            ),
            last_interview_end=to_datetime(interview_end),
            next_step_id=next_step_id,
        )
        for (
            pk,
            owner,
            company,
            role,
            applied,
            status,
            activity,
            interview_end,
            next_step_id,
        ) in rows
    ]


def _board_counts(*, owner_id: int, first_day: dt.date, last_day: dt.date):
    """([(status, applications)], [(day, applications)] from `first_day` to `last_day`),
    one query."""
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL, [owner_id, owner_id, adapt(first_day), adapt(last_day)])
        rows = cursor.fetchall()
    to_date = _db_converter(JobApplication._meta.get_field("date_applied"))
    per_status = [(status, count) for status, day, count in rows if status is not None]
    per_day = [(to_date(day), count) for status, day, count in rows if status is None]
    return per_status, per_day


def _board_steps(*, owner_id: int, ids) -> dict[int, FollowUpStep]:
    """The steps with these ids (None ignored), by id: one query, none without an id."""
    wanted = sorted({pk for pk in ids if pk is not None})
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_STEPS_SQL.format(ids=_placeholders(len(wanted))), [owner_id, *wanted])
        rows = cursor.fetchall()
    to_datetime = _db_converter(FollowUpStep._meta.get_field("due_at"))
    return {
        pk: FollowUpStep.from_db(
            connection.alias,
            _STEP_FIELDS,
            (pk, application, interview, kind, to_datetime(opens_at), to_datetime(due_at), status),
        )
        for pk, application, interview, kind, opens_at, due_at, status in rows
    }


def _column_statuses(key: str) -> list[str]:
    return sorted(rules.CLOSED_STATUSES) if key == rules.CLOSED else [key]


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
