"""The catalogue of the site's URLs, for checks that must cover every one (headers, HTML,
accessibility, escaping, methods).

URLs without arguments are found by walking the URL configuration, so a new one is checked the
day it is added; URLs about one object come from object_urls.CASES. Each URL is one of:
- an HTML page (the default): security headers, valid HTML, axe-core, escaped user text;
- a download (DOWNLOADS): file headers, and user text kept as data inside its format;
- a POST-only action (POST_ONLY): a GET is refused with 405 and changes nothing.
A download or action left out of these tables fails the HTML checks with a pointer here.
"""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from followups.factories import FollowUpStepFactory
from reminders.tokens import step_action_token, unsubscribe_token

from .object_urls import CASES, OWNER_DOWNLOADS, OWNER_PAGES, iter_routes

# Public pages a visitor sees before logging in.
ANONYMOUS_PAGES = [
    "landing",
    "login",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
]
# Files a signed-in person downloads, by URL name, with their media type.
DOWNLOADS = {
    "pipeline:export_csv": "text/csv",
    "pipeline:export_json": "application/json",
}
# Actions that only take a POST (a link or a GET must never trigger them).
POST_ONLY = {"logout", "pipeline:calendar_token_regenerate", "pipeline:quick_add"}
# Neither pages nor files of a signed-in person: a health probe (plain text for the load
# balancer) and the DEBUG-only dev mailbox (tests/devmail checks it).
NOT_CHECKED = {"healthz", "devmail:inbox", "devmail:message", "devmail:message_html"}
NOT_SIGNED_IN_PAGES = {*NOT_CHECKED, *DOWNLOADS, *POST_ONLY, *ANONYMOUS_PAGES}


def signed_in_page_names() -> list[str]:
    """Every HTML page without arguments that a signed-in person may open."""
    names = [
        route.name
        for route in iter_routes()
        if not _has_arguments(route.route) and route.name not in NOT_SIGNED_IN_PAGES
    ]
    return sorted(dict.fromkeys(names))


def _has_arguments(route: str) -> bool:
    return "<" in route or "(?P" in route


@dataclass(frozen=True)
class PageCase:
    """One page to open: as a visitor, as a signed-in person, or as the owner of an object."""

    id: str
    url_name: str
    audience: str  # "anonymous" | "signed_in" | "owner"

    def url_for(self, user) -> str:
        """The page's address, building its object for `user` when it is about one."""
        if self.url_name == "password_reset_confirm":
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            return reverse(self.url_name, kwargs={"uidb64": uid, "token": token})
        if self.url_name == "reminders:step_action":
            # The confirmation page a "Mark done" link in a reminder email opens.
            step = FollowUpStepFactory(
                owner=user, interview__owner=user, interview__application__owner=user
            )
            token = step_action_token(user_id=user.pk, step_id=step.pk, action="done")
            return reverse(self.url_name, kwargs={"token": token})
        if self.url_name == "reminders:unsubscribe":
            return reverse(self.url_name, kwargs={"token": unsubscribe_token(user_id=user.pk)})
        if self.url_name == "pipeline:calendar_feed":
            # The private feed: its secret token is the only credential (calendar apps poll it).
            return reverse(self.url_name, kwargs={"token": user.calendar_token})
        if self.audience == "owner":
            case = next(c for c in CASES if c.id == self.id.removeprefix("owner:"))
            return reverse(case.url_name, kwargs=case.build(user).kwargs)
        return reverse(self.url_name)

    def client_for(self, user) -> Client:
        client = Client()
        if self.audience != "anonymous":
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def all_pages() -> list[PageCase]:
    """Every HTML page: public, signed-in, and about one object of its owner."""
    pages = [PageCase(f"anonymous:{name}", name, "anonymous") for name in ANONYMOUS_PAGES]
    pages += [
        PageCase(f"anonymous:{name}", name, "anonymous")
        for name in ("password_reset_confirm", "reminders:step_action", "reminders:unsubscribe")
    ]
    pages += [PageCase(f"signed_in:{name}", name, "signed_in") for name in signed_in_page_names()]
    pages += [PageCase(f"owner:{case.id}", case.url_name, "owner") for case in OWNER_PAGES]
    return pages


@dataclass(frozen=True)
class DownloadCase(PageCase):
    media_type: str = ""
    # "attachment" for files to save; "inline" for the feed calendar apps read in place.
    disposition: str = "attachment"


# Routes whose arguments are not object ids: they carry a secret (a signed token, the feed's
# token) and are covered here rather than by the ownership table.
TOKEN_ROUTES = {
    "password_reset_confirm",
    "pipeline:calendar_feed",
    "reminders:step_action",
    "reminders:unsubscribe",
}


def all_downloads() -> list[DownloadCase]:
    """Every file a signed-in person downloads, with the media type it must have."""
    downloads = [
        DownloadCase(f"signed_in:{name}", name, "signed_in", media_type)
        for name, media_type in sorted(DOWNLOADS.items())
    ]
    downloads += [
        DownloadCase(f"owner:{case.id}", case.url_name, "owner", "text/calendar")
        for case in OWNER_DOWNLOADS
    ]
    downloads.append(
        DownloadCase(
            "anonymous:pipeline:calendar_feed",
            "pipeline:calendar_feed",
            "anonymous",
            "text/calendar",
            disposition="inline",
        )
    )
    return downloads


def post_only_names() -> list[str]:
    return sorted(POST_ONLY)


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def assert_is_html_page(page: PageCase, response) -> None:
    """An HTML check met something else: say where to classify it."""
    assert is_html(response), (
        f"{page.id} answers {response.get('Content-Type')!r}: list it in DOWNLOADS (or, for an "
        "object URL, give its case kind=DOWNLOAD) in tests/security/pages.py / object_urls.py"
    )
