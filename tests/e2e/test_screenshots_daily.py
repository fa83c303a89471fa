"""Screenshots of the pages issue 15/19 changed, at desktop and phone sizes (for a look by eye).

Each also checks the page does not scroll sideways and has no serious axe finding.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from demo.seeding import seed_demo

from .conftest import axe_check, save_screenshot, screenshot, sign_in_by_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SIZES = [(1440, 900), (390, 844)]


@pytest.fixture
def demo_user(transactional_db, settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "devmail.backends.MailboxBackend"
    settings.MAILBOX_DIR = tmp_path / "mail"
    user = seed_demo(applications=12).users[0]
    call_command("send_reminders", stdout=io.StringIO())
    return user


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}")
def test_changed_pages(page, live_server, demo_user, size):
    sign_in_by_cookie(page, demo_user, live_server.url)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for name, url in [
        ("insights", reverse("evaluations:insights")),
        ("log-form", reverse("interviews:log_interview")),
        ("mailbox", reverse("devmail:inbox")),
    ]:
        page.goto(url)
        save_screenshot(page, f"daily-{name}-{size[0]}")
        for section in page.locator("main section[aria-labelledby]").all():
            heading = section.get_attribute("aria-labelledby")
            screenshot(section, f"daily-{name}-{heading}-{size[0]}")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
        axe_check(page)
    # The pass above mails the demo user unless its local time is within quiet hours.
    links = page.locator("main a[href^='/dev/mailbox/']")
    if links.count():
        links.first.click()
        # The message's HTML version is a frame of its own: it must have loaded before the
        # test ends, as the mailbox folder (a setting of this test) goes with the test.
        expect(page.frame_locator("iframe.mail-frame").locator("body")).not_to_be_empty()
        save_screenshot(page, f"daily-mail-message-{size[0]}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}")
def test_landing(page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(reverse("landing"))
    save_screenshot(page, f"daily-landing-{size[0]}")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    axe_check(page)
