"""Reads of the follow-up plan, shared by the pages of every app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.base import ModelState
from django.utils import timezone

from config.sql import db_converter
from interviews.models import Interview, Interviewer, JobApplication
from references.models import Reference

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


# The most urgent open step of each application: its pending step with the earliest due time
# (ties by id). Plain SQL that PostgreSQL and SQLite both run (the applications list and the
# board read it on every visit, and the ORM took longer to build it than to run it); the
# database keeps one step per application instead of sending all of them. `{ids}` is a
# list of placeholders, never values.
_NEXT_STEPS_SQL = """
    SELECT id, application_id, interview_id, kind, opens_at, due_at, status
    FROM (
        SELECT id, application_id, interview_id, kind, opens_at, due_at, status,
            ROW_NUMBER() OVER (PARTITION BY application_id ORDER BY due_at, id) AS urgency_rank
        FROM followups_followupstep
        WHERE application_id IN ({ids}) AND status = %s AND due_at IS NOT NULL
    ) ranked
    WHERE urgency_rank = 1
"""


def next_steps_by_application(application_ids: Iterable[int]) -> dict[int, FollowUpStep]:
    """The most urgent open step of each application ({application_id: step}, one query).

    The steps carry only the columns selected (the others are deferred).
    """
    ids = [int(pk) for pk in application_ids]
    if not ids:
        return {}
    sql = _NEXT_STEPS_SQL.format(ids=", ".join(["%s"] * len(ids)))
    steps = FollowUpStep.objects.raw(sql, [*ids, StepStatus.PENDING])
    return {step.application_id: step for step in steps}


# --- Rows of steps, as the checklists print them ---------------------------------------------
# Lists of steps are read with plain SQL: they are the busiest reads of the app, and built
# with the ORM they cost more to compose than to run. Each related value a row prints is a
# scalar subquery rather than a join: for a few rows the lookups cost next to nothing, while
# planning a five-table join cost more than running the whole query.

_STEP = FollowUpStep._meta.db_table
# attribute: (model, foreign key column, {column alias: field})
_ROW_RELATED = {
    "application": (
        JobApplication,
        "application_id",
        {"application_role_title": "role_title", "application_company_name": "company_name"},
    ),
    "interview": (Interview, "interview_id", {"interview_round_label": "round_label"}),
    "interviewer": (Interviewer, "interviewer_id", {"interviewer_name": "name"}),
    "reference": (Reference, "reference_id", {"reference_name": "name"}),
}
_ROW_FIELDS = (
    *("id", "owner_id", "application_id", "interview_id", "interviewer_id", "reference_id"),
    *("kind", "sequence", "opens_at", "due_at", "status", "done_at", "snoozed_until", "channel"),
)
_ROW_ALIASES = tuple(alias for _m, _fk, columns in _ROW_RELATED.values() for alias in columns)
_ROW_MOMENTS = ("opens_at", "due_at", "done_at", "snoozed_until")


_STEP_ROWS_SQL = (
    "SELECT "
    + ", ".join(f"s.{name}" for name in _ROW_FIELDS)
    + ", "
    + ", ".join(
        f"(SELECT {field} FROM {model._meta.db_table} WHERE id = s.{fk}) AS {alias}"
        for model, fk, columns in _ROW_RELATED.values()
        for alias, field in columns.items()
    )
    + f" FROM {_STEP} s"
)


def _step_rows(where: str, params: dict) -> list[FollowUpStep]:
    """The steps `where` picks, each with its related rows attached (`_attach_related`).

    Read with a cursor and built as the ORM builds deferred instances: a RawQuerySet's
    per-row machinery cost more than the query for the few rows a list shows.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"{_STEP_ROWS_SQL} WHERE {where}", params)
        rows = cursor.fetchall()
    converters = {
        name: convert
        for name in _ROW_MOMENTS
        if (convert := db_converter(FollowUpStep._meta.get_field(name))) is not None
    }
    steps = []
    for row in rows:
        values = dict(zip(_ROW_FIELDS, row[: len(_ROW_FIELDS)], strict=True))
        for name, convert in converters.items():
            if values[name] is not None:
                values[name] = convert(values[name])
        step = _loaded_instance(FollowUpStep, connection.alias, **values)
        _attach_related(step, dict(zip(_ROW_ALIASES, row[len(_ROW_FIELDS) :], strict=True)))
        steps.append(step)
    return steps


def _attach_related(step: FollowUpStep, printed: dict) -> None:
    """Give a step from `_STEP_ROWS_SQL` its related rows, as select_related() would: each
    with the fields the row prints (`printed`, by column alias), the others deferred (read on
    access, never made up)."""
    for attribute, (model, fk, columns) in _ROW_RELATED.items():
        pk = getattr(step, fk)
        if pk is not None:
            loaded = {field: printed[alias] for alias, field in columns.items()}
            setattr(step, attribute, _loaded_instance(model, step._state.db, id=pk, **loaded))


