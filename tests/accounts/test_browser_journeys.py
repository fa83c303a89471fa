"""In Chromium: sign up, the confirmation email arrives at a real SMTP server (aiosmtpd), its
link confirms the address; and the account pages at desktop and phone sizes (screenshots in
test-artifacts/e2e/, looked at by eye)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import (  # noqa: F401  (fixtures)
    E2E_PASSWORD,
    axe_check,
    e2e_user,
    labelled,
    log_in,
    save_screenshot,
    smtp_sink,
)

pytestmark = pytest.mark.e2e

PASSPHRASE = "a sturdy passphrase 42"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def test_sign_up_confirm_by_the_emailed_link_and_reminders_can_start(
    page,
    smtp_sink,  # noqa: F811
    live_server,
    settings,
    eager_tasks,
):
    settings.SITE_URL = live_server.url
    page.goto("/signup/")
    labelled(page, "Email address").fill("sam.rivera@example.com")
    labelled(page, "Your name").fill("Sam Rivera")
    labelled(page, "Time zone").select_option("Europe/Berlin")
    labelled(page, "Password").fill(PASSPHRASE)
    labelled(page, "Password confirmation").fill(PASSPHRASE)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.get_by_role("link", name="Go to Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_role("status")).to_contain_text("Confirm your address to get reminders")
    user = User.objects.get()
    assert not user.has_verified_email

    [message] = smtp_sink.wait_for(1)
    assert message["To"] == "sam.rivera@example.com"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/confirm-email/\S+/", body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_role("alert").first).to_contain_text("confirmed")
    assert user.has_verified_email
    page.goto("/today/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_text("Confirm your address to get reminders")).to_have_count(0)
    axe_check(page)


@pytest.mark.parametrize("size", SIZES)
def test_account_pages_at_desktop_and_phone_sizes(page, e2e_user, size):  # noqa: F811
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    for path, heading in [("/login/", "Log in"), ("/signup/", "Create your account")]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)
        save_screenshot(page, f"accounts-{path.strip('/')}-{size}")
    page.goto("/login/")  # on a phone the navbar's link is folded away
    log_in(page, e2e_user.email, E2E_PASSWORD)
    for path, name in [("/profile/", "profile"), ("/2fa/", "two-factor"), ("/email/", "email")]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        save_screenshot(page, f"accounts-{name}-{size}")
