"""Thank-you and follow-up composers: the drafts, editing, mailto links, marking sent."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluations.factories import EvaluationFactory
from followups import services
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepStatus
from interviews.factories import JobApplicationFactory
from interviews.services import interview_delete

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(make_interview, frozen):
    interview = make_interview(
        interviewers=["Ana Ruiz"],
        materials_requested="my portfolio\nthe design doc for the billing service",
        article_url="https://example.org/on-call?ref=a&b=c",
        expected_decision_on=dt.date(2026, 3, 20),
        follow_up_instructions="Email Sam if you haven't heard by then.",
    )
    services.plan_sync_interview(interview=interview)
    return interview


@pytest.fixture
def thank_you(interview):
    return FollowUpStep.objects.get(interview=interview, kind="thank_you")


@pytest.fixture
def follow_up(interview):
    return FollowUpStep.objects.get(interview=interview, kind="follow_up")


def composer(step):
    return reverse(f"followups:{step.kind}_composer", args=[step.pk])


def test_thank_you_draft_is_built_from_what_was_written_for_them(user_client, interview, thank_you):
    EvaluationFactory(interview=interview, wish_said="I should have told the STAR story.")
    interview.interviewers.update(
        mention="I enjoyed hearing how your team runs on-call with error budgets.",
        notes="He asked how I run accessibility audits",
    )
    response = user_client.get(composer(thank_you))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.to == "ana@globex.example"
    assert draft.subject == "Thank you — Platform Engineer interview at Globex"
    body = draft.body
    assert body.startswith("Dear Ana,\n\nThank you for taking the time to speak with me today")
    assert "the Platform Engineer role at Globex" in body
    assert "I enjoyed hearing how your team runs on-call with error budgets." in body
    assert "my portfolio and the design doc for the billing service" in body
    assert "https://example.org/on-call?ref=a&b=c" in body  # autoescape off: no &amp;
    assert "accessibility audits" not in body  # notes stay notes
    assert "STAR" not in body  # the self-evaluation stays private
    assert "Kafka" not in body  # the round's raw topics are notes too
    assert body.rstrip().endswith("Best regards,\nCasey Jordan")
    assert "\n\n\n" not in body


def test_thank_you_draft_leaves_out_what_is_missing(user_client, make_interview, frozen):
    bare = make_interview(topics="")
    services.plan_sync_interview(interview=bare)
    step = FollowUpStep.objects.get(interview=bare, kind="thank_you")
    body = user_client.get(composer(step)).context["draft"].body
    assert body.startswith("Dear hiring team,")
    assert "As you asked" not in body
    assert "article" not in body
    assert "add to one of my answers" not in body
    assert "\n\n\n" not in body


def test_the_composer_page_has_copy_and_an_encoded_mailto(user_client, thank_you):
    html = user_client.get(composer(thank_you)).content.decode()
    assert 'data-copy-target="#id_draft"' in html
    assert 'href="mailto:ana@globex.example?subject=Thank%20you%20%E2%80%94%20Platform' in html
    assert "%0D%0A%0D%0A" in html  # paragraphs as CRLF pairs
    assert "Sent as a handwritten card" in html


def test_saving_an_edited_draft_keeps_it(user_client, thank_you):
    response = user_client.post(composer(thank_you), {"draft": "Dear Ana,\nThanks & see you!"})
    assert response.status_code == 302
    thank_you.refresh_from_db()
    assert thank_you.draft == "Dear Ana,\nThanks & see you!"
    assert thank_you.status == StepStatus.PENDING
    page = user_client.get(composer(thank_you))
    assert page.context["draft"].body == "Dear Ana,\nThanks & see you!"
    assert "body=Dear%20Ana%2C%0D%0AThanks%20%26%20see%20you%21" in page.content.decode()


def test_resetting_goes_back_to_the_suggested_draft(user_client, thank_you):
    services.step_save_draft(step=thank_you, draft="Mine")
    user_client.post(composer(thank_you), {"intent": "reset"})
    thank_you.refresh_from_db()
    assert thank_you.draft == ""


def test_an_empty_draft_is_an_error_next_to_the_field(user_client, thank_you):
    response = user_client.post(composer(thank_you), {"draft": "   "})
    assert response.status_code == 400
    assert "The note is empty" in response.content.decode()


def test_a_too_long_draft_is_refused(user_client, thank_you):
    response = user_client.post(composer(thank_you), {"draft": "x" * 20_001})
    assert response.status_code == 400
    thank_you.refresh_from_db()
    assert thank_you.draft == ""


@pytest.mark.parametrize("channel", ["email", "handwritten", "linkedin"])
def test_marking_sent_completes_and_starts_the_follow_up_clock(
    user_client, thank_you, follow_up, channel
):
    response = user_client.post(composer(thank_you), {"draft": "Dear Ana", "channel": channel})
    assert response.status_code == 302
    thank_you.refresh_from_db()
    assert (thank_you.status, thank_you.channel, thank_you.done_at) == ("done", channel, NOW)
    assert thank_you.draft == "Dear Ana"
    # A decision date was given, so the follow-up stays on the day after it.
    follow_up.refresh_from_db()
    assert follow_up.opens_at == dt.datetime(2026, 3, 23, 9, tzinfo=dt.UTC)


def test_a_channel_that_does_not_fit_is_refused(user_client, thank_you):
    response = user_client.post(composer(thank_you), {"draft": "Hi", "channel": "phone"})
    assert response.status_code == 400
    thank_you.refresh_from_db()
    assert thank_you.status == StepStatus.PENDING


def test_the_thank_you_composer_is_only_for_thank_you_steps(user_client, follow_up):
    url = reverse("followups:thank_you_composer", args=[follow_up.pk])
    assert user_client.get(url).status_code == 404


def test_follow_up_draft_recalls_the_interview_and_their_timing(user_client, follow_up):
    response = user_client.get(composer(follow_up))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.subject == "Following up: Platform Engineer interview"
    assert "my interview for the Platform Engineer role at Globex on Tuesday, 10 March" in (
        draft.body
    )
    assert "hoped to reach a decision around Friday, 20 March" in draft.body
    assert len(draft.body) < 900  # short


def test_follow_up_draft_without_a_date_does_not_quote_their_instructions_back(
    user_client, make_interview, frozen
):
    interview = make_interview(follow_up_instructions="Ping Sam in two weeks.")
    services.plan_sync_interview(interview=interview)
    step = FollowUpStep.objects.get(interview=interview, kind="follow_up")
    response = user_client.get(composer(step))
    assert "Ping Sam" not in response.context["draft"].body
    assert ("What they said about following up", "Ping Sam in two weeks.") in (
        response.context["draft"].ingredients
    )


def test_a_follow_up_without_its_round_drafts_from_the_latest_round(
    user_client, interview, follow_up, make_interview
):
    # A row whose round was unlinked (older data, an admin edit): the composer must not 500.
    later = make_interview(application=interview.application, start=(2026, 3, 10, 15, 0))
    make_interview(application=interview.application, start=(2026, 4, 1, 9, 0))  # not yet held
    FollowUpStep.objects.filter(pk=follow_up.pk).update(interview=None)

    response = user_client.get(composer(follow_up))

    assert response.status_code == 200
    assert response.context["interview"] == later
    assert "at Globex on Tuesday, 10 March." in response.context["draft"].body


def test_a_follow_up_of_an_application_without_rounds_gets_a_generic_draft(
    user_client, user, frozen
):
    application = JobApplicationFactory(
        owner=user, company_name="Initech", role_title="Analyst", status="interviewing"
    )
    step = FollowUpStepFactory(
        owner=user,
        application=application,
        interview=None,
        kind="follow_up",
        opens_at=NOW,
    )

    response = user_client.get(composer(step))

    assert response.status_code == 200
    body = response.context["draft"].body
    assert body.startswith("Dear hiring team,")
    assert "my interview for the Analyst role at Initech." in body
    assert "any update on the next steps" in body


def test_deleting_the_round_of_a_follow_up_leaves_a_usable_one(
    user_client, interview, follow_up, make_interview
):
    second = make_interview(
        application=interview.application,
        start=(2026, 3, 9, 10, 0),
        expected_decision_on=dt.date(2026, 3, 25),
    )
    services.plan_sync_interview(interview=second)
    interview_delete(interview=interview)

    step = FollowUpStep.objects.get(
        application=second.application, kind="follow_up", status="pending"
    )
    response = user_client.get(composer(step))

    assert step.interview == second
    assert response.status_code == 200
    assert "around Wednesday, 25 March" in response.context["draft"].body


def test_marking_a_follow_up_sent_schedules_the_next(user_client, follow_up):
    user_client.post(composer(follow_up), {"draft": "Hello", "channel": "phone"})
    follow_up.refresh_from_db()
    assert follow_up.status == StepStatus.DONE
    second = FollowUpStep.objects.get(
        application=follow_up.application, kind="follow_up", sequence=2
    )
    assert second.status == StepStatus.PENDING
    body = user_client.get(composer(second)).context["draft"].body
    assert "follow up once more" in body
