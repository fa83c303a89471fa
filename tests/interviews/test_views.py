import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.factories import EvaluationFactory
from evaluations.models import Evaluation
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication, StatusChange

from .helpers import interviewer_rows, round_data

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


# --- Applications list --------------------------------------------------------------------


def test_empty_list_invites_logging_the_first_interview(user_client):
    response = user_client.get(reverse("interviews:application_list"))
    assert response.status_code == 200
    assert b"Log your first interview" in response.content


def test_list_shows_only_the_users_applications(user_client, user, other_user):
    JobApplicationFactory(owner=user, company_name="Mine Inc")
    JobApplicationFactory(owner=other_user, company_name="Theirs Ltd")
    response = user_client.get(reverse("interviews:application_list"))
    assert b"Mine Inc" in response.content
    assert b"Theirs Ltd" not in response.content


def test_list_searches_company_and_role(user_client, user):
    JobApplicationFactory(owner=user, company_name="Acme", role_title="Chemist")
    JobApplicationFactory(owner=user, company_name="Globex", role_title="Data Engineer")
    by_company = user_client.get(reverse("interviews:application_list"), {"q": "acme"})
    assert [a.company_name for a in by_company.context["rows"]] == ["Acme"]
    by_role = user_client.get(reverse("interviews:application_list"), {"q": "engineer"})
    assert [a.company_name for a in by_role.context["rows"]] == ["Globex"]


def test_list_filters_by_status_and_open(user_client, user):
    JobApplicationFactory(owner=user, company_name="A", status="offer")
    JobApplicationFactory(owner=user, company_name="B", status="rejected")
    url = reverse("interviews:application_list")
    assert [a.company_name for a in user_client.get(url, {"status": "offer"}).context["rows"]] == [
        "A"
    ]
    assert [a.company_name for a in user_client.get(url, {"status": "open"}).context["rows"]] == [
        "A"
    ]
    nothing = user_client.get(url, {"status": "withdrawn"})
    assert b"Nothing matches" in nothing.content