def _loaded_instance(model, db: str, **values):
    """An instance of `model` as the ORM loads one with only `values` selected: the fields
    missing from its __dict__ are deferred and read from the database on first access.

    Model.from_db would run __init__ over every field of the model; for the few related rows
    a list prints, that cost more than reading them.
    """
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = db
    return instance


def _checklist_order(steps: Iterable[FollowUpStep]) -> list[FollowUpStep]:
    return sorted(steps, key=lambda s: (KIND_ORDER.index(s.kind), s.sequence, s.opens_at, s.pk))


def steps_of_interview(interview) -> list[FollowUpStep]:
    """An interview's checklist, in the order the steps happen (one query)."""
    return _checklist_order(
        _step_rows("s.interview_id = %(interview)s", {"interview": interview.pk})
    )


def steps_of_application(application) -> list[FollowUpStep]:
    """Application-level steps: reference briefings, follow-ups, moving on (one query)."""
    kinds = {f"kind{n}": kind.value for n, kind in enumerate(APPLICATION_KINDS)}
    return _checklist_order(
        _step_rows(
            "s.application_id = %(application)s"
            f" AND s.kind IN ({', '.join(f'%({name})s' for name in kinds)})",
            {"application": application.pk, **kinds},
        )
    )


# How many steps each Today group lists: the most urgent ones; "Show all" pages the rest.
TODAY_GROUP_LIMIT = 5
TODAY_PAGE_SIZE = 50
# A group's count stops here ("99+"): past a hundred open steps the exact number tells the
# user nothing more, and counting every row of a long backlog is the Today page's biggest cost.
TODAY_COUNT_CAP = 99


@dataclass
class TodayGroup:
    slug: str
    title: str
    hint: str
    steps: list[FollowUpStep] = field(default_factory=list)
    # How many steps the group holds: counted up to `cap` + 1 (see `capped`), or exactly
    # when `cap` is None.
    total: int = 0
    cap: int | None = TODAY_COUNT_CAP

    @property
    def capped(self) -> bool:
        """True when the count stopped at the cap: the group holds more than `cap` steps."""
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
    """`rules.urgency` as ORM conditions, one per Today group (for paging through a group).

    `_TODAY_PARTS` says the same in SQL for the Today page itself; the tests hold the two and
    `rules.urgency` to the same answers.
    """
    bounds = _today_bounds(now=now, zone=zone)
    not_overdue = Q(due_at__isnull=True) | Q(due_at__gte=now)
    return {
        rules.OVERDUE: Q(due_at__lt=now),
        rules.DUE_TODAY: Q(opens_at__lte=now, due_at__gte=now, due_at__lt=bounds["end_of_today"]),
        rules.UP_NEXT: Q(opens_at__lte=now)
        & (Q(due_at__isnull=True) | Q(due_at__gte=bounds["end_of_today"])),
        rules.OPENING_SOON: Q(opens_at__gt=now, opens_at__lte=bounds["horizon"]) & not_overdue,
    }


def _today_bounds(*, now: dt.datetime, zone: str) -> dict[str, dt.datetime]:
    tomorrow = rules.local_date(now, zone) + dt.timedelta(days=1)
    return {
        "end_of_today": rules.at_local_time(tomorrow, dt.time(0, 0), zone),
        "horizon": now + dt.timedelta(days=rules.OPENING_SOON_DAYS),
    }


def _today_steps(user, now: dt.datetime):
    """Open, unsnoozed plan steps (keep-looking aside), in urgency order."""
    return (
        FollowUpStep.objects.owned_by(user)
        .open()
        .exclude(kind=StepKind.KEEP_LOOKING)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("application", "interview", "interviewer", "reference")
        # Steps without a due date come last on every database (SQLite would put them first).
        .order_by(F("due_at").asc(nulls_last=True), "opens_at", "pk")
    )


# --- The Today page's two queries ------------------------------------------------------------
# Its numbers, then its rows (`_step_rows`). Composed with the ORM they cost more to build (a
# dozen querysets compiled per request) than to run. Each group is one or two parts (with a
# due date, or none) so that every part is a range of a partial index ("step_open_due_idx" or
# "step_open_opens_idx") instead of a filter over every open step.

