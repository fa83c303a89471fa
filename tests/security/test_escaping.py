"""User-entered text is escaped on every page and stays data inside every download.

Every text column of the objects behind each URL is overwritten with hostile text. An HTML page
must never send it back raw. A download is not HTML (nosniff and an attachment keep browsers
from reading it as such), so there the text must stay inside its own format: one CSV cell that
no spreadsheet runs as a formula, one JSON string, one iCalendar property value. URLs that do
not show a field pass trivially, which is fine: the check grows with the pages.
"""

import csv
import io
import json
import re

import icalendar
import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from interviews.factories import InterviewerFactory, InterviewFactory
from interviews.models import Interview
from pipeline.models import ImportUpload
from references.factories import ApplicationReferenceFactory

from .object_urls import CASES, OWNER_PAGES
from .pages import DownloadCase, all_downloads, signed_in_page_names

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# For files: a spreadsheet formula, calendar lines to inject, and markup, in one value.
FILE_TEXT = '=HYPERLINK("http://evil.example")\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n' + MARKUP
FORMULA_START = ("=", "+", "-", "@")


def make_hostile(row: models.Model, text: str = MARKUP) -> None:
    """Put `text` into every free-text column of `row` that can hold it."""
    if isinstance(row, ImportUpload):
        # Its text is a CSV file checked on upload: the hostile text goes into a cell.
        quoted = '"' + text.replace('"', '""') + '"'
        # The second row lacks its role: the skipped-rows download has a row to show.
        row.content = (
            f"Company,Role,Applied on\r\n{quoted},{quoted},2026-01-05\r\n{quoted},,2026-01-05\r\n"
        )
        ImportUpload.objects.filter(pk=row.pk).update(content=row.content)
        return
    changed = []
    for field in row._meta.concrete_fields:
        is_text = isinstance(field, models.CharField | models.TextField)
        if not is_text or field.choices or field.unique or field.name == "key":
            continue
        if isinstance(field, models.EmailField | models.URLField):
            continue
        if field.max_length and field.max_length < len(text):
            continue
        setattr(row, field.attname, text)
        changed.append(field.attname)
    if changed:
        type(row)._base_manager.filter(pk=row.pk).update(**dict.fromkeys(changed, text))


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


def hostile_records(user, text: str = MARKUP) -> None:
    """An interview with an interviewer, and a reference given to an application, all of
    whose text is `text`."""
    interviewer = InterviewerFactory(interview__application__owner=user)
    link = ApplicationReferenceFactory(reference__owner=user, application__owner=user)
    for row in [
        interviewer,
        interviewer.interview,
        interviewer.interview.application,
        link.reference,
        link.application,
    ]:
        make_hostile(row, text)


@pytest.mark.parametrize("name", signed_in_page_names())
def test_list_pages_escape_user_text(name):
    user = UserFactory(email="markup@example.com", full_name=MARKUP)
    hostile_records(user)
    assert_escaped(signed_in_client(user).get(reverse(name)))


def assert_csv_keeps_text_in_cells(body: str, expected_rows: int) -> None:
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    header, data = rows[0], rows[1:]
    assert len(data) == expected_rows, "a line break in user text started a new row"
    assert all(len(row) == len(header) for row in data)
    cells = [cell for row in data for cell in row]
    assert any(FILE_TEXT in cell for cell in cells), "the user text never reached the file"
    assert not any(cell.startswith(FORMULA_START) for cell in cells), "a cell runs as a formula"


def assert_json_keeps_text_in_strings(body: str) -> None:
    strings = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            strings.append(value)

    walk(json.loads(body))
    assert FILE_TEXT in strings, "the user text did not come back as one exact JSON string"


def assert_ics_keeps_text_in_properties(body: str, expected_events: int) -> None:
    calendar = icalendar.Calendar.from_ical(body)
    assert len(calendar.walk("VEVENT")) == expected_events, "user text started an event"
    # Unfold (RFC 5545 3.1): every logical line must start with a property name.
    unfolded = re.sub(r"\r\n[ \t]", "", body).split("\r\n")
    assert all(re.match(r"^[A-Z][A-Z0-9-]*[;:]", line) for line in unfolded if line)
    values = [str(value) for event in calendar.walk("VEVENT") for value in event.values()]
    # Calendar text keeps line breaks as plain \n (RFC 5545 TEXT has no \r).
    expected = FILE_TEXT.replace("\r\n", "\n")
    assert any(expected in value for value in values), "the user text never reached the file"


@pytest.mark.parametrize("download", all_downloads(), ids=lambda download: download.id)
def test_downloads_keep_user_text_as_data(download: DownloadCase):
    user = UserFactory(email="file@example.com", full_name=MARKUP)
    if download.audience == "owner":
        case = next(c for c in CASES if c.id == download.id.removeprefix("owner:"))
        target = case.build(user)
        for row in target.watched:
            make_hostile(row, FILE_TEXT)
        url = reverse(case.url_name, kwargs=target.kwargs)
    else:
        hostile_records(user, FILE_TEXT)
        url = download.url_for(user)

    client = Client() if download.audience == "anonymous" else signed_in_client(user)
    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode("utf-8")
    if download.media_type == "text/csv":
        skipped = download.url_name == "pipeline:import_skipped_csv"
        assert_csv_keeps_text_in_cells(body, expected_rows=1 if skipped else 2)
    elif download.media_type == "application/json":
        assert_json_keeps_text_in_strings(body)
    elif download.media_type == "text/calendar":
        # One interview per file; the feed also has one event per open step (none here).
        interviews = Interview.objects.owned_by(user).count() if download.audience != "owner" else 1
        assert_ics_keeps_text_in_properties(body, expected_events=interviews)
    else:
        pytest.fail(f"no format check for {download.media_type}: add one here")


def test_the_calendar_file_keeps_user_text_inside_its_properties():
    user = UserFactory(email="ics@example.com")
    interview = InterviewFactory(
        application__owner=user,
        application__company_name="ACME\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        location="Room 1\r\nATTENDEE:mailto:evil@example.com",
        topics="Line one\nLine two; with, special\\chars",
    )
    InterviewerFactory(interview=interview, name="Ann\r\nORGANIZER:mailto:evil@example.com")
    url = reverse("pipeline:interview_ics", kwargs={"pk": interview.pk})

    response = signed_in_client(user).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    # The company's whole text, line breaks and all, is data inside the one SUMMARY.
    assert str(event["SUMMARY"]).endswith("at ACME\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected")
    assert str(event["LOCATION"]) == "Room 1\nATTENDEE:mailto:evil@example.com"
    raw_lines = response.content.decode().splitlines()
    assert not any(
        line.startswith(("ATTENDEE", "ORGANIZER", "SUMMARY:Injected")) for line in raw_lines
    )
