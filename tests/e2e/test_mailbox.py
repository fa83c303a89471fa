"""The local mailbox: a link clicked in an email's HTML view opens in the top window (issue 15)."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import UserFactory

from .conftest import require_feature
from .test_journeys import interview_an_hour_ago, zone_in_working_hours

pytestmark = pytest.mark.e2e


@pytest.fixture
def mailbox(settings, tmp_path, live_server):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "devmail.backends.MailboxBackend"
    settings.MAILBOX_DIR = tmp_path / "mail"
    settings.SITE_URL = live_server.url  # the email's absolute links point at this server
    return settings.MAILBOX_DIR


def test_a_link_in_the_html_view_opens_its_page_in_the_top_window(page, live_server, mailbox):
    require_feature("devmail:inbox", "today")
    user = UserFactory(email="robin@example.com", time_zone=zone_in_working_hours(timezone.now()))
    interview_an_hour_ago(user, company="Soylent", interviewers=("Ana Lee",))
    call_command("send_reminders", stdout=io.StringIO())

    page.goto("/dev/mailbox/")
    page.get_by_role("link", name=re.compile("thank-you note to Ana Lee")).first.click()
    frame = page.frame_locator("iframe[title='HTML version of the email']")
    frame.get_by_role("link", name="Mark done").first.click()

    # The whole window moved to the one-click confirmation; no frame is left behind.
    expect(page.get_by_role("heading", name="Mark this as done?")).to_be_visible()
    assert page.url.startswith(live_server.url + "/")
    assert "/dev/mailbox/" not in page.url
    expect(page.locator("iframe")).to_have_count(0)
