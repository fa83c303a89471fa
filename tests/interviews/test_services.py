import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from interviews import services
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import ApplicationStatus, Interview, Interviewer, StatusChange
from interviews.services import InterviewerData

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


def _round_times(hours_ago=3):
    starts = timezone.now() - dt.timedelta(hours=hours_ago)
    return {"starts_at": starts, "ends_at": starts + dt.timedelta(hours=1)}


@time_machine.travel(NOW, tick=False)
def test_application_create_records_the_initial_status(user):
    application = services.application_create(
        owner=user, company_name="Acme", role_title="Engineer", location="Berlin"
    )
    assert application.owner == user
    assert application.last_activity_at == NOW
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_at) == ("", "applied", NOW)


def test_application_create_validates_the_model(user):
    with pytest.raises(ValidationError):
        services.application_create(
            owner=user, company_name="Acme", role_title="x", company_website="not a url"
        )


def test_application_update_refuses_status_and_unknown_fields(application):
    with pytest.raises(TypeError):
        services.application_update(application=application, status="offer")
    with pytest.raises(TypeError):
        services.application_update(application=application, owner_id=99)


def test_application_update_changes_fields_and_bumps_activity(application, plan_calls):
    at = timezone.now() + dt.timedelta(minutes=5)
    services.application_update(application=application, company_name="Acme GmbH", at=at)
    application.refresh_from_db()
    assert application.company_name == "Acme GmbH"
    assert application.last_activity_at == at
    assert plan_calls == [("plan_sync_application", {"application": application, "now": at})]


def test_set_status_records_history_and_calls_the_plan(application, plan_calls):
    at = timezone.now()
    services.application_set_status(
        application=application, status="interviewing", note="Recruiter called", at=at
    )
    services.application_set_status(application=application, status="offer", at=at)
    application.refresh_from_db()
    assert application.status == "offer"
    history = list(application.status_changes.values_list("from_status", "to_status", "note"))
    assert history == [
        ("applied", "interviewing", "Recruiter called"),
        ("interviewing", "offer", ""),
    ]
    assert [name for name, _ in plan_calls] == ["plan_on_status_change"] * 2


def test_set_status_to_the_same_status_does_nothing(application, plan_calls):
    services.application_set_status(application=application, status="applied")
    assert not application.status_changes.exists()
    assert plan_calls == []


@pytest.mark.parametrize(("start", "target"), [("applied", "accepted"), ("accepted", "rejected")])
def test_set_status_refuses_a_move_the_rules_forbid(user, start, target, plan_calls):
    application = JobApplicationFactory(owner=user, status=start)
    with pytest.raises(services.InvalidStatusTransition):
        services.application_set_status(application=application, status=target)
    application.refresh_from_db()
    assert application.status == start
    assert not application.status_changes.exists()


def test_reopening_a_closed_application_is_recorded(user):
    application = JobApplicationFactory(owner=user, status="no_response")
    services.application_set_status(application=application, status="interviewing")
    assert application.status_changes.get().from_status == "no_response"


