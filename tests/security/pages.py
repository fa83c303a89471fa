"""The catalogue of the site's pages, for checks that must cover every page (headers, HTML,
accessibility). Pages without arguments are found by walking the URL configuration, so a new
page is checked the day it is added; pages about one object come from object_urls.OWNER_PAGES.
"""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .object_urls import OWNER_PAGES, iter_routes

# Public pages a visitor sees before logging in.
ANONYMOUS_PAGES = [
    "landing",
    "login",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
]
# Routes that are not pages for a signed-in person: a POST-only action, a health probe, the
# DEBUG-only dev mailbox, and the public pages above (they redirect a signed-in user or are
# covered anonymously).
NOT_SIGNED_IN_PAGES = {"logout", "healthz", "devmail:inbox", *ANONYMOUS_PAGES}


def signed_in_page_names() -> list[str]:
    """Every URL name without arguments that a signed-in person may open."""
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
        if self.audience == "owner":
            case = next(c for c in OWNER_PAGES if c.id == self.id.removeprefix("owner:"))
            return reverse(case.url_name, kwargs=case.build(user).kwargs)
        return reverse(self.url_name)

    def client_for(self, user) -> Client:
        client = Client()
        if self.audience != "anonymous":
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def all_pages() -> list[PageCase]:
    pages = [PageCase(f"anonymous:{name}", name, "anonymous") for name in ANONYMOUS_PAGES]
    pages.append(
        PageCase("anonymous:password_reset_confirm", "password_reset_confirm", "anonymous")
    )
    pages += [PageCase(f"signed_in:{name}", name, "signed_in") for name in signed_in_page_names()]
    pages += [PageCase(f"owner:{case.id}", case.url_name, "owner") for case in OWNER_PAGES]
    return pages


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")
