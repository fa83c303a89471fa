"""Journey: log an interview from its calendar invite — upload, review, save, see the plan."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Interview
from tests.interviews import invite_corpus as corpus

from .conftest import axe_check, labelled, require_feature, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def google_invite_for(email: str, day: dt.date) -> bytes:
    """The Google Calendar corpus invite sent to `email`, moved to `day` (the form refuses
    far-off dates)."""
    return corpus.GOOGLE.replace(b"20261214T", day.strftime("%Y%m%dT").encode()).replace(
        b"casey@example.com", email.encode()
    )


def test_log_an_interview_from_its_invite(signed_in_page, e2e_user, tmp_path):
    require_feature("interviews:log_interview", "interviews:log_from_invite")
    page = signed_in_page
    day = timezone.localdate() + dt.timedelta(days=3)
    invite_file = tmp_path / "invite.ics"
    invite_file.write_bytes(google_invite_for(e2e_user.email, day))

    page.goto("/applications/log/")
    page.get_by_label("Invite file (.ics or .eml)").set_input_files(str(invite_file))
    page.get_by_role("button", name="Read invite").click()

    review = page.locator("#invite-review")
    expect(review).to_contain_text("Technical Interview")
    expect(review).to_contain_text("America/New_York")
    expect(review).to_contain_text("a new one is proposed")
    expect(labelled(page, "Starts")).to_have_value(f"{day.isoformat()}T14:00")
    expect(labelled(page, "Ends")).to_have_value(f"{day.isoformat()}T15:00")
    expect(page.locator("#id_interviewers-0-name")).to_have_value("Priya Natarajan")
    expect(page.locator("#id_interviewers-1-email")).to_have_value("tom.berg@northwind-traders.com")
    expect(page.locator("#id_app-company_name")).to_have_value("Northwind Traders")
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        save_screenshot(page, f"invite_log_page_{width}x{height}")
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)

    # The only thing the invite could not know: the role.
    page.locator("#id_app-role_title").fill("Platform Engineer")
    page.get_by_role("button", name="Save interview").click()
    page.wait_for_url("**/applications/interviews/*/")

    interview = Interview.objects.get()
    assert interview.invite_uid == "4k2j9d8s7f6g5h4j3k2l1@google.com"
    assert interview.time_zone == "America/New_York"
    local_start = interview.starts_at.astimezone(interview.zone)
    assert (local_start.date(), local_start.time()) == (day, dt.time(14, 0))
    assert interview.application.company_name == "Northwind Traders"
    assert list(interview.interviewers.values_list("name", flat=True)) == [
        "Priya Natarajan",
        "Tom Berg",
    ]
    # The plan: a thank-you note to each interviewer from the invite.
    expect(page.get_by_text("Send a thank-you note to Priya Natarajan", exact=True)).to_be_visible()
    expect(page.get_by_text("Send a thank-you note to Tom Berg", exact=True)).to_be_visible()
