"""Reads for the pipeline pages. Every function runs a fixed number of queries, whatever the
number of applications (the board must stay fast at 500 of them)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from config.links import url_maker
from config.sql import db_converter
from evaluations.models import Evaluation
from followups.models import STEP_KIND_LABELS, FollowUpStep, StepStatus
from interviews.models import (
    ApplicationStatus,
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


@dataclass(frozen=True, slots=True)
class CardApplication:
    """What a board card shows of its application."""

    pk: int
    company_name: str
    role_title: str
    status: str
    date_applied: dt.date
    last_activity_at: dt.datetime


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
    """The user's applications grouped into board columns, and the weekly goal, in one
    query whatever their number.

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
    totals, per_week, rows = _board_rows(
        owner_id=user.pk, now=now, limits=limits, weeks=weeks, today=today
    )
    columns = {
        key: Column(key=key, title=COLUMN_TITLES[key], total=totals[key]) for key in rules.COLUMNS
    }
    detail_url = url_maker("interviews:application_detail")
    move_url = url_maker("pipeline:move")
    for application, last_interview_end, next_step in rows:  # the most recently active first
        column = rules.column_for_status(application.status)
        columns[column].cards.append(
            Card(
                application=application,
                next_step=next_step,
                days_waiting=rules.days_waiting(
                    status=application.status,
                    date_applied=application.date_applied,
                    last_interview_end=last_interview_end,
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
    return Board(
        columns=list(columns.values()),
        goal=_weekly_goal(target=user.weekly_application_target, today=today, per_day=per_week),
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


# --- The board in one SQL statement --------------------------------------------------------
#
# The board is the page people keep open. Built with the ORM, it spent most of its time in
# Python building queries (a column's latest cards and the per-card subqueries cost 1 to
# 3 ms each to compile, several times what PostgreSQL needs to run them) and waiting on
# round trips. So it reads everything in one plain SQL statement, portable between
# PostgreSQL and SQLite: every value is a parameter, every row is the owner's
# (`owner_id = %(owner)s`, the rule `.owned_by()` applies; interviews and steps are reached
# through those applications), and values get the conversions the ORM applies to them.
#
# It returns a row of counts (applications per column and per week of the goal chart, its
# card columns empty), then a row per card (its count columns empty), most recently active
# first.

_BOARD_SQL = """
SELECT {counts}, {no_card}
FROM interviews_jobapplication WHERE owner_id = %(owner)s
UNION ALL
SELECT {no_counts}, c.id, c.company_name, c.role_title, c.status, c.date_applied,
  c.last_activity_at,
  CASE WHEN c.status IN ({awaiting}) THEN (
    SELECT MAX(i.ends_at) FROM interviews_interview AS i
    WHERE i.application_id = c.id AND i.ends_at <= %(now)s
  ) END,{next_step}
FROM ({columns}) AS c
ORDER BY last_activity_at DESC, id DESC"""
_CARD_COLUMNS = (
    "id",
    "company_name",
    "role_title",
    "status",
    "date_applied",
    "last_activity_at",
    "last_interview_end",
    "next_step_kind",
    "next_step_opens_at",
    "next_step_due_at",
)

_COLUMN_COUNT_SQL = "COUNT(*) FILTER (WHERE status IN ({statuses}))"
_WEEK_COUNT_SQL = "COUNT(*) FILTER (WHERE date_applied >= %({start})s AND date_applied < %({end})s)"

# One column's latest applications, most recently active first (the owner and last activity
# index gives them in order and stops at the limit).
_COLUMN_SQL = """
    SELECT * FROM (
      SELECT id, company_name, role_title, status, date_applied, last_activity_at
      FROM interviews_jobapplication WHERE owner_id = %(owner)s AND status IN ({statuses})
      ORDER BY last_activity_at DESC, id DESC{limit}
    ) AS shown"""

# One column of an application's next step: its most urgent open step, in the order of
# `followups.selectors.next_steps_by_application` (the first entry of "step_next_idx").
# Closed cards show none.
_NEXT_STEP_SQL = """
  CASE WHEN c.status NOT IN ({closed}) THEN (
    SELECT s.{column} FROM followups_followupstep AS s
    WHERE s.application_id = c.id AND s.status = %(pending)s AND s.due_at IS NOT NULL
    ORDER BY s.due_at, s.id LIMIT 1
  ) END"""
_NEXT_STEP_COLUMNS = ("kind", "opens_at", "due_at")


# The statuses the statement names: each column's, and those awaiting a decision (the
# waiting clock), passed as parameters "applied_0", "closed_0", "closed_1"… "awaiting_1".
_STATUS_GROUPS = {
    **{key: _column_statuses(key) for key in rules.COLUMNS},
    "awaiting": sorted(rules.AWAITING_DECISION),
}
_STATUS_PARAMS = {
    f"{name}_{i}": status
    for name, statuses in _STATUS_GROUPS.items()
    for i, status in enumerate(statuses)
}


def _in(name: str) -> str:
    """The parameters of the statuses of group `name`, for `IN (…)`."""
    return ", ".join(f"%({name}_{i})s" for i in range(len(_STATUS_GROUPS[name])))


@functools.cache
def _board_sql(unlimited: frozenset[str]) -> str:
    """The board statement; its text depends only on which columns list all their cards
    (`unlimited`), everything else being parameters, so it is built once per shape.

    psycopg parses a statement once and reuses it when it has at most 4,096 bytes and 50
    parameters; this one has about 4,000 and 29 (named, so repeated values go once).
    """
    counts = [_COLUMN_COUNT_SQL.format(statuses=_in(key)) for key in rules.COLUMNS] + [
        _WEEK_COUNT_SQL.format(start=f"week_{i}", end=f"week_{i + 1}")
        for i in range(rules.STREAK_WEEKS)
    ]
    columns = [
        _COLUMN_SQL.format(
            statuses=_in(key), limit="" if key in unlimited else f" LIMIT %(limit_{key})s"
        )
        for key in rules.COLUMNS
    ]
    return _BOARD_SQL.format(
        counts=", ".join(counts),
        no_card=", ".join(f"NULL AS {name}" for name in _CARD_COLUMNS),
        no_counts=", ".join(["NULL"] * len(counts)),
        awaiting=_in("awaiting"),
        next_step=",".join(
            _NEXT_STEP_SQL.format(closed=_in(rules.CLOSED), column=column)
            for column in _NEXT_STEP_COLUMNS
        ),
        columns=" UNION ALL".join(columns),
    )


def _board_rows(*, owner_id: int, now: dt.datetime, limits: dict, weeks: list, today: dt.date):
    """({column: applications}, [(Monday, applications that week)], [(application, end of
    its last interview over, next step)] of the cards), in one query.

    `limits` says how many cards each column shows (None for all), `weeks` are the Mondays
    of the goal chart's weeks (`rules.STREAK_WEEKS` of them), the last one ending `today`.
    """
    adapt_date = connection.ops.adapt_datefield_value
    # Week i runs from its Monday to the next one; the current week, to the end of today.
    bounds = [*weeks, today + dt.timedelta(days=1)]
    params = {
        **_STATUS_PARAMS,
        "owner": owner_id,
        "now": connection.ops.adapt_datetimefield_value(now),
        "pending": StepStatus.PENDING,
        **{f"week_{i}": adapt_date(day) for i, day in enumerate(bounds)},
        **{f"limit_{key}": limit for key, limit in limits.items() if limit is not None},
    }
    sql = _board_sql(frozenset(key for key, limit in limits.items() if limit is None))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counted = len(rules.COLUMNS) + len(weeks)
    to_date = db_converter(JobApplication._meta.get_field("date_applied"))
    to_datetime = db_converter(JobApplication._meta.get_field("last_activity_at"))
    totals, per_week, cards = {}, [], []
    for row in rows:
        pk, company, role, status, applied, activity, interview_end, kind, opens_at, due_at = row[
            counted:
        ]
        if pk is None:  # the row of counts
            totals = dict(zip(rules.COLUMNS, row[: len(rules.COLUMNS)], strict=True))
            per_week = list(zip(weeks, row[len(rules.COLUMNS) : counted], strict=True))
            continue
        if to_date is not None:  # SQLite
            applied = to_date(applied)
        if to_datetime is not None:
            activity, interview_end = to_datetime(activity), to_datetime(interview_end)
            opens_at, due_at = to_datetime(opens_at), to_datetime(due_at)
        cards.append(
            (
                CardApplication(pk, company, role, status, applied, activity),
                interview_end,
                None if kind is None else NextStep(kind, opens_at, due_at),
            )
        )
    return totals, per_week, cards


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
    "date_order",
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
