"""No page scrolls sideways on a phone (issue 15): every main page at 360, 390 and 414 px wide,
with the demo's data (long names, many rows), and the navbar on one line at 1280 px."""

import pytest
from django.urls import reverse

from demo.seeding import seed_demo
from evaluations.models import Evaluation
from interviews.models import Interview, JobApplication
from references.models import Reference

from .conftest import save_screenshot, sign_in_by_cookie

pytestmark = pytest.mark.e2e

WIDTHS = (360, 390, 414)


@pytest.fixture
def demo_user(transactional_db):
    return seed_demo(applications=12).users[0]


def _pages(user) -> list[str]:
    application = JobApplication.objects.filter(owner=user).order_by("pk").first()
    interview = Interview.objects.filter(owner=user).order_by("-starts_at").first()
    reference = Reference.objects.filter(owner=user).order_by("pk").first()
    evaluation = Evaluation.objects.filter(owner=user).first()
    pages = [
        reverse("today"),
        reverse("interviews:application_list"),
        application.get_absolute_url(),
        interview.get_absolute_url(),
        reverse("interviews:log_interview"),
        reverse("pipeline:board"),
        reverse("references:list"),
        reverse("references:detail", args=[reference.pk]),
        reverse("evaluations:insights"),
        reverse("evaluations:form", args=[evaluation.interview_id]),
        reverse("profile"),
        reverse("pipeline:import_upload"),
        reverse("devmail:inbox"),
    ]
    return pages


def _overflow(page) -> dict:
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          const wide = Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .filter((el) => !el.closest("[hidden], details:not([open]) > :not(summary)"))
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + "." + el.className);
          return {scroll: document.documentElement.scrollWidth, inner: width, wide};
        }"""
    )


def _too_wide_at_each_width(page, url) -> dict:
    """Open `url` at the narrowest width, then widen the window step by step (the layout
    follows the viewport as on a phone turned or resized; one page load for all widths)."""
    too_wide = {}
    page.set_viewport_size({"width": WIDTHS[0], "height": 844})
    response = page.goto(url)
    assert response.status == 200, url
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        found = _overflow(page)
        if found["scroll"] > found["inner"]:
            too_wide[f"{url} at {width} px"] = found
            save_screenshot(page, f"too-wide-{width}-{url}")
    return too_wide


def test_no_signed_in_page_scrolls_sideways(page, live_server, demo_user, settings):
    settings.DEBUG = True  # the mailbox page exists only in development
    settings.EMAIL_BACKEND = "devmail.backends.MailboxBackend"
    sign_in_by_cookie(page, demo_user, live_server.url)
    too_wide = {}
    for url in _pages(demo_user):
        too_wide |= _too_wide_at_each_width(page, url)
    assert too_wide == {}


def test_no_public_page_scrolls_sideways(page):
    too_wide = {}
    for url in [reverse("landing"), reverse("login"), reverse("signup")]:
        too_wide |= _too_wide_at_each_width(page, url)
    assert too_wide == {}


def test_the_navbar_fits_on_one_line_at_1280(page, live_server, demo_user):
    sign_in_by_cookie(page, demo_user, live_server.url)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("today"))
    nav = page.get_by_role("navigation", name="Main")
    button = nav.get_by_role("link", name="+ Log an interview")
    box = button.bounding_box()
    line = page.evaluate(
        "(el) => parseFloat(getComputedStyle(el).lineHeight)", button.element_handle()
    )
    assert box["height"] < 2 * line  # one line of text
    assert nav.bounding_box()["height"] < 80
