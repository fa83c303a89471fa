"""User-entered text is escaped on every page and cannot inject lines into a calendar file.

Every text column of the objects behind each page is overwritten with markup; the page must
never send it back raw. Pages that do not show a field pass trivially, which is fine: the
check grows with the pages.
"""

import icalendar
import pytest
from django.db import models
from django.test import Client
from django.urls import resolve, reverse

from accounts.factories import UserFactory
from interviews.factories import InterviewerFactory, InterviewFactory
from references.factories import ApplicationReferenceFactory

from .object_urls import OWNER_PAGES, is_placeholder
from .pages import signed_in_page_names

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PLACEHOLDER_XFAIL = pytest.mark.xfail(strict=False, reason="placeholder until feature lands")


def make_hostile(row: models.Model) -> None:
    """Put MARKUP into every free-text column of `row` that can hold it."""
    changed = []
    for field in row._meta.concrete_fields:
        is_text = isinstance(field, models.CharField | models.TextField)
        if not is_text or field.choices or field.unique or field.name == "key":
            continue
        if isinstance(field, models.EmailField | models.URLField):
            continue
        if field.max_length and field.max_length < len(MARKUP):
            continue
        setattr(row, field.attname, MARKUP)
        changed.append(field.attname)
    if changed:
        type(row)._base_manager.filter(pk=row.pk).update(**dict.fromkeys(changed, MARKUP))


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def assert_escaped(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    # The user's name (in the account menu) proves user text reached the page, escaped.
    assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize("case", OWNER_PAGES, ids=lambda case: case.id)
def test_object_pages_escape_user_text(case):
    user = UserFactory(email="markup@example.com", full_name=MARKUP)
    target = case.build(user)
    for row in target.watched:
        make_hostile(row)
    response = signed_in_client(user).get(reverse(case.url_name, kwargs=target.kwargs))
    assert_escaped(response)


@pytest.mark.parametrize("name", signed_in_page_names())
def test_list_pages_escape_user_text(name):
    user = UserFactory(email="markup@example.com", full_name=MARKUP)
    interviewer = InterviewerFactory(interview__application__owner=user)
    link = ApplicationReferenceFactory(reference__owner=user, application__owner=user)
    for row in [
        interviewer,
        interviewer.interview,
        interviewer.interview.application,
        link.reference,
        link.application,
    ]:
        make_hostile(row)
    assert_escaped(signed_in_client(user).get(reverse(name)))


def test_the_calendar_file_keeps_user_text_inside_its_properties(request):
    user = UserFactory(email="ics@example.com")
    interview = InterviewFactory(
        application__owner=user,
        application__company_name="ACME\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        location="Room 1\r\nATTENDEE:mailto:evil@example.com",
        topics="Line one\nLine two; with, special\\chars",
    )
    InterviewerFactory(interview=interview, name="Ann\r\nORGANIZER:mailto:evil@example.com")
    url = reverse("pipeline:interview_ics", kwargs={"pk": interview.pk})
    if is_placeholder(resolve(url).func):
        request.applymarker(PLACEHOLDER_XFAIL)

    response = signed_in_client(user).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert "Injected" not in str(event.get("SUMMARY"))
    raw_lines = response.content.decode().splitlines()
    assert not any(
        line.startswith(("ATTENDEE", "ORGANIZER", "SUMMARY:Injected")) for line in raw_lines
    )
