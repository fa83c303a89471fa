"""Every HTML page carries the security headers, and nothing in it needs 'unsafe-inline';
every download says what it is and how to save it; every POST-only action refuses a GET."""

import re

import html5lib
import pytest
from django.urls import reverse

from accounts.factories import UserFactory

from .object_urls import CASES, iter_routes
from .pages import (
    DOWNLOADS,
    NOT_CHECKED,
    POST_ONLY,
    TOKEN_ROUTES,
    TWO_FACTOR_PAGES,
    PageCase,
    all_downloads,
    all_pages,
    assert_is_html_page,
    post_only_names,
)

pytestmark = pytest.mark.django_db

PAGES = all_pages()


@pytest.fixture
def visitor():
    return UserFactory(email="visitor@example.com")


def fetch(page: PageCase, user):
    response = page.client_for(user).get(page.url_for(user), follow=True)
    assert response.status_code == 200, f"{page.id}: {response.status_code}"
    assert_is_html_page(page, response)
    return response


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    csp = csp_directives(response)
    assert csp, "no Content-Security-Policy header"
    script_src = csp.get("script-src", csp.get("default-src"))
    # Scripts come from our own origin or carry the request's nonce; Django writes the nonce
    # into the header only when the page used it, so 'self' alone is the strictest form.
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert all(v == "'self'" or v.startswith("'nonce-") for v in script_src), script_src
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_every_page_sends_the_security_headers(page, visitor):
    assert_security_headers(fetch(page, visitor))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_inline_scripts_and_styles_carry_the_nonce_of_the_header(page, visitor):
    response = fetch(page, visitor)
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    nonce = found.group(1) if found else None
    document = html5lib.parse(response.content, namespaceHTMLElements=False)

    inline = [
        e for e in document.iter() if e.tag == "style" or (e.tag == "script" and not e.get("src"))
    ]
    for element in inline:
        assert nonce, f"{page.id}: inline <{element.tag}> but no nonce in the CSP header"
        assert element.get("nonce") == nonce, f"{page.id}: <{element.tag}> without the nonce"
    for element in document.iter():
        attributes = getattr(element, "attrib", {})
        # The CSP blocks these silently in the browser: the page would look or act broken.
        assert "style" not in attributes, f"{page.id}: style attribute on <{element.tag}>"
        handlers = [name for name in attributes if name.startswith("on")]
        assert not handlers, f"{page.id}: inline event handler {handlers} on <{element.tag}>"


def test_the_not_found_page_sends_the_security_headers(user_client):
    response = user_client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.parametrize("download", all_downloads(), ids=lambda download: download.id)
def test_every_download_says_what_it_is_and_how_to_save_it(download, visitor):
    response = download.client_for(visitor).get(download.url_for(visitor))

    assert response.status_code == 200, f"{download.id}: {response.status_code}"
    assert response["Content-Type"].split(";")[0] == download.media_type
    assert "charset=utf-8" in response["Content-Type"]
    # nosniff: a browser must never run a file of user data as HTML or script.
    assert response["X-Content-Type-Options"] == "nosniff"
    expected = rf'{download.disposition}; filename="[\w.-]+"'
    assert re.fullmatch(expected, response["Content-Disposition"]), response["Content-Disposition"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", post_only_names())
def test_post_only_actions_refuse_a_get_and_change_nothing(name, visitor, client):
    client.force_login(visitor, backend="django.contrib.auth.backends.ModelBackend")
    before = type(visitor)._base_manager.filter(pk=visitor.pk).values().get()

    response = client.get(reverse(name))

    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert type(visitor)._base_manager.filter(pk=visitor.pk).values().get() == before
    assert client.get(reverse("profile")).status_code == 200  # still signed in


def test_every_url_with_arguments_is_in_a_table():
    """Object URLs are in object_urls.CASES; the others carry a token or are the DEBUG-only
    dev mailbox (tests/devmail)."""
    covered = {case.url_name for case in CASES} | TOKEN_ROUTES | NOT_CHECKED
    with_arguments = {route.name for route in iter_routes() if "<" in route.route}
    assert with_arguments - covered == set()


def test_the_url_tables_name_only_urls_that_exist():
    names = {route.name for route in iter_routes()}
    assert set(DOWNLOADS) <= names
    assert names >= POST_ONLY


def test_two_factor_pages_send_the_security_headers(client, visitor, password):
    """The pages of pages.TWO_FACTOR_PAGES, opened along the real enrolment (they need a
    fresh re-authentication, then an active authenticator)."""
    from tests.accounts.test_two_factor import turn_on_totp

    client.post(reverse("login"), {"login": visitor.email, "password": password})
    client.post(reverse("account_reauthenticate"), {"password": password})
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    assert_security_headers(activate)
    client.post(reverse("logout"))

    client.post(reverse("login"), {"login": visitor.email, "password": password})
    turn_on_totp(client, password)
    client.post(reverse("account_reauthenticate"), {"password": password})
    for name in sorted(TWO_FACTOR_PAGES - {"mfa_reauthenticate", "mfa_activate_totp"}):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_security_headers(response)
        assert "<script" not in response.content.decode().split("</main>")[0], name
    reauthenticate = client.get(reverse("mfa_reauthenticate"))
    assert reauthenticate.status_code == 200
    assert_security_headers(reauthenticate)

    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