def test_list_sorts_by_last_activity_and_ignores_bad_parameters(user_client, user):
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    JobApplicationFactory(owner=user, company_name="Old", last_activity_at=now)
    JobApplicationFactory(owner=user, company_name="New", last_activity_at=now + dt.timedelta(1))
    url = reverse("interviews:application_list")
    rows = user_client.get(url).context["rows"]
    assert [a.company_name for a in rows] == ["New", "Old"]
    rows = user_client.get(url, {"sort": "oldest_activity"}).context["rows"]
    assert [a.company_name for a in rows] == ["Old", "New"]
    response = user_client.get(url, {"sort": "DROP TABLE", "status": "x", "page": "zz"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_list_paginates(user_client, user):
    JobApplicationFactory.create_batch(30, owner=user)
    url = reverse("interviews:application_list")
    assert len(user_client.get(url).context["rows"]) == 25
    assert len(user_client.get(url, {"page": 2}).context["rows"]) == 5


def test_list_shows_the_next_due_step(user_client, user):
    interview = InterviewFactory(application__owner=user)
    FollowUpStepFactory(interview=interview, kind="thank_you")
    response = user_client.get(reverse("interviews:application_list"))
    assert response.context["rows"][0].next_step.label == "Send a thank-you note"
    assert b"Send a thank-you note" in response.content


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_rows(user_client, user):
    url = reverse("interviews:application_list")
    for application in JobApplicationFactory.create_batch(5, owner=user):
        FollowUpStepFactory(interview=InterviewFactory(application=application))
    at_five = _count_queries(user_client, url)
    for application in JobApplicationFactory.create_batch(45, owner=user):
        FollowUpStepFactory(interview=InterviewFactory(application=application))
    assert _count_queries(user_client, url) == at_five


def test_detail_query_count_does_not_grow_with_rounds(user_client, application):
    url = reverse("interviews:application_detail", args=[application.pk])
    for _ in range(5):
        InterviewerFactory(interview=InterviewFactory(application=application))
        StatusChange.objects.create(application=application, to_status="applied")
    at_five = _count_queries(user_client, url)
    for _ in range(45):
        InterviewerFactory(interview=InterviewFactory(application=application))
        StatusChange.objects.create(application=application, to_status="applied")
    assert _count_queries(user_client, url) == at_five


def test_interview_detail_query_count_does_not_grow_with_interviewers(user_client, interview):
    url = reverse("interviews:interview_detail", args=[interview.pk])
    InterviewerFactory.create_batch(3, interview=interview)
    at_five = _count_queries(user_client, url)
    InterviewerFactory.create_batch(45, interview=interview)
    assert _count_queries(user_client, url) == at_five


# --- Application pages -------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_detail_shows_rounds_in_time_order_history_and_actions(user_client, application):
    InterviewFactory(application=application, round_label="final", starts_at=NOW)
    InterviewFactory(
        application=application, round_label="phone_screen", starts_at=NOW - dt.timedelta(7)
    )
    response = user_client.get(reverse("interviews:application_detail", args=[application.pk]))
    assert [r.round_label for r in response.context["rounds"]] == ["phone_screen", "final"]
    html = response.content.decode()
    assert html.index("Phone screen") < html.index("Final")
    assert "Got an offer" in html
    assert "Accepted the offer" not in html  # not before an offer


@time_machine.travel(NOW, tick=False)
def test_create_application(user_client, user):
    response = user_client.post(
        reverse("interviews:application_create"),
        {
            "company_name": "Initech",
            "role_title": "Staff Engineer",
            "company_website": "https://initech.example",
            "date_applied": "2026-03-10",
            "status": "applied",
        },
    )
    application = JobApplication.objects.get()
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert application.owner == user
    assert application.status_changes.get().to_status == "applied"


def test_create_application_shows_errors_next_to_fields(user_client):
    response = user_client.post(
        reverse("interviews:application_create"),
        {"company_name": "", "role_title": "x" * 201, "company_website": "nope", "status": "x"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"company_name", "role_title", "company_website", "status"}
    assert b"invalid-feedback" in response.content
    assert not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_edit_application(user_client, application):
    response = user_client.post(
        reverse("interviews:application_update", args=[application.pk]),
        {"company_name": "Acme 2", "role_title": "Lead", "date_applied": "2026-03-01"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.company_name, application.role_title) == ("Acme 2", "Lead")
    assert application.last_activity_at == NOW


def test_delete_application_confirms_with_counts_then_deletes(user_client, interview):
    application = interview.application
    url = reverse("interviews:application_delete", args=[application.pk])
    FollowUpStepFactory(interview=interview)
    EvaluationFactory(interview=interview)
    page = user_client.get(url).content.decode()
    assert "1 self-evaluation" in page
    assert "1 interview round" in page
    assert "2 interviewers" in page
    assert "1 follow-up plan step" in page
    assert JobApplication.objects.exists()
    response = user_client.post(url)
    assert response.status_code == 302
    assert not JobApplication.objects.exists()
    assert not Interviewer.objects.exists()


def test_status_action_changes_status_and_history(user_client, application):
    url = reverse("interviews:application_status", args=[application.pk])
    user_client.post(url, {"status": "interviewing"})
    response = user_client.post(url, {"status": "offer", "note": "Verbal offer"}, follow=True)
    application.refresh_from_db()
    assert application.status == "offer"
    assert list(application.status_changes.values_list("to_status", "note")) == [
        ("interviewing", ""),
        ("offer", "Verbal offer"),
    ]
    assert "Status is now “Offer”" in response.content.decode()


def test_status_action_refuses_a_forbidden_move(user_client, application):
    url = reverse("interviews:application_status", args=[application.pk])
    response = user_client.post(url, {"status": "accepted"}, follow=True)
    application.refresh_from_db()
    assert application.status == "applied"
    assert not application.status_changes.exists()
    assert "cannot move there" in response.content.decode()


def test_status_action_is_post_only(user_client, application):
    url = reverse("interviews:application_status", args=[application.pk])
    assert user_client.get(url).status_code == 405


# --- Interview pages and the interviewer formset ----------------------------------------


@time_machine.travel(NOW, tick=False)
def test_create_round_with_interviewers(user_client, application):
    data = round_data() | interviewer_rows(
        [
            {"name": "Ada Lovelace", "title": "CTO", "email": "ada@example.com"},
            {"name": "Grace Hopper", "notes": "Compilers"},
            {"name": "", "title": ""},  # the blank extra row is ignored
        ]
    )
    response = user_client.post(reverse("interviews:interview_create", args=[application.pk]), data)
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response.url == interview.get_absolute_url()
    assert list(interview.interviewers.values_list("name", "order")) == [
        ("Ada Lovelace", 0),
        ("Grace Hopper", 1),
    ]
    application.refresh_from_db()
    assert application.status == "interviewing"


@time_machine.travel(NOW, tick=False)
def test_create_round_with_an_invalid_interviewer_row_shows_the_error(user_client, application):
    data = round_data() | interviewer_rows([{"name": "", "email": "not-an-email"}])
    response = user_client.post(reverse("interviews:interview_create", args=[application.pk]), data)
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["email"] == ["Enter a valid email address."]
    assert not Interview.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_edit_round_adds_edits_and_deletes_interviewer_rows(user_client, interview):
    ada, grace = interview.interviewers.order_by("order")
    data = round_data(topics="Edited") | interviewer_rows(
        [
            {"id": ada.pk, "interview": interview.pk, "name": "Ada King", "DELETE": False},
            {"id": grace.pk, "interview": interview.pk, "name": "Grace Hopper", "DELETE": True},
            {"name": "Margaret Hamilton", "title": "Director"},
        ],
        initial=2,
    )
    response = user_client.post(reverse("interviews:interview_update", args=[interview.pk]), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    names = list(interview.interviewers.order_by("order").values_list("name", flat=True))
    assert names == ["Ada King", "Margaret Hamilton"]
    assert not Interviewer.objects.filter(pk=grace.pk).exists()
    interview.refresh_from_db()
    assert interview.topics == "Edited"


@time_machine.travel(NOW, tick=False)
def test_edit_round_cannot_take_over_another_users_interviewer(user_client, interview, other_user):
    stranger = InterviewerFactory(interview=InterviewFactory(application__owner=other_user))
    data = round_data() | interviewer_rows(
        [{"id": stranger.pk, "interview": interview.pk, "name": "Mine now"}], initial=1
    )
    user_client.post(reverse("interviews:interview_update", args=[interview.pk]), data)
    # The formset only knows this round's rows: a foreign id is read as a new row.
    stranger.refresh_from_db()
    assert stranger.name != "Mine now"
    assert stranger.interview.owner == other_user


def test_form_page_has_the_empty_row_template_and_script(user_client, application):
    response = user_client.get(reverse("interviews:interview_create", args=[application.pk]))
    html = response.content.decode()
    assert "<template data-empty-form>" in html
    assert 'name="interviewers-__prefix__-name"' in html
    assert "interviews/interviews.js" in html
    assert "<script>" not in html  # CSP: no inline scripts


def test_delete_round_confirms_with_counts(user_client, interview):
    url = reverse("interviews:interview_delete", args=[interview.pk])
    FollowUpStepFactory.create_batch(2, interview=interview)
    EvaluationFactory(interview=interview)
    page = user_client.get(url).content.decode()
    assert "2 interviewers" in page
    assert "2 follow-up plan steps" in page
    assert "1 self-evaluation" in page
    assert Interview.objects.exists()
    interview_pk = interview.pk
    response = user_client.post(url)
    assert response.url == interview.application.get_absolute_url()
    assert not Interview.objects.exists()
    assert not FollowUpStep.objects.filter(interview_id=interview_pk).exists()
    assert not Evaluation.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_interview_detail_shows_everything_and_the_calendar_link(user_client, interview):
    Interview.objects.filter(pk=interview.pk).update(
        topics="Event sourcing",
        questions_asked="Design a rate limiter",
        materials_requested="Two code samples",
        next_steps="given",
        expected_decision_on=dt.date(2026, 3, 20),
        follow_up_instructions="Email Sam",
        follow_up_contact="Sam Rivera",
    )
    response = user_client.get(reverse("interviews:interview_detail", args=[interview.pk]))
    html = response.content.decode()
    assert "Ada Lovelace" in html and "Grace Hopper" in html
    assert reverse("pipeline:interview_ics", args=[interview.pk]) in html
    for text in [
        "Event sourcing",
        "Design a rate limiter",
        "Two code samples",
        "Friday 20 March 2026",
        "Email Sam",
        "Sam Rivera",
    ]:
        assert text in html


@time_machine.travel(NOW, tick=False)
def test_interview_detail_shows_times_in_the_users_zone(client, user):
    user.time_zone = "Europe/Berlin"
    user.save()
    client.force_login(user)
    interview = InterviewFactory(
        application__owner=user,
        starts_at=dt.datetime(2026, 3, 12, 8, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
    )
    html = client.get(reverse("interviews:interview_detail", args=[interview.pk])).content
    assert b"Thursday 12 March 2026, 09:30" in html


NEXT_STEPS_REFUSALS = [
    (
        {"next_steps": "not_given", "expected_decision_on": "2026-03-20"},
        "expected_decision_on",
        "You said no timeline was given: clear this date, or choose that they gave one.",
    ),
    (
        {"expected_decision_on": "2026-03-01"},
        "expected_decision_on",
        "The decision date is before the interview.",
    ),
    (
        {"do_not_contact_before": "2026-03-01"},
        "do_not_contact_before",
        "This date is before the interview.",
    ),
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("overrides", "field", "message"), NEXT_STEPS_REFUSALS)
def test_contradictory_next_steps_are_shown_on_their_field(
    user_client, application, overrides, field, message
):
    data = round_data(**overrides) | interviewer_rows([])
    response = user_client.post(reverse("interviews:interview_create", args=[application.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not application.interviews.exists()


@time_machine.travel(NOW, tick=False)
def test_contradictory_next_steps_on_a_new_application_save_nothing(user_client):
    data = (
        {"app-application": "", "app-company_name": "Hooli", "app-role_title": "Dev"}
        | round_data(next_steps="not_given")
        | interviewer_rows([])
    )
    response = user_client.post(reverse("interviews:log_interview"), data)
    assert response.status_code == 200
    assert "no timeline was given" in response.context["form"].errors["expected_decision_on"][0]
    assert not JobApplication.objects.exists()


# --- Log an interview ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_log_interview_with_a_new_application(user_client, user):
    data = (
        {
            "app-application": "",
            "app-company_name": "Hooli",
            "app-role_title": "Platform Engineer",
            "app-company_description": "Search and compression.",
        }
        | round_data()
        | interviewer_rows([{"name": "Gavin Belson"}])
    )
    response = user_client.post(reverse("interviews:log_interview"), data)
    interview = Interview.objects.get()
    assert response.url == interview.get_absolute_url()
    application = interview.application
    assert (application.owner, application.company_name) == (user, "Hooli")
    assert application.date_applied == dt.date(2026, 3, 8)  # "before this week", not the round
    assert application.status == "interviewing"
    assert list(application.status_changes.values_list("from_status", "to_status")) == [
        ("", "applied"),
        ("applied", "interviewing"),
    ]
    assert interview.interviewers.get().name == "Gavin Belson"


@time_machine.travel(NOW, tick=False)
def test_log_interview_for_an_existing_application(user_client, application):
    data = (
        {"app-application": str(application.pk), "app-company_name": "ignored"}
        | round_data()
        | interviewer_rows([])
    )
    response = user_client.post(reverse("interviews:log_interview"), data)
    assert response.status_code == 302
    assert Interview.objects.get().application == application
    assert JobApplication.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_log_interview_with_errors_saves_nothing(user_client):
    data = (
        {"app-application": "", "app-company_name": "Hooli", "app-role_title": "Dev"}
        | round_data(ends_at="2026-03-12T08:00")
        | interviewer_rows([])
    )
    response = user_client.post(reverse("interviews:log_interview"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The end is before the start."]
    assert not JobApplication.objects.exists()


def test_log_interview_lists_only_the_users_applications(user_client, user, other_user):
    JobApplicationFactory(owner=user, company_name="Mine Inc")
    JobApplicationFactory(owner=other_user, company_name="Theirs Ltd")
    html = user_client.get(reverse("interviews:log_interview")).content
    assert b"Mine Inc" in html
    assert b"Theirs Ltd" not in html


def test_navbar_links_to_log_an_interview(user_client):
    html = user_client.get(reverse("interviews:application_list")).content.decode()
    assert f'href="{reverse("interviews:log_interview")}"' in html


# --- Oversized input ------------------------------------------------------------------


def test_a_20_mb_post_is_a_friendly_400_and_changes_nothing(user, application):
    # A real browser session: the CSRF check is what reads the oversized body first.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("interviews:application_update", args=[application.pk])
    client.get(url)
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            "company_name": "Changed",
            "role_title": "x",
            "notes": "x" * (20 * 1024 * 1024),
        },
    )
    assert response.status_code == 400
    assert b"could not be read" in response.content
    application.refresh_from_db()
    assert application.company_name == "Acme Robotics"


def test_long_notes_below_the_upload_limit_get_a_field_error(user_client, application):
    response = user_client.post(
        reverse("interviews:application_update", args=[application.pk]),
        {"company_name": "Changed", "role_title": "x", "notes": "x" * 200_000},
    )
    assert response.status_code == 200
    assert "at most 10000 characters" in response.context["form"].errors["notes"][0]
    application.refresh_from_db()
    assert application.company_name == "Acme Robotics"
