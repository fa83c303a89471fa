"""The reference-briefing composer (followups.briefing_views): from the plan's "brief
references" step, or from a reference given to an employer, at its /references/ URLs."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from followups.factories import FollowUpStepFactory
from followups.models import StepKind, StepStatus
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from references.models import Briefing
from tests.html import hrefs, parse

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def briefing_step(user):
    reference = ReferenceFactory(owner=user, name="Dana Whitfield", email="dana@example.com")
    application = JobApplicationFactory(
        owner=user,
        company_name="Acme Robotics",
        role_title="Senior Backend Engineer",
        company_description="Acme builds warehouse robots.",
    )
    given = ApplicationReferenceFactory(reference=reference, application=application)
    interview = InterviewFactory(
        application=application,
        owner=user,
        topics="Fleet scheduling and on-call culture.",
        expected_decision_on=dt.date(2026, 3, 20),
        follow_up_instructions="Email Priya after Friday.",
    )
    InterviewerFactory(interview=interview, name="Priya Raman", title="Head of Platform")
    step = FollowUpStepFactory(
        interview=interview,
        owner=user,
        kind=StepKind.BRIEF_REFERENCES,
        reference=reference,
    )
    return step, given


def test_briefing_composer_drafts_the_message(user_client, briefing_step):
    step, _ = briefing_step
    response = user_client.get(reverse("references:briefing", args=[step.pk]))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.subject == "Heads-up: Acme Robotics may contact you about me"
    assert draft.body.startswith("Hi Dana,")
    for fact in (
        "Acme Robotics for the Senior Backend Engineer role",
        "About Acme Robotics: Acme builds warehouse robots.",
        "What we discussed: Fleet scheduling and on-call culture.",
        "Who I met: Priya Raman (Head of Platform).",
        "they expect to decide by Friday, 20 March 2026",
        "Email Priya after Friday.",
        "Casey Jordan",
    ):
        assert fact in draft.body
    assert "\n\n\n" not in draft.body
    page = parse(response.text)
    copy_targets = {button.get("data-copy-target") for button in page.iter("button")}
    assert "#id_draft" in copy_targets
    mailto = urlsplit(draft.mailto)
    assert mailto.path == "dana@example.com"
    assert parse_qs(mailto.query)["body"] == [draft.body.replace("\n", "\r\n")]
    assert draft.mailto in hrefs(response.text)


def test_briefing_without_timeline_says_so(user_client, briefing_step):
    step, _ = briefing_step
    step.interview.expected_decision_on = None
    step.interview.save()
    response = user_client.get(reverse("references:briefing", args=[step.pk]))
    assert "they have not given me a timeline yet" in response.context["draft"].body


@time_machine.travel(NOW, tick=False)
def test_mark_briefed_records_it_and_completes_the_step(user_client, briefing_step):
    step, given = briefing_step
    response = user_client.post(
        reverse("references:briefing", args=[step.pk]), {"draft": "Hi Dana", "channel": "phone"}
    )
    assert response.status_code == 302
    assert response.url == given.application.get_absolute_url()
    given.refresh_from_db()
    step.refresh_from_db()
    assert given.briefed_at == NOW
    assert Briefing.objects.get().channel == "phone"
    assert (step.status, step.channel) == (StepStatus.DONE, "phone")


def test_mark_briefed_rejects_an_unknown_channel(user_client, briefing_step):
    step, given = briefing_step
    response = user_client.post(
        reverse("references:briefing", args=[step.pk]), {"draft": "Hi Dana", "channel": "pigeon"}
    )
    assert response.status_code == 400
    assert not Briefing.objects.exists()
    given.refresh_from_db()
    assert given.briefed_at is None


def test_briefing_needs_a_brief_references_step(user_client, briefing_step):
    step, _ = briefing_step
    step.kind = StepKind.THANK_YOU
    step.save()
    assert user_client.get(reverse("references:briefing", args=[step.pk])).status_code == 404


def test_brief_given_goes_to_the_plan_step_when_there_is_one(user_client, briefing_step):
    step, given = briefing_step
    response = user_client.get(reverse("references:brief_given", args=[given.pk]))
    assert response.url == reverse("references:briefing", args=[step.pk])


def test_brief_given_goes_to_the_latest_done_step_when_none_is_open(user_client, briefing_step):
    step, given = briefing_step
    step.status = StepStatus.DONE
    step.save()
    response = user_client.get(reverse("references:brief_given", args=[given.pk]))
    assert response.url == reverse("references:briefing", args=[step.pk])


def test_brief_given_works_without_a_plan_step(user_client, user):
    given = ApplicationReferenceFactory(reference__owner=user)
    url = reverse("references:brief_given", args=[given.pk])
    assert user_client.get(url).status_code == 200
    user_client.post(url, {"draft": "Hi", "channel": "email"})
    given.refresh_from_db()
    assert given.briefed_at is not None


def test_the_briefing_has_no_filler_and_says_who_may_call(make_interview, user, frozen):
    from references.drafts import briefing_draft
    from references.factories import ReferenceFactory

    interview = make_interview(interviewers=["Ana Ruiz", "Tom Baker"], follow_up_contact="Sam Lee")
    reference = ReferenceFactory(owner=user, name="Dana Cole", email="dana@example.com")
    draft = briefing_draft(
        reference=reference, application=interview.application, interview=interview, sender=user
    )
    assert "the experience that matches the role" not in draft.body
    assert "Who I met: Ana Ruiz (Staff Engineer) and Tom Baker (Staff Engineer)." in draft.body
    assert "Who may call: most likely Sam Lee." in draft.body
    assert draft.mailto.startswith("mailto:dana@example.com?subject=Heads-up")
