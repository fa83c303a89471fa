"""The log form in Chromium: conditional fields, the round's length, the applied date (issue 15)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.factories import JobApplicationFactory
from interviews.models import Interview

from .conftest import SCREENSHOTS_WANTED, labelled, save_screenshot

pytestmark = pytest.mark.e2e


def _open_log_form(page):
    page.goto("/applications/log/")
    expect(page.get_by_role("heading", name="Log an interview")).to_be_visible()


def test_decision_dates_show_only_once_a_timeline_was_given(signed_in_page):
    page = signed_in_page
    _open_log_form(page)
    decision = labelled(page, "Expected decision date")
    expect(decision).to_be_hidden()
    labelled(page, "Next steps").select_option("given")
    expect(decision).to_be_visible()
    labelled(page, "Next steps").select_option("not_given")
    expect(decision).to_be_hidden()
    expect(decision).to_be_disabled()  # what is not shown is not sent


def test_a_length_preset_sets_the_end_and_another_length_asks_for_it(signed_in_page, e2e_user):
    page = signed_in_page
    _open_log_form(page)
    ends = labelled(page, "Ends")
    expect(ends).to_be_hidden()
    labelled(page, "Length").select_option("other")
    expect(ends).to_be_visible()
    labelled(page, "Length").select_option("45")
    expect(ends).to_be_hidden()

    labelled(page, "Company").fill("Globex")
    labelled(page, "Role").fill("Staff Engineer")
    day = timezone.localdate() - dt.timedelta(days=1)
    labelled(page, "Starts").fill(f"{day.isoformat()}T10:00")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff Engineer at Globex")
    interview = Interview.objects.select_related("application").get()
    assert interview.ends_at - interview.starts_at == dt.timedelta(minutes=45)
    # "When did you apply?" was left at "before this week": not counted in this week's goal.
    monday = timezone.localdate(timezone=e2e_user.zone)
    monday -= dt.timedelta(days=monday.weekday())
    assert interview.application.date_applied < monday


def test_the_applied_date_shows_for_on_this_date(signed_in_page):
    page = signed_in_page
    _open_log_form(page)
    applied = labelled(page, "Date applied")
    expect(applied).to_be_hidden()
    page.get_by_label("On this date:").check()
    expect(applied).to_be_visible()
    expect(page.get_by_text("What happened (topics, questions, materials)")).to_be_visible()
    expect(labelled(page, "Topics")).to_be_hidden()  # an optional section, collapsed


def test_the_picker_is_searchable_and_sorted_by_company(signed_in_page, e2e_user):
    for company in ["Zeta", "Initech", "Acme", "Globex", "Hooli", "Umbrella", "Soylent"]:
        JobApplicationFactory(owner=e2e_user, company_name=company, role_title="Engineer")
    page = signed_in_page
    _open_log_form(page)
    picker = labelled(page, "Which application is this round for?")
    labels = picker.locator("option").all_text_contents()
    assert labels[1:] == [
        f"{c} — Engineer"
        for c in sorted(["Zeta", "Initech", "Acme", "Globex", "Hooli", "Umbrella", "Soylent"])
    ]
    labelled(page, "Find one of your applications").fill("hoo")
    expect(picker.locator("option:checked")).to_have_text("Hooli — Engineer")
    expect(page.locator("#new-application-fields")).to_be_hidden()


@pytest.mark.skipif(not SCREENSHOTS_WANTED, reason="a screenshot to look at: make screenshots")
@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_screenshot_of_the_log_form(signed_in_page, size):
    page = signed_in_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _open_log_form(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    save_screenshot(page, f"log-form-{size[0]}")
    print(f"log form at {size[0]}px: {height}px tall")