_APPLICATION = JobApplication._meta.db_table
_VISIBLE = (
    "owner_id = %(owner)s AND status = %(pending)s AND kind <> %(keep_looking)s"
    " AND (snoozed_until IS NULL OR snoozed_until <= %(now)s)"
)
# (group, condition, order of its most urgent steps)
_TODAY_PARTS = (
    (rules.OVERDUE, "due_at < %(now)s", "due_at, opens_at, id"),
    (
        rules.DUE_TODAY,
        "opens_at <= %(now)s AND due_at >= %(now)s AND due_at < %(end_of_today)s",
        "due_at, opens_at, id",
    ),
    (rules.UP_NEXT, "opens_at <= %(now)s AND due_at >= %(end_of_today)s", "due_at, opens_at, id"),
    (rules.UP_NEXT, "opens_at <= %(now)s AND due_at IS NULL", "opens_at, id"),
    (
        rules.OPENING_SOON,
        "opens_at > %(now)s AND opens_at <= %(horizon)s AND due_at >= %(now)s",
        "due_at, opens_at, id",
    ),
    (
        rules.OPENING_SOON,
        "opens_at > %(now)s AND opens_at <= %(horizon)s AND due_at IS NULL",
        "opens_at, id",
    ),
)
# Every number the page shows, one scalar subquery each. A group's count stops at
# TODAY_COUNT_CAP + 1 rows, so a long backlog costs no more than a short one.
_TODAY_COUNTS_SQL = "SELECT " + ", ".join(
    [
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_STEP} WHERE {_VISIBLE} AND {condition}"
        " LIMIT %(count_cap)s) AS part)"
        for _group, condition, _order in _TODAY_PARTS
    ]
    + [
        # Snoozed steps: few, and exact ("step_snoozed_idx").
        f"(SELECT COUNT(*) FROM {_STEP} WHERE owner_id = %(owner)s AND status = %(pending)s"
        " AND snoozed_until > %(now)s)",
        # Whether there is a plan at all: the standing keep-looking step alone does not make one.
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_STEP} WHERE owner_id = %(owner)s"
        " AND kind <> %(keep_looking)s LIMIT 1) AS any_step)",
        f"(SELECT COUNT(*) FROM {_APPLICATION} WHERE owner_id = %(owner)s"
        " AND date_applied BETWEEN %(monday)s AND %(sunday)s)",
    ]
)
# The ids of the steps shown: each part's most urgent few, and the current keep-looking step.
# Each part is a derived table, as SQLite allows no LIMIT in a compound's parts.
_TODAY_IDS_SQL = " UNION ALL ".join(
    [
        f"SELECT id FROM (SELECT id FROM {_STEP} WHERE {_VISIBLE} AND {condition}"
        f" ORDER BY {order} LIMIT %(limit)s) AS part{n}"
        for n, (_group, condition, order) in enumerate(_TODAY_PARTS)
    ]
    + [
        f"SELECT id FROM (SELECT id FROM {_STEP} WHERE owner_id = %(owner)s"
        " AND status = %(pending)s AND kind = %(keep_looking)s AND opens_at <= %(now)s"
        " AND (snoozed_until IS NULL OR snoozed_until <= %(now)s)"
        " ORDER BY due_at IS NULL, due_at DESC, id DESC LIMIT 1) AS keep_looking"
    ]
)


def _today_params(user, *, now: dt.datetime, limit: int) -> dict:
    ops = connection.ops
    monday, sunday = rules.week_bounds(now, user.time_zone)
    moments = {"now": now, **_today_bounds(now=now, zone=user.time_zone)}
    return {
        **{name: ops.adapt_datetimefield_value(value) for name, value in moments.items()},
        "owner": user.pk,
        "pending": StepStatus.PENDING.value,
        "keep_looking": StepKind.KEEP_LOOKING.value,
        "count_cap": TODAY_COUNT_CAP + 1,
        "limit": limit,
        "monday": ops.adapt_datefield_value(monday),
        "sunday": ops.adapt_datefield_value(sunday),
    }


def today_for(user, *, now: dt.datetime | None = None, limit: int = TODAY_GROUP_LIMIT) -> TodayPlan:
    """The Today page: the user's open steps grouped by urgency in their zone, each group's
    `limit` most urgent first, in two queries whatever the number of steps: the numbers,
    then the rows shown with what they print."""
    now = now or timezone.now()
    params = _today_params(user, now=now, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(_TODAY_COUNTS_SQL, params)
        *part_counts, snoozed, any_step, applied_this_week = cursor.fetchone()
    groups = {slug: TodayGroup(slug, title, hint) for slug, title, hint in _GROUPS}
    for (slug, _condition, _order), count in zip(_TODAY_PARTS, part_counts, strict=True):
        groups[slug].total += count
    shown = _step_rows(f"s.id IN ({_TODAY_IDS_SQL})", params)
    keep_looking = None
    for step in shown:
        if step.kind == StepKind.KEEP_LOOKING:
            keep_looking = step
            continue
        slug = rules.urgency(
            opens_at=step.opens_at, due_at=step.due_at, now=now, zone=user.time_zone
        )
        groups[slug].steps.append(step)  # the parts are the groups: never "later"
    for group in groups.values():
        group.steps.sort(key=_urgency_key)
        del group.steps[limit:]  # a two-part group took `limit` from each part
    return TodayPlan(
        groups=list(groups.values()),
        keep_looking=keep_looking,
        applied_this_week=applied_this_week,
        weekly_target=user.weekly_application_target,
        snoozed=snoozed,
        has_any_step=bool(any_step),
    )


def _urgency_key(step: FollowUpStep):
    """The order of `_today_steps`, in Python."""
    return (step.due_at is None, step.due_at or step.opens_at, step.opens_at, step.pk)


def today_group_steps(user, *, slug: str, now: dt.datetime | None = None):
    """Every open step of one Today group, most urgent first (a queryset, to page through)."""
    now = now or timezone.now()
    condition = _group_conditions(now=now, zone=user.time_zone)[slug]
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
