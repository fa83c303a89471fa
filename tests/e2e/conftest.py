"""Browser fixtures: Playwright (sync API) driving Debian's Chromium against Django's live server.

The tests launch Debian's /usr/bin/chromium (CI installs it in .ci/run), else Playwright's own
browser (`make test` tries `playwright install chromium`, which needs the network), and are
skipped with the reason when neither is there (tests/e2e/browsers.py).

The live server is pytest-django's `live_server`: it runs in a thread of this process on a free
port, with a transactional test database (SQLite in memory or CI's PostgreSQL), so tests can
create rows with the factories and read them back.
"""

import email
import email.policy
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from accounts.factories import UserFactory

from .browsers import find_chromium

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE_SOURCE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# What a failing axe scan reports; minor and moderate findings are left to review by eye.
BLOCKING_IMPACTS = ("serious", "critical")
E2E_PASSWORD = "correct horse battery staple"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "allow_console_errors: the test expects errors in the browser console"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test (`item.rep_call`) for the `page` fixture's teardown.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(config, items):
    # This hook sees every item of the session, not only this folder's: filter by the marker.
    if not any(item.get_closest_marker("e2e") for item in items):
        return  # no browser test selected: do not look for a browser
    chromium = find_chromium()
    if chromium.available:
        return
    skip = pytest.mark.skip(reason=chromium.why_missing)
    for item in items:
        # The marker, not item.keywords: keywords also hold folder names, and this one is "e2e".
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    so Django's async-safety check would refuse every ORM call a test makes (factories,
    assertions on rows). The check guards against sharing a connection between coroutines;
    here every ORM call still runs synchronously on the test thread, so it is switched off for
    exactly as long as Playwright runs, and restored afterwards.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
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
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (cookies, storage) per test; a failed test's page is saved as a PNG.

    The context has the live server as base URL, so tests write `page.goto("/today/")`
    or use `goto(page, "today")`.
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
        save_screenshot(browser_page, request.node.nodeid)
    context.close()
    if console_errors and not request.node.get_closest_marker("allow_console_errors"):
        pytest.fail("browser console errors:\n" + "\n".join(console_errors), pytrace=False)


@pytest.fixture
def e2e_user(transactional_db):
    return UserFactory(
        email="robin@example.com", full_name="Robin Example", time_zone="Europe/Berlin"
    )


@pytest.fixture
def signed_in_page(page, e2e_user):
    """`page`, logged in as `e2e_user` through the real login form."""
    log_in(page, e2e_user.email, E2E_PASSWORD)
    return page


def sign_in_by_cookie(page, user, site_url: str) -> None:
    """Give the page's browser context a logged-in session for `user` without the login form.

    For checks of many pages (accessibility scans); the login form itself is exercised by
    `signed_in_page` and the account journey.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site_url}])


def goto(page, url_name: str, *args, **kwargs):
    """Open a page by its URL name and wait until it has loaded."""
    from django.urls import reverse

    response = page.goto(reverse(url_name, args=args, kwargs=kwargs or None))
    return response


def require_feature(*url_names: str) -> None:
    """Fail fast when a journey names a URL that does not exist.

    Journeys once skipped themselves while a section was still a placeholder view; every
    section has landed since, so what is left is the guard against a misspelt or renamed URL.
    """
    from tests.security.object_urls import iter_routes

    names = {route.name for route in iter_routes()}
    unknown = [name for name in url_names if name not in names]
    assert not unknown, f"no URL named {unknown}"


def labelled(scope, label: str):
    """The form field whose label reads `label`, with or without crispy's required asterisk.

    Playwright matches a regular expression against the label's raw text, indentation included.
    """
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def log_in(page, email_address: str, password: str) -> None:
    """Log in the way a person does: the login link, the labelled fields, the button.

    On a login page already (e.g. sent there with ?next=…) it fills that one, keeping `next`.
    """
    from playwright.sync_api import expect

    if "/login/" not in page.url:
        page.goto("/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    labelled(page, "Email address").fill(email_address)
    labelled(page, "Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def save_screenshot(page, name: str) -> Path | None:
    """Save the page as test-artifacts/e2e/<name>.png (git-ignored) for a look after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # a closed or crashed page must not hide the real failure
        return None
    return path


def axe_violations(page, *, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the current page; return the violations of the given impacts.

    The script is evaluated through the DevTools protocol rather than added as a <script>
    tag: the site's CSP (nonces only) rightly refuses a tag without the page's nonce.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in impacts]


def axe_check(page) -> None:
    """Fail with a readable list when axe-core finds serious or critical violations."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + _format_violations(violations)


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['summary']}".replace("\n", " "))
    return "\n".join(lines)


_axe_cache: dict[str, str] = {}


def _axe_source() -> str:
    if "source" not in _axe_cache:
        _axe_cache["source"] = AXE_SOURCE_PATH.read_text(encoding="utf-8")
    return _axe_cache["source"]


# --- A real SMTP server for the reminder journeys ----------------------------------------


@dataclass
class SmtpSink:
    """Messages received by the local SMTP server, parsed as EmailMessage objects."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Block until at least `count` messages arrived (the sender may be another thread)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} message(s) at the SMTP sink, got {len(self.messages)}"
                    )
                self._arrived.wait(remaining)
            return list(self.messages)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink(settings):
    """An aiosmtpd server on 127.0.0.1 and a free port; Django sends its mail there over SMTP."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink(host="127.0.0.1", port=free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield sink
    finally:
        controller.stop()


def free_port() -> int:
    """A port nobody listens on right now (aiosmtpd needs a concrete one to probe its start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
