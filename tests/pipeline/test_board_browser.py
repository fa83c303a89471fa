"""The board in a real Chromium: drag and drop, and the keyboard "Move to…" fallback."""

import shutil

import pytest
from django.db import connections

from interviews.factories import JobApplicationFactory
from interviews.models import StatusChange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def page(live_server, user, password, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # in between are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/today/")
        page.base = live_server.url
        yield page
        browser.close()
        # Inside Playwright's event loop Django keeps separate (per-context) database
        # connections; close them here or the test database cannot be dropped at the end.
        connections.close_all()


def test_drag_a_card_to_another_column(page, user):
    application = JobApplicationFactory(owner=user, status="applied", company_name="Dragco")
    page.goto(f"{page.base}/pipeline/")
    card = page.locator(f"#app-{application.pk}")
    with page.expect_navigation():
        card.drag_to(page.locator("[data-column=interviewing]"))
    assert "Dragco" in page.locator("[data-column=interviewing]").inner_text()
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert StatusChange.objects.filter(application=application, to_status="interviewing").exists()


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
    application.refresh_from_db()
    assert application.status == "offer"
