"""The navbar highlights the section a page belongs to; the mailbox link is for signed-in users."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from config.navigation import nav_section
from tests.html import hrefs, parse


@pytest.mark.parametrize(
    ("namespace", "url_name", "next_path", "expected"),
    [
        ("", "today", "", "today"),
        ("interviews", "log_interview", "", "log"),
        ("interviews", "application_list", "", "applications"),
        ("interviews", "interview_detail", "", "applications"),
        ("references", "list", "", "references"),
        ("references", "brief_given", "", "references"),
        # A briefing is a plan step: opened from Today (or anywhere without a next) it is Today.
        ("references", "briefing", "", "today"),
        ("references", "briefing", "/today/", "today"),
        ("references", "briefing", "/applications/4/", "applications"),
        ("followups", "thank_you_composer", "", "today"),
        ("followups", "follow_up_composer", "/pipeline/", "pipeline"),
        ("evaluations", "insights", "", "insights"),
        ("evaluations", "form", "", "applications"),
        ("evaluations", "form", "/today/?x=1", "today"),
        ("pipeline", "board", "", "pipeline"),
        ("pipeline", "import_upload", "", ""),
        ("devmail", "inbox", "", "mailbox"),
        ("", "profile", "", ""),
        ("", "landing", "", ""),
        # Only a path on this site counts as where the user came from.
        ("references", "list", "//evil.example/today/", "references"),
        ("references", "list", "https://evil.example/today/", "references"),
    ],
)
def test_nav_section(namespace, url_name, next_path, expected):
    assert nav_section(namespace=namespace, url_name=url_name, next_path=next_path) == expected


def _current(html: str) -> list[str]:
    nav = parse(html).find(".//nav")
    return ["".join(a.itertext()).strip() for a in nav.iter("a") if a.get("aria-current")]


@pytest.mark.django_db
def test_the_log_page_highlights_log_an_interview_not_applications(client):
    client.force_login(UserFactory())
    html = client.get(reverse("interviews:log_interview")).content.decode()
    assert _current(html) == ["+ Log an interview"]


@pytest.mark.django_db
def test_the_applications_list_highlights_applications(client):
    client.force_login(UserFactory())
    html = client.get(reverse("interviews:application_list")).content.decode()
    assert _current(html) == ["Applications"]


@pytest.mark.django_db
def test_the_mailbox_link_is_only_for_signed_in_users_in_development(client, settings):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "devmail.backends.MailboxBackend"
    mailbox = reverse("devmail:inbox")
    assert mailbox not in hrefs(client.get(reverse("landing")).content.decode())
    client.force_login(UserFactory())
    assert mailbox in hrefs(client.get(reverse("today")).content.decode())
    settings.DEBUG = False
    assert mailbox not in hrefs(client.get(reverse("today")).content.decode())
