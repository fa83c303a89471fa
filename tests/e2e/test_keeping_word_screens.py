"""Insights' "keep their word" section in a real browser, at desktop and phone widths."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from interviews import services as interviews
from interviews.factories import InterviewFactory, JobApplicationFactory

from .conftest import axe_check, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _process(user, company, *, days_ago, promised_after, answered_after, status, source):
    application = JobApplicationFactory(
        owner=user, company_name=company, source=source, status="interviewing"
    )
    starts = timezone.now() - dt.timedelta(days=days_ago)
    InterviewFactory(
        owner=user,
        application=application,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        expected_decision_on=(starts + dt.timedelta(days=promised_after)).date()
        if promised_after
        else None,
        next_steps="given" if promised_after else "",
    )
    if answered_after is not None:
        interviews.application_set_status(
            application=application, status=status, at=starts + dt.timedelta(days=answered_after)
        )


def test_insights_keeping_word_section(signed_in_page, e2e_user):
    for company, promised, answered, status, source in [
        ("Initech", 7, 5, "offer", "referral"),
        ("Northwind Traders", 5, 12, "rejected", "job_board"),
        ("Fabrikam", 10, 9, "rejected", "recruiter"),
        ("Globex", 3, None, "", "job_board"),
        ("Hooli", None, 21, "rejected", "company_site"),
    ]:
        _process(
            e2e_user,
            company,
            days_ago=40,
            promised_after=promised,
            answered_after=answered,
            status=status,
            source=source,
        )
    page = signed_in_page
    page.goto(reverse("evaluations:insights"))
    section = page.locator("#keeping-word")
    expect(section).to_contain_text("Which companies keep their word?")
    expect(section).to_contain_text("Promises kept")
    expect(section.locator("svg.word-chart")).to_be_visible()
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        section.scroll_into_view_if_needed()
        screenshot(section, f"insights_word_{width}x{height}")
    axe_check(page)