def test_first_round_moves_applied_to_interviewing(application, plan_calls):
    interview = services.interview_create(
        application=application,
        interviewers=[InterviewerData(name="Ada"), InterviewerData(name="Grace", title="CTO")],
        round_label="phone_screen",
        **_round_times(),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWING
    change = application.status_changes.get()
    assert (change.from_status, change.to_status) == ("applied", "interviewing")
    assert list(interview.interviewers.values_list("name", "order")) == [("Ada", 0), ("Grace", 1)]
    assert interview.owner == application.owner
    assert plan_calls[-1] == (
        "plan_sync_interview",
        {"interview": interview, "now": change.changed_at},
    )


def test_second_round_leaves_the_status_alone(application):
    services.interview_create(application=application, **_round_times(48))
    services.interview_create(application=application, **_round_times(3))
    assert application.status_changes.count() == 1
    assert Interview.objects.filter(application=application).count() == 2


def test_round_on_an_offer_keeps_the_offer(user):
    application = JobApplicationFactory(owner=user, status="offer")
    services.interview_create(application=application, **_round_times())
    application.refresh_from_db()
    assert application.status == "offer"
    assert not application.status_changes.exists()


def test_interview_create_bumps_last_activity(application):
    at = timezone.now() + dt.timedelta(hours=1)
    services.interview_create(application=application, at=at, **_round_times())
    application.refresh_from_db()
    assert application.last_activity_at == at


def test_interview_create_refuses_end_before_start_and_saves_nothing(application):
    times = _round_times()
    with pytest.raises(ValidationError):
        services.interview_create(
            application=application, starts_at=times["ends_at"], ends_at=times["starts_at"]
        )
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == "applied"


def test_interview_update_adds_edits_removes_and_reorders_interviewers(interview, plan_calls):
    ada, grace = interview.interviewers.order_by("order")
    services.interview_update(
        interview=interview,
        interviewers=[
            InterviewerData(id=grace.pk, name="Grace Hopper", title="Rear Admiral"),
            InterviewerData(name="Katherine Johnson"),
        ],
        topics="Orbital mechanics",
    )
    rows = list(interview.interviewers.order_by("order").values_list("pk", "name", "title"))
    assert rows[0] == (grace.pk, "Grace Hopper", "Rear Admiral")
    assert rows[1][1] == "Katherine Johnson"
    assert not Interviewer.objects.filter(pk=ada.pk).exists()
    interview.refresh_from_db()
    assert interview.topics == "Orbital mechanics"
    assert plan_calls[-1][0] == "plan_sync_interview"


def test_interview_update_without_interviewers_keeps_them(interview):
    services.interview_update(interview=interview, topics="New")
    assert interview.interviewers.count() == 2


def test_interview_update_refuses_an_interviewer_of_another_round(interview, other_user):
    stranger = InterviewerFactory(interview=InterviewFactory(application__owner=other_user))
    with pytest.raises(ValidationError):
        services.interview_update(
            interview=interview, interviewers=[InterviewerData(id=stranger.pk, name="Taken")]
        )
    stranger.refresh_from_db()
    assert stranger.name != "Taken"
    assert stranger.interview != interview
    assert interview.interviewers.count() == 2


def test_interview_delete_removes_interviewers_and_resyncs_the_application(interview, plan_calls):
    application = interview.application
    services.interview_delete(interview=interview)
    assert not Interview.objects.exists()
    assert not Interviewer.objects.exists()
    assert plan_calls[-1][0] == "plan_sync_application"
    assert plan_calls[-1][1]["application"] == application


def test_application_delete_cascades(interview):
    application = interview.application
    services.application_set_status(application=application, status="interviewing")
    services.application_delete(application=application)
    assert not Interview.objects.exists()
    assert not Interviewer.objects.exists()
    assert not StatusChange.objects.exists()


def test_application_touch(application):
    at = timezone.now() + dt.timedelta(days=1)
    services.application_touch(application=application, at=at)
    application.refresh_from_db()
    assert application.last_activity_at == at


@time_machine.travel(NOW, tick=False)
def test_interview_log_creates_the_application_dated_before_this_week_when_unknown(user):
    starts = NOW - dt.timedelta(days=2)
    interview = services.interview_log(
        owner=user,
        application=None,
        new_application={"company_name": "Hooli", "role_title": "Dev", "company_description": ""},
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    application = interview.application
    assert (application.owner, application.company_name) == (user, "Hooli")
    # Not the round's day (Thursday 12 March): the weekly goal would count it as sent this week.
    assert application.date_applied == dt.date(2026, 3, 8)
    assert list(application.status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "interviewing",
    ]


@time_machine.travel(NOW, tick=False)
def test_interview_log_dates_the_new_application_as_the_user_said(user):
    starts = NOW - dt.timedelta(days=2)
    interview = services.interview_log(
        owner=user,
        application=None,
        new_application={
            "company_name": "Hooli",
            "role_title": "Dev",
            "date_applied": dt.date(2026, 3, 10),
        },
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    assert interview.application.date_applied == dt.date(2026, 3, 10)


def test_interview_log_uses_the_picked_application(application):
    interview = services.interview_log(
        owner=application.owner,
        application=application,
        new_application={"company_name": "ignored", "role_title": "ignored"},
        **_round_times(),
    )
    assert interview.application == application
    assert JobApplicationFactory._meta.model.objects.count() == 1


def test_interview_log_refuses_another_users_application(application, other_user):
    with pytest.raises(PermissionError):
        services.interview_log(
            owner=other_user, application=application, new_application={}, **_round_times()
        )
    assert not Interview.objects.exists()


# --- What was said about next steps (rules.next_steps_answer) -----------------------------


def _next_steps_round(application, **fields):
    starts = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)
    return services.interview_create(
        application=application, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), **fields
    )


def test_a_decision_date_means_they_gave_a_timeline(application, plan_calls):
    interview = _next_steps_round(application, expected_decision_on=dt.date(2026, 3, 20))
    interview.refresh_from_db()
    assert interview.next_steps == "given"


def test_a_round_contradicting_its_next_steps_is_not_saved(application, plan_calls):
    with pytest.raises(ValidationError) as refused:
        _next_steps_round(
            application, next_steps="not_given", expected_decision_on=dt.date(2026, 3, 20)
        )
    assert set(refused.value.error_dict) == {"expected_decision_on"}
    assert not Interview.objects.exists()
    assert plan_calls == []


def test_a_decision_date_before_the_round_is_refused_on_update(interview, plan_calls):
    day_before = (interview.starts_at - dt.timedelta(days=1)).date()
    with pytest.raises(ValidationError) as refused:
        services.interview_update(interview=interview, expected_decision_on=day_before)
    assert refused.value.message_dict == {
        "expected_decision_on": ["The decision date is before the interview."]
    }
    interview.refresh_from_db()
    assert interview.expected_decision_on is None


def test_the_round_day_is_the_rounds_own_zones(application, plan_calls):
    # 23:30 in Los Angeles on 11 March is 12 March in UTC: a decision "on the 11th" holds.
    starts = dt.datetime(2026, 3, 12, 6, 30, tzinfo=dt.UTC)
    interview = services.interview_create(
        application=application,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=20),
        time_zone="America/Los_Angeles",
        expected_decision_on=dt.date(2026, 3, 11),
    )
    assert interview.next_steps == "given"
