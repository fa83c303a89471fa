"""Every page is well-formed HTML: an html5lib parse reports no error at all.

This reads the HTML the server sends (Django's test client, no browser): it is what crawlers,
screen readers' parsers and the browser all start from.
"""

import html5lib
import pytest

from accounts.factories import UserFactory
from tests.security.pages import all_pages, assert_is_html_page

pytestmark = pytest.mark.django_db


def html_errors(content: bytes) -> list[str]:
    """Every parse error html5lib reports, with its line and column."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(content)
    return [
        f"line {line}, col {col}: {code} {data or ''}" for (line, col), code, data in parser.errors
    ]


@pytest.mark.parametrize("page", all_pages(), ids=lambda page: page.id)
def test_the_page_parses_without_errors(page):
    user = UserFactory(email="reader@example.com")
    response = page.client_for(user).get(page.url_for(user), follow=True)
    assert response.status_code == 200
    assert_is_html_page(page, response)
    assert html_errors(response.content) == []


def test_the_check_reports_broken_html():
    broken = b"<!doctype html><html lang=en><head><title>x</title></head><body><p><div></p></b>"
    assert html_errors(broken)
    assert html_errors(b"<p>no doctype</p>")
