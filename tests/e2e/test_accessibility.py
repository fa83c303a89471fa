"""axe-core finds no serious or critical problem on any page, and the site works by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.security.pages import all_pages

from .conftest import axe_violations, format_violations, labelled, sign_in_by_cookie

pytestmark = pytest.mark.e2e


AUDIENCES = ("anonymous", "signed_in", "owner")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_axe_finds_no_serious_violation(page, audience, e2e_user, live_server):
    """Every page of an audience in one browser tab: axe-core is compiled and warmed up once
    per tab, not once per page (a third of a second a page), and every finding of every page
    is reported together."""
    if audience != "anonymous":
        sign_in_by_cookie(page, e2e_user, live_server.url)
    problems = {}
    for case in [case for case in all_pages() if case.audience == audience]:
        url = case.url_for(e2e_user)
        response = page.goto(url)
        if not response.ok:
            problems[case.id] = f"{url}: {response.status}"
        elif not response.headers.get("content-type", "").startswith("text/html"):
            problems[case.id] = "not an HTML page: classify it in tests/security/pages.py"
        elif audience != "anonymous" and "/login/" in page.url:
            problems[case.id] = f"{url} sent a signed-in person to {page.url}"
        elif violations := axe_violations(page):
            problems[case.id] = f"axe-core on {page.url}:\n" + format_violations(violations)
    assert not problems, "\n".join(f"{case}: {problem}" for case, problem in problems.items())


def test_axe_check_reports_a_field_without_a_label(page, live_server):
    page.goto(live_server.url + "/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')")
    assert [v["id"] for v in axe_violations(page)] == ["label"]


def test_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(signed_in_page):
    page = signed_in_page
    # A page with something to focus inside <main> (the Today placeholder has nothing).
    page.goto("/profile/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    expect(labelled(page, "Your name")).to_be_focused()


def test_the_main_navigation_is_reachable_by_tab(signed_in_page):
    page = signed_in_page
    nav = page.get_by_role("navigation", name="Main")
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "Applications":
            break
    expect(nav.get_by_role("link", name="Applications")).to_be_focused()
    assert reached[:2] == ["Skip to content", "Afterview"], reached

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")


def test_the_account_menu_opens_and_logs_out_by_keyboard(signed_in_page, e2e_user):
    page = signed_in_page
    menu_button = page.get_by_role("navigation", name="Main").get_by_role(
        "button", name=e2e_user.get_short_name()
    )
    menu_button.focus()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    log_out = page.get_by_role("button", name="Log out")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Log out":
            break
    expect(log_out).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
