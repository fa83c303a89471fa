"""The browser of the browser tests: Playwright (sync API) driving Debian's Chromium against
Django's live server. A plugin of the whole suite (tests/conftest.py), so the journeys in
tests/e2e/ and the browser tests beside the code they check share one browser per worker.

The tests launch Debian's /usr/bin/chromium (CI installs it in .ci/run), else Playwright's own
browser (`make test` tries `playwright install chromium`, which needs the network), and are
skipped with the reason when neither is there (tests/e2e/browsers.py).

One Chromium per pytest worker, started by the first browser test the worker runs and kept to
the end: starting Playwright and Chromium costs over a second, and was paid by every module
(and by some tests) before. Each test still gets a fresh browser context (cookies, storage).

The live server is pytest-django's `live_server`: it runs in a thread of this process on a free
port, with a transactional test database (SQLite in memory or CI's PostgreSQL), so tests can
create rows with the factories and read them back.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from tests.e2e.browsers import find_chromium

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# Screenshots to look at by eye are taken when asked for (`make screenshots` sets
# E2E_SCREENSHOTS=1): a full-page PNG costs a few hundred ms of the two cores the suite runs
# on. A failing test's page is saved in every run.
SCREENSHOTS_WANTED = os.environ.get("E2E_SCREENSHOTS") == "1"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "allow_console_errors: the test expects errors in the browser console"
    )


def pytest_collection_modifyitems(config, items):
    if not any(item.get_closest_marker("e2e") for item in items):
        return  # no browser test selected: do not look for a browser
    chromium = find_chromium()
    if chromium.available:
        return
    skip = pytest.mark.skip(reason=chromium.why_missing)
    for item in items:
        # The marker, not item.keywords: keywords also hold folder names, and one is "e2e".
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test (`item.rep_call`) for the `page` fixture's teardown.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database is set up, so that it
    stops (closing its connections) before the database is dropped: otherwise PostgreSQL
    refuses the drop ("being accessed by other users") when a test asks for the server first.
    """
    return live_server


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the rest of this worker's session.

    Playwright's sync API keeps an asyncio loop running in this thread from its start, so
    Django's async-safety check would refuse every ORM call a test makes (factories,
    assertions on rows). The check guards against sharing a connection between coroutines;
    here every ORM call still runs synchronously on the test thread, and the app has no
    async code, so the check is switched off from the browser's start to the session's end.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(**find_chromium().launch_options())
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (cookies, storage) per test; a failed test's page is saved as a PNG.

    The context has the live server as base URL, so tests write `page.goto("/today/")`.
    A script error or a CSP refusal fails the test (mark it `allow_console_errors` when the
    test expects one).
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    # A script error or a CSP refusal (an inline script or style without the nonce) shows
    # only in the console: collect them and fail the test on any.
    console_errors: list[str] = []
    browser_page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    browser_page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield browser_page
    # What the page looked like when the test failed (a full-page PNG costs a few hundred ms,
    # too much for every passing test; the tests that are looked at save their own).
    outcome = getattr(request.node, "rep_call", None)
    if outcome is None or outcome.failed:
        save_screenshot(browser_page, request.node.nodeid, failed=True)
    context.close()
    # Connections opened while Playwright's loop runs are of their own (asgiref locals) and
    # would outlive the session's teardown: closed after each test (the next reconnects), or
    # PostgreSQL refuses to drop the test database at the end.
    connections.close_all()
    if console_errors and not request.node.get_closest_marker("allow_console_errors"):
        pytest.fail("browser console errors:\n" + "\n".join(console_errors), pytrace=False)


def sign_in_by_cookie(page, user, site_url: str) -> None:
    """Give the page's browser context a logged-in session for `user` without the login form.

    The login form itself is exercised by the account journeys (tests/e2e/test_account_journey.py,
    tests/e2e/test_journeys.py) and `tests.e2e.conftest.log_in`.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site_url}])


def save_screenshot(page, name: str, *, failed: bool = False) -> Path | None:
    """Save the whole page as test-artifacts/e2e/<name>.png (git-ignored) for a look after a
    run: when screenshots are asked for, or when the test failed (`failed`)."""
    if not (failed or SCREENSHOTS_WANTED):
        return None
    return screenshot(page, name, full_page=True, failed=failed)


def screenshot(target, name: str, *, failed: bool = False, **options) -> Path | None:
    """Save a page or an element (Playwright's `screenshot(**options)`) as
    test-artifacts/e2e/<name>.png, when screenshots are asked for or the test `failed`."""
    if not (failed or SCREENSHOTS_WANTED):
        return None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".png")
    try:
        target.screenshot(path=str(path), **options)
    except Exception:  # a closed or crashed page must not hide the real failure
        return None
    return path
