"""Journey 1, foundation part: sign up, set a time zone, log out, log in — as a person would.

The rest of journey 1 (log an application and an interview, the Today page's thank-you steps,
the composer) follows once the interviews and follow-up plan pages land.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.conftest import eager_tasks  # noqa: F401  (a fixture)

from .conftest import E2E_PASSWORD, axe_check, labelled, log_in

pytestmark = pytest.mark.e2e

PASSPHRASE = "a sturdy passphrase 42"


def test_sign_up_set_a_time_zone_log_out_and_log_in_again(page):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Start your plan")).click()

    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    labelled(page, "Email address").fill("Sam.Rivera@Example.com")
    labelled(page, "Your name").fill("Sam Rivera")
    labelled(page, "Time zone").select_option("Europe/Berlin")
    labelled(page, "Password").fill(PASSPHRASE)
    labelled(page, "Password confirmation").fill(PASSPHRASE)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("main")).to_contain_text("Welcome to Afterview!")
    page.get_by_role("link", name="Go to Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_role("contentinfo")).to_contain_text("Times shown in Europe/Berlin.")

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("button", name="Sam").click()
    main_nav.get_by_role("link", name="Profile & reminders").click()
    expect(page.get_by_role("heading", name="Profile & reminders")).to_be_visible()
    expect(labelled(page, "Time zone")).to_have_value("Europe/Berlin")
    labelled(page, "Time zone").select_option("America/New_York")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("alert")).to_contain_text("Your profile is saved.")
    expect(page.get_by_role("contentinfo")).to_contain_text("Times shown in America/New_York.")
    user = User.objects.get()
    assert (user.email, user.full_name, user.time_zone) == (
        "sam.rivera@example.com",
        "Sam Rivera",
        "America/New_York",
    )

    main_nav.get_by_role("button", name="Sam").click()
    main_nav.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name=re.compile("The interview is over"))).to_be_visible()
    expect(main_nav.get_by_role("link", name="Log in")).to_be_visible()

    page.goto("/profile/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/profile/$"))

    log_in(page, "sam.rivera@example.com", PASSPHRASE)
    expect(page.get_by_role("heading", name="Profile & reminders")).to_be_visible()
    axe_check(page)


def test_a_wrong_password_shows_an_error_next_to_the_form(page, e2e_user):
    page.goto("/login/")
    labelled(page, "Email address").fill(e2e_user.email)
    labelled(page, "Password").fill("not my password")
    page.get_by_role("main").get_by_role("button", name="Log in").click()

    expect(page.get_by_role("main")).to_contain_text("enter a correct email address and password")
    expect(page).to_have_url(re.compile(r"/login/$"))
    axe_check(page)


def test_signed_in_page_fixture_logs_in_through_the_form(signed_in_page, e2e_user):
    expect(signed_in_page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(signed_in_page.get_by_role("contentinfo")).to_contain_text(e2e_user.time_zone)


def test_password_reset_email_arrives_over_smtp_and_its_link_works(
    page,
    e2e_user,
    smtp_sink,
    eager_tasks,  # noqa: F811
):
    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    labelled(page, "Email").fill(e2e_user.email)
    page.get_by_role("button", name="Send the reset link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    [message] = smtp_sink.wait_for(1)
    assert message["To"] == e2e_user.email
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/password/reset/key/\S+/", body).group(0)

    page.goto(re.sub(r"^https?://[^/]+", "", link))
    new_password = "a brand new passphrase 7"
    labelled(page, "New Password").fill(new_password)
    labelled(page, "New Password (again)").fill(new_password)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("password", re.IGNORECASE))

    log_in(page, e2e_user.email, new_password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    e2e_user.refresh_from_db()
    assert not e2e_user.check_password(E2E_PASSWORD)
