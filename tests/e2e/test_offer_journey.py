"""Journey: record an offer with its deadline; the offer steps and "tell the others" appear."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import FollowUpStep, StepKind
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory

from .conftest import axe_check, require_feature, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _process(user, company, contact):
    application = JobApplicationFactory(
        owner=user, company_name=company, role_title="Data Engineer", status="interviewing"
    )
    starts = timezone.now() - dt.timedelta(days=5)
    interview = InterviewFactory(
        owner=user,
        application=application,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    InterviewerFactory(
        interview=interview,
        name=contact,
        email=f"{contact.split()[0].lower()}@{company.lower()}.example",
    )
    return application


def shots(page, name):
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        save_screenshot(page, f"{name}_{width}x{height}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_offer_with_a_deadline_plans_every_open_process(signed_in_page, e2e_user):
    require_feature("interviews:application_status", "followups:offer_step")
    offer = _process(e2e_user, "Initech", "Peter Gibbons")
    hooli = _process(e2e_user, "Hooli", "Sam Rivera")
    page = signed_in_page
    deadline = (timezone.localdate() + dt.timedelta(days=4)).isoformat() + "T17:00"

    page.goto(reverse("interviews:application_detail", args=[offer.pk]))
    page.get_by_label("Offer deadline, if you got an offer").fill(deadline)
    page.get_by_role("button", name="Got an offer").click()
    expect(page.get_by_text("Respond to the offer before its deadline", exact=True)).to_be_visible()
    expect(page.get_by_text("Decide on the offer", exact=True)).to_be_visible()
    shots(page, "offer_steps_application")
    axe_check(page)

    news = FollowUpStep.objects.get(application=hooli, kind=StepKind.OFFER_NEWS)
    page.goto(reverse("interviews:application_detail", args=[hooli.pk]))
    expect(
        page.get_by_text("Tell Hooli you have an offer with a deadline", exact=True)
    ).to_be_visible()
    page.goto(reverse("followups:offer_step", args=[news.pk]))
    draft = page.locator("#offer-draft")
    expect(draft).to_contain_text("Dear Sam,")
    expect(draft).to_contain_text("Could you share your timeline")
    shots(page, "offer_news_draft")
    axe_check(page)

    decide = FollowUpStep.objects.get(application=offer, kind=StepKind.OFFER_DECIDE)
    page.goto(reverse("followups:offer_step", args=[decide.pk]))
    expect(page.get_by_role("table")).to_contain_text("this offer")
    shots(page, "offer_decide_checklist")
    axe_check(page)
