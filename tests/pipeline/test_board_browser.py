"""The board in a real Chromium: drag and drop, and the keyboard "Move to…" fallback."""

import pytest

from interviews.factories import JobApplicationFactory
from interviews.models import StatusChange
from tests.browser import sign_in_by_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page, live_server, user):
    """The shared browser page (tests/browser.py), signed in as `user`."""
    sign_in_by_cookie(page, user, live_server.url)
    page.base = live_server.url
    return page


def test_drag_a_card_to_another_column(page, user):
    application = JobApplicationFactory(owner=user, status="applied", company_name="Dragco")
    page.goto(f"{page.base}/pipeline/")
    card = page.locator(f"#app-{application.pk}")
    page.evaluate("window.notReloaded = true")
    card.drag_to(page.locator("[data-column=interviewing]"))
    # The two columns are swapped in place: the card shows in its new column, no reload.
    page.locator(f"[data-column=interviewing] #app-{application.pk}").wait_for()
    assert page.locator(f"[data-column=applied] #app-{application.pk}").count() == 0
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("[data-column=interviewing] [data-count]").inner_text() == "1"
    assert page.locator("[data-column=applied] [data-count]").inner_text() == "0"
    assert page.locator("#board-status").inner_text() == "Dragco moved to Interviewing."
    # A second drag works on the swapped-in card; a drag to "Offer" goes on to the
    # application page's deadline field (issue 18.3).
    page.locator(f"#app-{application.pk}").drag_to(page.locator("[data-column=offer]"))
    page.wait_for_url(f"**{application.get_absolute_url()}#offer-deadline")
    assert "When does the offer expire?" in page.locator(".messages").inner_text()
    assert page.locator("#offer-deadline").is_visible()
    application.refresh_from_db()
    assert application.status == "offer"
    assert StatusChange.objects.filter(application=application, to_status="interviewing").exists()


def test_quick_add_puts_a_card_in_the_column_without_a_reload(page, user):
    page.goto(f"{page.base}/pipeline/")
    page.evaluate("window.notReloaded = true")
    column = page.locator("#col-wishlist")
    column.get_by_text("+ Add").click()
    column.get_by_label("Company").fill("Hooli")
    column.get_by_label("Role").fill("Staff engineer")
    column.get_by_label("Job posting link").fill("https://jobs.example.com/hooli")
    column.get_by_role("button", name="Add", exact=True).click()
    page.locator("#col-wishlist article", has_text="Hooli").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#col-wishlist [data-count]").inner_text() == "1"
    card = page.locator("#col-wishlist article", has_text="Hooli")
    assert card.get_by_role("link", name="Job posting").get_attribute("href") == (
        "https://jobs.example.com/hooli"
    )
    # The swapped-in column's form works again (htmx processed the new content).
    column = page.locator("#col-wishlist")
    column.get_by_text("+ Add").click()
    column.get_by_label("Company").fill("Pied Piper")
    column.get_by_label("Role").fill("CTO")
    column.get_by_role("button", name="Add", exact=True).click()
    page.locator("#col-wishlist article", has_text="Pied Piper").wait_for()
    assert user.applications.filter(status="wishlist").count() == 2


def test_move_with_the_keyboard_fallback(page, user):
    application = JobApplicationFactory(owner=user, status="applied", company_name="Keyco")
    page.goto(f"{page.base}/pipeline/")
    card = page.locator(f"#app-{application.pk}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    card.get_by_label("Move Keyco to").select_option("offer")
    card.get_by_role("button", name="Move").press("Enter")
    page.wait_for_load_state()
    assert "Keyco: moved to “Offer”." in page.locator(".messages").inner_text()
    assert page.locator("#offer-deadline").is_visible()
    application.refresh_from_db()
    assert application.status == "offer"
