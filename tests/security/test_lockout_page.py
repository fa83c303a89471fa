"""The lockout after too many wrong passwords is a friendly page, not a bare error.

The throttling itself (the Nth wrong password locks out, the right one is refused during the
cool-off, another client is not locked out) is tested in tests/accounts/test_throttling.py.
"""

import html5lib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.conftest import rate_limits  # noqa: F401  (a fixture)

from .test_headers import assert_security_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_out_response(client, user, rate_limits):  # noqa: F811
    response = None
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"login": user.email, "password": "wrong"})
    return response


def test_the_lockout_is_a_429_html_page_in_the_site_layout(locked_out_response):
    assert locked_out_response.status_code == 429
    assert locked_out_response["Content-Type"].startswith("text/html")
    html = locked_out_response.content.decode()
    assert '<nav class="navbar' in html and 'aria-label="Main"' in html
    assert 'href="#main">Skip to content</a>' in html
    assert "<h1" in html and "Too many failed log-ins" in html


def test_the_lockout_page_explains_and_offers_a_password_reset(locked_out_response):
    html = locked_out_response.content.decode()
    assert "Try again later" in html
    assert f'href="{reverse("password_reset")}"' in html
    assert "Traceback" not in html and "allauth" not in html.lower()


def test_the_lockout_page_is_valid_html_with_the_security_headers(locked_out_response):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(locked_out_response.content)
    assert parser.errors == []
    assert_security_headers(locked_out_response)


def test_a_rate_limited_request_is_a_429_page_in_the_site_layout(client, db, rate_limits):  # noqa: F811
    response = None
    for _ in range(30):
        response = client.post(reverse("password_reset"), {"email": "someone@example.com"})
        if response.status_code == 429:
            break
    assert response.status_code == 429
    html = response.content.decode()
    assert '<nav class="navbar' in html and "Too many requests" in html
    assert_security_headers(response)
