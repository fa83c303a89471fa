"""Helpers of the browser journeys: a signed-in page, labelled fields, axe-core scans and a real
SMTP server. The browser and its `page` fixture are the whole suite's (tests/browser.py)."""

import email
import email.policy
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from accounts.factories import UserFactory
from tests.browser import (  # noqa: F401  (for the tests)
    ARTIFACTS,
    SCREENSHOTS_WANTED,
    save_screenshot,
    screenshot,
    sign_in_by_cookie,
)

AXE_SOURCE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# What a failing axe scan reports; minor and moderate findings are left to review by eye.
BLOCKING_IMPACTS = ("serious", "critical")
E2E_PASSWORD = "correct horse battery staple"


@pytest.fixture
def e2e_user(transactional_db):
    return UserFactory(
        email="robin@example.com", full_name="Robin Example", time_zone="Europe/Berlin"
    )


@pytest.fixture
def signed_in_page(page, e2e_user, live_server):
    """`page`, signed in as `e2e_user` with a session cookie, on Today.

    The login form itself is what the account journeys and `log_in` exercise; here it would
    cost a second and three page loads per test.
    """
    sign_in_by_cookie(page, e2e_user, live_server.url)
    page.goto("/today/")
    return page


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
    assert not violations, f"axe-core on {page.url}:\n" + format_violations(violations)


def format_violations(violations: list[dict]) -> str:
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
