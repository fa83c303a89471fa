import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followups import rules
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepKind
from followups.presenters import step_row
from followups.selectors import (
    TODAY_COUNT_CAP,
    TODAY_GROUP_LIMIT,
    TODAY_GROUP_SLUGS,
    next_steps_by_application,
    today_for,
    today_group_steps,
)
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def test_next_steps_by_application_picks_the_most_urgent_open_step(django_assert_num_queries):
    first = InterviewFactory()
    second = InterviewFactory()
    due = first.ends_at + dt.timedelta(hours=24)
    FollowUpStepFactory(interview=first, due_at=due + dt.timedelta(hours=5))
    urgent = FollowUpStepFactory(interview=first, due_at=due)
    FollowUpStepFactory(interview=first, due_at=due - dt.timedelta(hours=5), status="done")
    other = FollowUpStepFactory(interview=second)
    with django_assert_num_queries(1):
        result = next_steps_by_application([first.application_id, second.application_id])
    assert result == {first.application_id: urgent, second.application_id: other}
    assert next_steps_by_application([]) == {}


# --- The Today page's two queries ----------------------------------------------------------

NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)  # a Tuesday, 16:00 UTC
H = dt.timedelta(hours=1)
# Moments around every boundary the groups have: now, the end of the local day (in zones
# either side of UTC), the opening-soon horizon a week out.
OFFSETS = [
    -30 * 24 * H,
    -25 * H,
    -H,
    -dt.timedelta(seconds=1),
    dt.timedelta(0),
    dt.timedelta(seconds=1),
    H,
    5 * H,
    8 * H - dt.timedelta(seconds=1),
    8 * H,
    9 * H,
    20 * H,
    30 * H,
    3 * 24 * H,
    7 * 24 * H - dt.timedelta(seconds=1),
    7 * 24 * H,
    7 * 24 * H + H,
    20 * 24 * H,
]


def _random_steps(user, seed: int, count: int = 60):
    rng = random.Random(seed)
    interview = InterviewFactory(application__owner=user)
    kinds = [k for k in StepKind.values if k != StepKind.KEEP_LOOKING]
    for n in range(count):
        opens = NOW + rng.choice(OFFSETS)
        due = None if rng.random() < 0.15 else opens + rng.choice([H, 10 * H, 3 * 24 * H])
        if rng.random() < 0.2:
            due = NOW + rng.choice(OFFSETS)  # due and open times from anywhere, even inverted
        FollowUpStepFactory(
            interview=interview,
            kind=rng.choice(kinds) if n % 15 else StepKind.KEEP_LOOKING,
            opens_at=opens,
            due_at=due,
            status=rng.choice(["pending"] * 6 + ["done", "skipped", "not_needed"]),
            snoozed_until=rng.choice([None] * 5 + [NOW - H, NOW + H, NOW + 30 * H]),
        )


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
@pytest.mark.parametrize("seed", range(4))
def test_today_for_groups_match_the_urgency_rule_and_the_group_pages(user, zone, seed):
    user.time_zone = zone
    user.save()
    _random_steps(user, seed)
    plan = today_for(user, now=NOW, limit=3)

    # What the rules say, step by step, in Python.
    open_steps = [
        s
        for s in FollowUpStep.objects.owned_by(user).open()
        if s.kind != StepKind.KEEP_LOOKING and not (s.snoozed_until and s.snoozed_until > NOW)
    ]
    expected: dict[str, list] = {slug: [] for slug in TODAY_GROUP_SLUGS}
    for s in open_steps:
        slug = rules.urgency(opens_at=s.opens_at, due_at=s.due_at, now=NOW, zone=zone)
        if slug in expected:
            expected[slug].append(s)
    for group in plan.groups:
        ordered = sorted(
            expected[group.slug],
            key=lambda s: (s.due_at is None, s.due_at or s.opens_at, s.opens_at, s.pk),
        )
        assert group.total == len(ordered), group.slug
        assert [s.pk for s in group.steps] == [s.pk for s in ordered[:3]], group.slug
        # The "Show all" page of the group agrees, in the same order.
        paged = today_group_steps(user, slug=group.slug, now=NOW)
        assert [s.pk for s in paged] == [s.pk for s in ordered], group.slug

    pending = FollowUpStep.objects.owned_by(user).open()
    assert plan.snoozed == sum(
        1
        for s in pending
        if s.snoozed_until and s.snoozed_until > NOW and s.kind != StepKind.KEEP_LOOKING
    )
    keep_looking = [
        s
        for s in pending
        if s.kind == StepKind.KEEP_LOOKING
        and s.opens_at <= NOW
        and not (s.snoozed_until and s.snoozed_until > NOW)
    ]
    expected_keep_looking = max(
        keep_looking, key=lambda s: (s.due_at is not None, s.due_at or NOW, s.pk), default=None
    )
    assert plan.keep_looking == expected_keep_looking
    assert plan.has_any_step


