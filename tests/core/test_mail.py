"""core.mail.Message: the same bytes as Django's own message, under every policy the mail
backends use, with each header class built once."""

import email
import email.policy
import re

import pytest
from django.core.mail import EmailMultiAlternatives

from core.mail import Message, policy_with_header_cache

HEADERS = {
    "Message-ID": "<reminder-1@afterview.example>",
    "Date": "Wed, 02 Dec 2026 19:00:00 +0000",
    "List-Unsubscribe": "<https://afterview.example/r/u/" + "x" * 90 + "/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Auto-Submitted": "auto-generated",
}


def build(kind, *, subject="Send your thank-you note to Priya — due by Thu 14:30"):
    message = kind(
        subject=subject,
        body="Hi Ana,\n\nYour note to Priya is due tomorrow.\n",
        from_email="Afterview <reminders@afterview.example>",
        to=["Ana Müller <ana@exämple.com>"],
        headers=HEADERS,
    )
    message.attach_alternative("<p>Hi Ana,</p><p>Your note to Priya…</p>", "text/html")
    return message


def without_boundaries(raw: bytes) -> bytes:
    """The MIME boundaries are random per message: the same placeholder for both."""
    return re.sub(rb"===============\d+==", b"BOUNDARY", raw)


@pytest.mark.parametrize("policy", [email.policy.SMTP, email.policy.default])
@pytest.mark.parametrize(
    "subject",
    [
        "Send your thank-you note to Priya — due by Thu 14:30",
        "Last call: " + "a very long subject that has to be folded over lines " * 3,
        "Plain ASCII",
    ],
)
def test_the_bytes_are_djangos_own(policy, subject):
    ours = build(Message, subject=subject).message(policy=policy).as_bytes()
    djangos = build(EmailMultiAlternatives, subject=subject).message(policy=policy).as_bytes()
    assert without_boundaries(ours) == without_boundaries(djangos)
    parsed = email.message_from_bytes(ours, policy=email.policy.default)
    assert parsed["Subject"] == subject
    assert parsed["To"].addresses[0].display_name == "Ana Müller"
    assert [part.get_content_type() for part in parsed.walk()][1:] == ["text/plain", "text/html"]


def test_each_header_class_is_built_once_per_policy():
    policy = policy_with_header_cache(email.policy.SMTP)
    assert policy_with_header_cache(email.policy.SMTP) is policy
    assert policy.header_factory["Subject"] is policy.header_factory["subject"]
    # The stdlib's own registry builds a new class each time: what the cache saves.
    assert (
        email.policy.SMTP.header_factory["Subject"]
        is not (email.policy.SMTP.header_factory["Subject"])
    )
    # A message serialised twice comes out the same.
    message = build(Message)
    assert without_boundaries(message.message(policy=email.policy.SMTP).as_bytes()) == (
        without_boundaries(message.message(policy=email.policy.SMTP).as_bytes())
    )


def test_the_compat32_policy_is_left_as_it_is():
    assert policy_with_header_cache(email.policy.compat32) is email.policy.compat32
