"""The interviewer rows script in a real Chromium: add and remove rows without a reload."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.factories import JobApplicationFactory
from interviews.models import Interview
from tests.browser import sign_in_by_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_and_remove_interviewer_rows_then_save(page, live_server, user):
    application = JobApplicationFactory(owner=user, company_name="Pied Piper")
    sign_in_by_cookie(page, user, live_server.url)
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