def test_today_for_badges_stop_at_the_cap_and_say_so(user, django_assert_num_queries):
    interview = InterviewFactory(application__owner=user)
    FollowUpStep.objects.bulk_create(
        FollowUpStep(
            owner=user,
            application=interview.application,
            interview=interview,
            kind=StepKind.THANK_YOU,
            key=f"overdue:{n}",
            opens_at=NOW - 48 * H,
            due_at=NOW - 24 * H + n * dt.timedelta(minutes=1),
        )
        for n in range(TODAY_COUNT_CAP + 6)
    )
    with django_assert_num_queries(3):  # the counts, the rows, this week's applications
        plan = today_for(user, now=NOW)
    overdue = plan.groups[0]
    assert overdue.slug == "overdue"
    assert overdue.total == TODAY_COUNT_CAP + 6
    assert overdue.capped
    assert overdue.total_label == f"{TODAY_COUNT_CAP}+"
    assert [s.key for s in overdue.steps] == [f"overdue:{n}" for n in range(TODAY_GROUP_LIMIT)]
    due_today = plan.groups[1]
    assert (due_today.total, due_today.capped, due_today.total_label) == (0, False, "0")


def test_today_for_with_nothing_planned(user):
    plan = today_for(user, now=NOW)
    assert plan.is_empty
    assert not plan.has_any_step
    assert plan.keep_looking is None
    assert (plan.snoozed, plan.applied_this_week) == (0, 0)


def test_today_for_counts_this_weeks_applications_in_the_users_zone(user):
    user.time_zone = "Pacific/Auckland"  # already Wednesday 11 March there
    user.save()
    for day in (8, 9, 11, 15, 16):  # Sunday 8 and Monday 16 fall outside Mon 9 - Sun 15
        JobApplicationFactory(owner=user, date_applied=dt.date(2026, 3, day))
    JobApplicationFactory(date_applied=dt.date(2026, 3, 10))  # someone else's
    assert today_for(user, now=NOW).applied_this_week == 3


def test_today_rows_print_without_further_queries(user, django_assert_num_queries):
    _random_steps(user, seed=7)
    reference = ReferenceFactory(owner=user, name="Dana Whitfield")
    application = JobApplicationFactory(owner=user, company_name="Initech")
    FollowUpStepFactory(
        interview=None,
        application=application,
        owner=user,
        kind=StepKind.BRIEF_REFERENCES,
        reference=reference,
        opens_at=NOW - H,
        due_at=NOW + 2 * H,
    )
    interview = InterviewFactory(application=application, round_label="final")
    FollowUpStepFactory(
        interview=interview,
        interviewer=InterviewerFactory(interview=interview, name="Ana Ruiz"),
        opens_at=NOW - H,
        due_at=NOW + H,
    )
    plan = today_for(user, now=NOW)
    steps = [s for g in plan.groups for s in g.steps]
    assert any(s.reference_id for s in steps) and any(s.interviewer_id for s in steps)
    with django_assert_num_queries(0):
        rows = [step_row(s, now=NOW, zone="UTC", with_context=True) for s in steps]
    titles = [r.title for r in rows]
    assert "Brief Dana Whitfield, your reference" in titles
    assert "Send a thank-you note to Ana Ruiz" in titles
    assert any(r.context.endswith("at Initech · Final") for r in rows)
    # What a row does not print is deferred, not made up: reading it asks the database.
    step = next(s for s in steps if s.application_id == application.pk)
    with django_assert_num_queries(1):
        assert step.application.status == application.status


@pytest.mark.postgres
def test_todays_rows_are_looked_up_among_the_users_own_steps_only():
    """The rows query once read its rows through `pk IN (…) OR pk IN (…)` alone: PostgreSQL
    then scanned every user's steps for one user's Today (36.9 ms instead of 12.6 ms for a
    user with 2,341 steps among 95,981)."""
    mine = FollowUpStepFactory(interview=InterviewFactory(), due_at=NOW - H)
    template = FollowUpStepFactory(interview=InterviewFactory())
    FollowUpStep.objects.bulk_create(
        FollowUpStep(
            owner_id=template.owner_id,
            application_id=template.application_id,
            interview_id=template.interview_id,
            kind=StepKind.THANK_YOU,
            key=f"other:{n}",
            opens_at=template.opens_at,
            due_at=template.due_at,
        )
        for n in range(5_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE followups_followupstep")
    with CaptureQueriesContext(connection) as captured:
        plan = today_for(mine.owner, now=NOW)
    assert [step for group in plan.groups for step in group.steps] == [mine]
    [rows_query] = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and " JOIN " in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + rows_query)
        explained = "\n".join(line for (line,) in cursor.fetchall())
    assert "Seq Scan on followups_followupstep" not in explained, explained


@pytest.mark.parametrize(
    ("group", "opens"),
    [(rules.UP_NEXT, NOW - H), (rules.OPENING_SOON, NOW + 5 * H)],
)
def test_a_capped_group_fills_up_with_undated_steps_after_its_dated_ones(user, group, opens):
    """Over its cap, a group with fewer dated steps than the cap shows its undated steps after
    the dated ones, oldest first."""
    interview = InterviewFactory(application__owner=user)
    dated = FollowUpStepFactory(interview=interview, opens_at=opens, due_at=NOW + 3 * 24 * H)
    undated = [FollowUpStepFactory(interview=interview, opens_at=opens, due_at=None) for _ in "abc"]

    plan = today_for(user, now=NOW, limit=3)

    [shown] = [g for g in plan.groups if g.slug == group]
    assert shown.total == 4
    assert [s.pk for s in shown.steps] == [dated.pk, undated[0].pk, undated[1].pk]
