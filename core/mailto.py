"""The one place a draft becomes a `mailto:` link (RFC 6068), for every composer.

A single-line field (address, subject) never carries a line break into the link: a CR or
LF there could start a new header in the mail client. The body keeps its paragraphs.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def one_line(text: str) -> str:
    """A single-line field as it may enter a header: line breaks become spaces, runs squeezed."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())


def plain_address(to: str) -> str:
    """`to` when it is one plain email address, else "" (never trusted into a link)."""
    to = one_line(to)
    try:
        validate_email(to)
    except ValidationError:
        return ""
    return to


def mailto_url(to: str, subject: str, body: str) -> str:
    """A `mailto:` link with every part percent-encoded: the subject on one line, the body's
    line breaks as %0D%0A (so mail clients keep the paragraphs), a doubtful address left out."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(plain_address(to), safe='@')}"
        f"?subject={quote(one_line(subject), safe='')}&body={quote(body, safe='')}"
    )
