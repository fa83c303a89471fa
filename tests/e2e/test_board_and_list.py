"""The board and the applications list in Chromium: the list's filters and sort live in the
URL, phones get no sideways scroll, axe finds nothing serious; screenshots at both widths."""

import datetime as dt

import pytest
from django.utils import timezone

from interviews.factories import InterviewFactory, JobApplicationFactory

from .conftest import axe_check, save_screenshot, sign_in_by_cookie

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture
def search(e2e_user):
    """Twenty-odd applications in every column, as after an import."""
    now = timezone.now()
    companies = [
        ("Acme", "Chemist", "wishlist", "Berlin", "hybrid", "€70-80k"),
        ("Globex", "Data engineer with a rather long title", "applied", "Remote, EU", "remote", ""),
        ("Initech", "Analyst", "applied", "", "", "$90k"),
        ("Hooli", "Staff engineer", "interviewing", "Mountain View", "onsite", "$200k"),
        ("Pied Piper", "CTO", "offer", "Palo Alto", "", ""),
        ("Umbrella", "Researcher", "rejected", "", "", ""),
        ("Stark Industries", "Engineer", "no_response", "", "", ""),
    ]
    made = []
    for n in range(3):
        for company, role, status, location, mode, salary in companies:
            made.append(
                JobApplicationFactory(
                    owner=e2e_user,
                    company_name=f"{company} {n}" if n else company,
                    role_title=role,
                    status=status,
                    location=location,
                    work_mode=mode,
                    salary_range=salary,
                    source="job_board" if n % 2 else "referral",
                    job_posting_url="https://jobs.example.com/1" if status == "wishlist" else "",
                    date_applied=(now - dt.timedelta(days=5 + 9 * n)).date(),
                    last_activity_at=now - dt.timedelta(days=1 + 9 * n),
                )
            )
    for application in made:
        if application.status == "interviewing":
            InterviewFactory(
                application=application,
                starts_at=now - dt.timedelta(days=10, hours=2),
                ends_at=now - dt.timedelta(days=10, hours=1),
            )
    return made


def _no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/pipeline/", "/applications/"])
def test_board_and_list_fit_the_screen_and_pass_axe(
    page, e2e_user, live_server, search, width, path
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_by_cookie(page, e2e_user, live_server.url)
    response = page.goto(path)
    assert response.ok
    _no_sideways_scroll(page)
    axe_check(page)
    save_screenshot(page, f"issue19-{path.strip('/').replace('/', '-')}-{width}")


def test_the_board_columns_grow_with_the_page(page, e2e_user, live_server, search):
    sign_in_by_cookie(page, e2e_user, live_server.url)
    page.goto("/pipeline/")
    clipped = page.evaluate(
        """[...document.querySelectorAll('[data-cards]')]
             .filter((el) => el.scrollHeight > el.clientHeight + 1).length"""
    )
    assert clipped == 0


def test_filters_and_sort_stay_in_the_url(page, e2e_user, live_server, search):
    sign_in_by_cookie(page, e2e_user, live_server.url)
    page.goto("/applications/")
    page.get_by_label("Company, role or notes").fill("engineer")
    page.get_by_label("Source").select_option("referral")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**q=engineer**")
    assert "source=referral" in page.url
    page.get_by_role("link", name="Role and company").click()
    page.wait_for_url("**sort=role**")
    assert "q=engineer" in page.url and "source=referral" in page.url
    roles = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert roles == sorted(roles)
    assert roles and all("engineer" in role.lower() for role in roles)
    # A bookmark of that URL shows the same list.
    page.goto(page.url)
    assert page.locator("tbody tr td:first-child a").all_inner_texts() == roles
    assert page.get_by_label("Company, role or notes").input_value() == "engineer"
    page.get_by_role("link", name="Stale").click()
    page.wait_for_url("**view=stale**")
    assert page.get_by_role("link", name="Stale").get_attribute("aria-current") == "page"


def test_the_inline_status_change_comes_back_to_the_same_list(page, e2e_user, live_server, search):
    sign_in_by_cookie(page, e2e_user, live_server.url)
    page.goto("/applications/?status=offer&sort=company")
    row = page.locator("tbody tr").first
    row.get_by_label("New status for CTO at Pied Piper").select_option("accepted")
    row.get_by_role("button", name="Set status of Pied Piper").click()
    page.wait_for_url("**status=offer&sort=company")
    assert "Pied Piper: moved to “Accepted”." in page.locator(".messages").inner_text()
