import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from followups.factories import FollowUpStepFactory
from followups.models import StepKind
from interviews.factories import InterviewFactory, JobApplicationFactory
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from tests.html import form_actions, hrefs, option_labels

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def render_card(application, user):
    request = RequestFactory().get(application.get_absolute_url())
    request.user = user
    template = Template("{% load references_tags %}{% application_references application %}")
    return template.render(Context({"application": application, "request": request}))


def test_card_lists_given_references_with_briefing_status(user):
    application = JobApplicationFactory(owner=user, company_name="Acme")
    briefed = ApplicationReferenceFactory(
        application=application, reference__owner=user, reference__name="Dana", briefed_at=NOW
    )
    pending = ApplicationReferenceFactory(
        application=application, reference__owner=user, reference__name="Sam"
    )
    step = FollowUpStepFactory(
        interview=InterviewFactory(application=application, owner=user),
        owner=user,
        kind=StepKind.BRIEF_REFERENCES,
        reference=pending.reference,
    )
    html = render_card(application, user)
    assert "References given to Acme" in html
    assert "Dana" in html and "Briefed" in html
    assert "Not briefed yet" in html
    links = hrefs(html)
    # Every "Brief" link is the given reference's; that page leads on to the plan's step.
    assert reverse("references:brief_given", args=[pending.pk]) in links
    assert reverse("references:brief_given", args=[briefed.pk]) in links
    assert reverse("references:briefing", args=[step.pk]) not in links
    assert reverse("references:detach", args=[pending.pk]) in form_actions(html)


def test_attach_form_offers_only_my_references_not_yet_given(user, other_user):
    application = JobApplicationFactory(owner=user)
    ApplicationReferenceFactory(
        application=application, reference__owner=user, reference__name="Already Given"
    )
    ReferenceFactory(owner=user, name="Still Free")
    ReferenceFactory(owner=other_user, name="Not Mine")
    html = render_card(application, user)
    options = option_labels(html, select="reference")
    assert "Still Free" in options
    assert "Already Given" not in options
    assert "Not Mine" not in html
    assert reverse("references:attach", args=[application.pk]) in form_actions(html)


@time_machine.travel(NOW, tick=False)
def test_card_warns_before_attaching_an_overused_reference(user):
    busy = ReferenceFactory(owner=user, name="Busy Bee")
    for i in range(3):
        ApplicationReferenceFactory(reference=busy, application__company_name=f"C{i}")
    application = JobApplicationFactory(owner=user, company_name="New Co")
    html = render_card(application, user)
    assert "Go easy on Busy Bee." in html
    assert "Giving them to this employer makes 4 employers in 30 days." in html
