"""The plan services: upsert by key, never reopen a closed step, keep the clocks right."""

import datetime as dt

import pytest
import time_machine

from evaluations.factories import EvaluationFactory
from followups import services
from followups.models import FollowUpStep, StepStatus
from interviews.factories import InterviewerFactory, JobApplicationFactory
from interviews.services import application_set_status
from references.factories import ApplicationReferenceFactory, ReferenceFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


def steps_of(application, **filters):
    return FollowUpStep.objects.filter(application=application, **filters).order_by("key")


def by_kind(application, kind, **filters):
    return list(steps_of(application, kind=kind, **filters))


def test_logging_an_interview_produces_the_plan(user, make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz", "Ben Ode"])
    services.plan_sync_interview(interview=interview)
    steps = steps_of(interview.application)
    assert sorted((s.kind, s.interviewer.name if s.interviewer else None) for s in steps) == [
        ("follow_up", None),
        ("next_steps", None),
        ("self_evaluation", None),
        ("thank_you", "Ana Ruiz"),
        ("thank_you", "Ben Ode"),
    ]
    thank_you = by_kind(interview.application, "thank_you")[0]
    assert (thank_you.opens_at, thank_you.due_at) == (at(2026, 3, 10, 15), at(2026, 3, 11, 15))
    assert thank_you.next_reminder_at == thank_you.opens_at
    assert all(s.owner == user and s.status == StepStatus.PENDING for s in steps)
    # The keep-looking step stands beside it while the application awaits a decision.
    assert FollowUpStep.objects.filter(owner=user, kind="keep_looking", status="pending").exists()


def test_syncing_twice_changes_nothing(make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz"])
    services.plan_sync_interview(interview=interview)
    before = list(steps_of(interview.application).values())
    services.plan_sync_interview(interview=interview)
    assert list(steps_of(interview.application).values()) == before


def test_rescheduling_moves_open_steps_and_keeps_a_sent_thank_you(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    thank_you = by_kind(interview.application, "thank_you")[0]
    sent_at = at(2026, 3, 10, 18)
    services.step_complete(step=thank_you, channel="email", at=sent_at)

    interview.starts_at, interview.ends_at = at(2026, 3, 12, 14), at(2026, 3, 12, 15)
    interview.save()
    services.plan_sync_interview(interview=interview, now=at(2026, 3, 10, 19))

    thank_you.refresh_from_db()
    assert (thank_you.status, thank_you.done_at, thank_you.channel) == ("done", sent_at, "email")
    evaluation = by_kind(interview.application, "self_evaluation")[0]
    assert (evaluation.opens_at, evaluation.due_at) == (at(2026, 3, 12, 15), at(2026, 3, 12, 18))
    assert evaluation.next_reminder_at == evaluation.opens_at
    # Counted from the (new) end, the later of end and the sent note: Thursday + 7 days.
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 19, 9)


def test_a_sent_thank_you_starts_the_follow_up_clock(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 17, 9)  # 7 days after the end, never sent

    [thank_you] = by_kind(interview.application, "thank_you")
    services.step_complete(step=thank_you, channel="handwritten", at=at(2026, 3, 11, 20))

    follow_up.refresh_from_db()
    assert follow_up.opens_at == at(2026, 3, 18, 9)
    assert follow_up.next_reminder_at == at(2026, 3, 18, 9)


def test_changing_the_decision_date_moves_the_follow_up(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    interview.expected_decision_on = dt.date(2026, 3, 13)  # a Friday
    interview.save()
    services.plan_sync_interview(interview=interview)
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 16, 9)
    # Recording a timeline also completes "ask about next steps".
    [next_steps] = by_kind(interview.application, "next_steps")
    assert next_steps.status == StepStatus.DONE


def test_do_not_contact_before_later_than_the_seven_day_rule(make_interview, frozen):
    interview = make_interview(do_not_contact_before=dt.date(2026, 3, 26))
    services.plan_sync_interview(interview=interview)
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 26, 9)


def test_adding_an_interviewer_replaces_the_single_open_thank_you(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [single] = by_kind(interview.application, "thank_you")
    InterviewerFactory(interview=interview, name="Ana Ruiz")
    services.plan_sync_interview(interview=interview)
    single.refresh_from_db()
    assert single.status == StepStatus.NOT_NEEDED
    assert single.next_reminder_at is None
    [personal] = by_kind(interview.application, "thank_you", status="pending")
    assert personal.interviewer.name == "Ana Ruiz"


def test_removing_an_interviewer_drops_only_their_open_note(make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz", "Ben Ode", "Cy Park"])
    services.plan_sync_interview(interview=interview)
    ana, ben, cy = by_kind(interview.application, "thank_you")
    ana, ben, cy = sorted([ana, ben, cy], key=lambda s: s.interviewer.name)
    services.step_complete(step=ana, at=NOW)
    ana.interviewer.delete()
    ben.interviewer.delete()
    services.plan_sync_interview(interview=interview)
    statuses = {s.pk: s.status for s in by_kind(interview.application, "thank_you")}
    assert statuses == {ana.pk: "done", ben.pk: "not_needed", cy.pk: "pending"}


def test_an_offer_closes_open_steps_and_keeps_done_ones(make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz"])
    services.plan_sync_interview(interview=interview)
    [thank_you] = by_kind(interview.application, "thank_you")
    services.step_complete(step=thank_you, at=NOW)

    application_set_status(application=interview.application, status="offer")

    steps = steps_of(interview.application)
    # The round's steps close; the offer's own steps (issue 18) take over.
    assert {s.kind: s.status for s in steps} == {
        "next_steps": "not_needed",
        "thank_you": "done",
        "self_evaluation": "not_needed",
        "follow_up": "not_needed",
        "offer_confirm": "pending",
        "offer_decide": "pending",
        "offer_respond": "pending",
    }
    assert (
        not steps.exclude(kind__startswith="offer_").filter(next_reminder_at__isnull=False).exists()
    )


@pytest.mark.parametrize("status", ["accepted", "rejected", "withdrawn", "no_response"])
def test_every_closing_status_closes_the_plan(make_interview, frozen, status):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    if status == "accepted":  # an offer comes before its acceptance
        application_set_status(application=interview.application, status="offer")
    application_set_status(application=interview.application, status=status)
    assert not steps_of(interview.application, status="pending").exists()


def test_follow_up_cap_spacing_and_moving_on(user, make_interview, frozen):
    interview = make_interview()
    application = interview.application
    services.plan_sync_interview(interview=interview)

    def open_follow_ups():
        return list(steps_of(application, kind__in=["follow_up", "move_on"], status="pending"))

    [first] = open_follow_ups()
    services.step_complete(step=first, channel="email", at=at(2026, 3, 17, 10))
    [second] = open_follow_ups()
    assert (second.kind, second.sequence, second.opens_at) == ("follow_up", 2, at(2026, 3, 24, 9))

    services.step_complete(step=second, channel="email", at=at(2026, 3, 25, 10))
    [move_on] = open_follow_ups()
    assert move_on.kind == "move_on"
    assert move_on.opens_at == at(2026, 4, 1, 9)
    assert steps_of(application, kind="follow_up").count() == 2

    services.step_complete(step=move_on, at=at(2026, 4, 1, 10))
    application.refresh_from_db()
    assert application.status == "no_response"
    assert not steps_of(application, status="pending").exists()


def test_a_new_round_never_leaves_two_follow_ups_open(make_interview, frozen):
    first = make_interview()
    services.plan_sync_interview(interview=first)
    [old] = by_kind(first.application, "follow_up")
    second = make_interview(start=(2026, 3, 16, 10, 0), application=first.application)
    services.plan_sync_interview(interview=second)
    open_ones = by_kind(first.application, "follow_up", status="pending")
    assert [s.interview_id for s in open_ones] == [second.pk]
    old.refresh_from_db()
    assert old.status == StepStatus.NOT_NEEDED


def test_references_get_a_briefing_step_each(user, make_interview, frozen):
    interview = make_interview()
    first = ApplicationReferenceFactory(
        application=interview.application, reference=ReferenceFactory(owner=user, name="Dee")
    )
    second = ApplicationReferenceFactory(
        application=interview.application,
        reference=ReferenceFactory(owner=user, name="Eve"),
        briefed_at=at(2026, 3, 10, 17),
    )
    services.plan_sync_application(application=interview.application)
    briefs = {s.reference_id: s for s in by_kind(interview.application, "brief_references")}
    assert briefs[first.reference_id].status == StepStatus.PENDING
    assert briefs[first.reference_id].due_at == at(2026, 3, 11, 15)
    assert briefs[second.reference_id].status == StepStatus.DONE
    assert briefs[second.reference_id].done_at == at(2026, 3, 10, 17)

    first.delete()
    services.plan_sync_application(application=interview.application)
    assert by_kind(interview.application, "brief_references", status="not_needed")[
        0
    ].reference_id == (first.reference_id)


def test_a_completed_self_evaluation_closes_its_step(make_interview, frozen):
    interview = make_interview()
    EvaluationFactory(interview=interview, completed_at=at(2026, 3, 10, 17))
    services.plan_sync_interview(interview=interview)
    [step] = by_kind(interview.application, "self_evaluation")
    assert (step.status, step.done_at) == ("done", at(2026, 3, 10, 17))


def test_a_skipped_step_is_never_reopened(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [evaluation] = by_kind(interview.application, "self_evaluation")
    services.step_skip(step=evaluation, at=NOW)
    interview.ends_at += dt.timedelta(hours=1)
    interview.save()
    services.plan_sync_interview(interview=interview)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.done_at) == ("skipped", NOW)


def test_completing_twice_keeps_the_first_time(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [thank_you] = by_kind(interview.application, "thank_you")
    services.step_complete(step=thank_you, channel="email", at=NOW)
    services.step_complete(step=thank_you, channel="linkedin", at=NOW + dt.timedelta(hours=1))
    thank_you.refresh_from_db()
    assert (thank_you.done_at, thank_you.channel) == (NOW, "email")


def test_snooze_moves_the_reminder_and_survives_a_recompute(make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [thank_you] = by_kind(interview.application, "thank_you")
    until = at(2026, 3, 11, 9)
    services.step_snooze(step=thank_you, until=until)
    thank_you.refresh_from_db()
    assert (thank_you.snoozed_until, thank_you.next_reminder_at) == (until, until)

    interview.ends_at += dt.timedelta(minutes=30)
    interview.save()
    services.plan_sync_interview(interview=interview)
    thank_you.refresh_from_db()
    assert thank_you.opens_at == at(2026, 3, 10, 15, 30)
    assert thank_you.next_reminder_at == until


def test_complete_steps_of_kind(make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz", "Ben Ode"])
    services.plan_sync_interview(interview=interview)
    assert services.complete_steps_of_kind(interview=interview, kind="thank_you", at=NOW) == 2
    assert not by_kind(interview.application, "thank_you", status="pending")
    # The notes went out: the follow-up counts from them.
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 17, 9)


def test_keep_looking_is_done_when_the_weekly_target_is_met(user, make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    [step] = FollowUpStep.objects.filter(owner=user, kind="keep_looking")
    assert (step.key, step.status) == ("keep_looking:2026-W11", "pending")

    JobApplicationFactory.create_batch(3, owner=user, date_applied=dt.date(2026, 3, 9))
    services.plan_sync_keep_looking(user=user)
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_keep_looking_rolls_over_to_the_new_week(user, make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    with time_machine.travel(dt.datetime(2026, 3, 17, 8, tzinfo=UTC), tick=False):
        services.plan_sync_keep_looking(user=user)
    steps = dict(
        FollowUpStep.objects.filter(owner=user, kind="keep_looking").values_list("key", "status")
    )
    assert steps == {"keep_looking:2026-W11": "not_needed", "keep_looking:2026-W12": "pending"}


def test_an_accepted_offer_ends_keep_looking(user, make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    application_set_status(application=interview.application, status="offer")
    application_set_status(application=interview.application, status="accepted")
    services.plan_sync_keep_looking(user=user)
    assert not FollowUpStep.objects.filter(owner=user, kind="keep_looking", status="pending")


def test_the_user_plan_defaults_are_used(user, make_interview, frozen):
    user.thank_you_within_hours = 12
    user.self_evaluation_within_hours = 1
    user.follow_up_after_days = 4
    user.save()
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    app = interview.application
    assert by_kind(app, "thank_you")[0].due_at == at(2026, 3, 11, 3)
    assert by_kind(app, "self_evaluation")[0].due_at == at(2026, 3, 10, 16)
    assert by_kind(app, "follow_up")[0].opens_at == at(2026, 3, 16, 9)  # Saturday → Monday


def test_the_user_zone_places_business_mornings(user, make_interview, frozen):
    user.time_zone = "America/New_York"
    user.save()
    # Ends 23:30 local on Tuesday: 03:30 UTC on Wednesday.
    interview = make_interview(start=(2026, 3, 10, 22, 30))
    services.plan_sync_interview(interview=interview)
    [follow_up] = by_kind(interview.application, "follow_up")
    assert follow_up.opens_at == at(2026, 3, 17, 13)  # Tuesday 09:00 EDT


@pytest.mark.parametrize(
    ("zone", "start", "due_utc"),
    [
        # Ends 18:00 EST on Saturday; clocks spring forward overnight: due 19:00 EDT.
        ("America/New_York", (2026, 3, 7, 17, 0), at(2026, 3, 8, 23)),
        # Ends 18:00 CET on Saturday; clocks spring forward overnight: due 19:00 CEST.
        ("Europe/Berlin", (2026, 3, 28, 17, 0), at(2026, 3, 29, 17)),
    ],
)
def test_thank_you_across_a_dst_change_is_24_elapsed_hours(
    user, make_interview, zone, start, due_utc
):
    user.time_zone = zone
    user.save()
    with time_machine.travel(at(2026, 3, 1), tick=False):
        interview = make_interview(start=start)
        services.plan_sync_interview(interview=interview)
    [thank_you] = by_kind(interview.application, "thank_you")
    assert thank_you.due_at == due_utc
    assert thank_you.due_at - interview.ends_at == dt.timedelta(hours=24)


def test_the_weekly_roll_starts_the_new_week_once(user, other_user, make_interview, frozen):
    services.plan_sync_interview(interview=make_interview())
    # Same week, step in place: nothing to do.
    assert services.plan_roll_keep_looking() == 0
    with time_machine.travel(dt.datetime(2026, 3, 17, 8, tzinfo=UTC), tick=False):
        assert services.plan_roll_keep_looking() == 1
        assert services.plan_roll_keep_looking() == 0
    steps = dict(
        FollowUpStep.objects.filter(owner=user, kind="keep_looking").values_list("key", "status")
    )
    assert steps == {"keep_looking:2026-W11": "not_needed", "keep_looking:2026-W12": "pending"}
    # A user with nothing awaiting a decision gets no step.
    assert not FollowUpStep.objects.filter(owner=other_user).exists()


def test_the_weekly_roll_skips_users_without_a_target(user, make_interview, frozen):
    services.plan_sync_interview(interview=make_interview())
    user.weekly_application_target = 0
    user.save()
    with time_machine.travel(dt.datetime(2026, 3, 17, 8, tzinfo=UTC), tick=False):
        assert services.plan_roll_keep_looking() == 0
    assert not FollowUpStep.objects.filter(owner=user, key="keep_looking:2026-W12").exists()
