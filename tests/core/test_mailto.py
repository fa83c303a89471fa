"""core.mailto: the one helper behind every composer's "Open in your mail app"."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from core.mailto import mailto_url, one_line


def test_mailto_round_trips_every_character():
    body = "Line 1 & more?\nLine 2 = 100% ünïcode — #hash"
    url = mailto_url(to="ana@globex.example", subject="Re: a&b=c?", body=body)
    parts = urlsplit(url)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "ana@globex.example")
    query = parse_qs(parts.query)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == ["Re: a&b=c?"]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert "%0D%0A" in url and url.count("?") == 1


@pytest.mark.parametrize(
    "subject",
    [
        "Thanks\r\nBcc: everyone@example.com",
        "Thanks\nBcc: everyone@example.com",
        "Thanks\rBcc: everyone@example.com",
        "Thanks\u2028Bcc: everyone@example.com",
    ],
)
def test_a_subject_cannot_add_a_header(subject):
    url = mailto_url(to="ana@globex.example", subject=subject, body="Hi")
    query = parse_qs(urlsplit(url).query)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == ["Thanks Bcc: everyone@example.com"]
    assert "\r" not in url and "\n" not in url


@pytest.mark.parametrize(
    "to", ["ana@globex.example?bcc=x@evil.example", "not an address", "a@b.c\r\nBcc: x@y.z"]
)
def test_an_address_that_is_not_plain_is_left_out(to):
    url = mailto_url(to=to, subject="Hi", body="Hi")
    assert url.startswith("mailto:?subject=Hi")
    assert set(parse_qs(urlsplit(url).query)) == {"subject", "body"}


@pytest.mark.parametrize(
    ("text", "expected"), [("a\r\nb", "a b"), ("  a \n\n b ", "a b"), ("", ""), ("a\x0bb", "a b")]
)
def test_one_line(text, expected):
    assert one_line(text) == expected
