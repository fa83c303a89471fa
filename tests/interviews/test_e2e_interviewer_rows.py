"""The interviewer rows script in a real Chromium: add and remove rows without a reload."""

import datetime as dt

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from interviews.factories import JobApplicationFactory
from interviews.models import Interview
from tests.e2e.browsers import find_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # body are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(**find_chromium().launch_options())
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
        # Inside Playwright's loop the ORM got connections of its own (asgiref locals);
        # close them here, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()
        assert errors == []


def test_add_and_remove_interviewer_rows_then_save(page, live_server, user, password):
    application = JobApplicationFactory(owner=user, company_name="Pied Piper")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.goto(live_server.url + reverse("interviews:interview_create", args=[application.pk]))

    page.click("[data-add-row]")
    page.click("[data-add-row]")
    assert page.locator("[data-interviewer-row]:visible").count() == 3
    page.fill("#id_interviewers-0-name", "Richard Hendricks")
    page.fill("#id_interviewers-1-name", "Removed Before Saving")
    page.fill("#id_interviewers-2-name", "Monica Hall")
    page.locator("[data-interviewer-row]").nth(1).locator("[data-remove-row]").click()
    assert page.locator("[data-interviewer-row]:visible").count() == 2
    assert page.locator("[data-interviewer-row]:visible [data-row-number]").all_text_contents() == [
        "1",
        "2",
    ]
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page.fill("#id_starts_at", f"{day}T10:00")
    page.select_option("#id_duration", "60")
    page.click("button[type=submit]:has-text('Save round')")
    page.wait_for_url("**/applications/interviews/*/")

    interview = Interview.objects.get()
    assert list(interview.interviewers.values_list("name", flat=True)) == [
        "Richard Hendricks",
        "Monica Hall",
    ]
