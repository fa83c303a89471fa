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

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import reverse

from followups.factories import FollowUpStepFactory
from reminders.models import ReminderDelivery
from reminders.tokens import step_action_token, unsubscribe_token

from .object_urls import CASES, OWNER_DOWNLOADS, OWNER_PAGES, iter_routes

# Public pages a visitor sees before logging in.
ANONYMOUS_PAGES = [
    "landing",
    "login",
    "signup",
    "password_reset",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
]
# allauth's own names for pages listed above under ours (login, signup), and the steps of a
# log-in in progress: for a signed-in person they only redirect.
SIGNED_OUT_ALIASES = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_change_password",
    "account_set_password",
    "account_confirm_login_code",
    "mfa_authenticate",
}
# Two-factor pages that need a fresh re-authentication or an active authenticator:
# test_headers.py opens them along the real enrolment (test_two_factor_pages_…).
TWO_FACTOR_PAGES = {
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
}
# Addresses of the hand-written account views that came before: permanent redirects.
MOVED = {
    "legacy_password_reset_sent",
    "legacy_password_reset_complete",
    "legacy_password_change_done",
    "password_reset_legacy",
}
# Files a signed-in person downloads, by URL name, with their media type.
DOWNLOADS = {
    "pipeline:export_csv": "text/csv",
    "pipeline:export_json": "application/json",
}
# Actions that only take a POST (a link or a GET must never trigger them).
POST_ONLY = {
    "logout",
    "account_logout",
    "pipeline:calendar_token_regenerate",
    "interviews:log_from_invite",
    "pipeline:quick_add",
}
# Neither pages nor files of a signed-in person: a health probe (plain text for the load
# balancer) and the DEBUG-only dev mailbox (tests/devmail checks it).
NOT_CHECKED = {
    "healthz",
    "devmail:inbox",
    "devmail:message",
    "devmail:message_html",
    "mfa_download_recovery_codes",  # with the two-factor pages (test_headers.py)
    *MOVED,
}
NOT_SIGNED_IN_PAGES = {
    *NOT_CHECKED,
    *DOWNLOADS,
    *POST_ONLY,
    *ANONYMOUS_PAGES,
    *SIGNED_OUT_ALIASES,
    *TWO_FACTOR_PAGES,
}


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
        if self.url_name == "account_reset_password_from_key":
            # The reset link's page (it moves the key into the session, then shows the form).
            token = default_token_generator.make_token(user)
            return reverse(self.url_name, kwargs={"uidb36": user_pk_to_url_str(user), "key": token})
        if self.url_name == "account_confirm_email":
            address = EmailAddress.objects.get(user=user, primary=True)
            return reverse(self.url_name, args=[EmailConfirmationHMAC(address).key])
        if self.url_name == "reminders:step_action":
            # The confirmation page a "Mark done" link in a reminder email opens.
            step = FollowUpStepFactory(
                owner=user, interview__owner=user, interview__application__owner=user
            )
            delivery = ReminderDelivery.objects.create(owner=user, step=step, kind=step.kind)
            token = step_action_token(delivery=delivery, action="done")
            return reverse(self.url_name, kwargs={"token": token})
        if self.url_name == "reminders:unsubscribe":
            return reverse(self.url_name, kwargs={"token": unsubscribe_token(user=user)})
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
        for name in (
            "account_reset_password_from_key",
            "account_confirm_email",
            "reminders:step_action",
            "reminders:unsubscribe",
        )
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
    "account_reset_password_from_key",
    "account_confirm_email",
    "password_reset_legacy",
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
        DownloadCase(
            f"owner:{case.id}",
            case.url_name,
            "owner",
            "text/csv" if case.url_name.endswith("_csv") else "text/calendar",
        )
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
