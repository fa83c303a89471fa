import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from followups.factories import FollowUpStepFactory
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview


def feed_url(user, **query):
    url = reverse("pipeline:calendar_feed", args=[user.calendar_token])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def components(cal):
    return [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]


@pytest.fixture
def interview(user):
    application = JobApplicationFactory(owner=user, company_name="Initech", role_title="Analyst")
    interview = InterviewFactory(
        application=application,
        starts_at=dt.datetime(2025, 7, 3, 14, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 7, 3, 15, 0, tzinfo=dt.UTC),
    )
    FollowUpStepFactory(interview=interview, kind="thank_you")
    return interview


def test_feed_lists_interviews_and_steps_with_required_properties(client, user, interview):
    cal = parse(client.get(feed_url(user)))
    items = components(cal)
    assert {c.name for c in items} == {"VEVENT"}
    assert len(items) == 2
    for item in items:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert prop in item, f"{item.name} lacks {prop}"
        alarms = [a for a in item.walk() if a.name == "VALARM"]
        assert alarms and alarms[0]["ACTION"] == "DISPLAY"
    event = next(c for c in items if str(c["UID"]) == f"interview-{interview.pk}@afterview")
    assert event.decoded("DTSTART") == dt.datetime(2025, 7, 3, 14, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2025, 7, 3, 15, 0, tzinfo=dt.UTC)
    assert "Initech" in str(event["SUMMARY"])
    assert cal["VERSION"] == "2.0" and "PRODID" in cal


def test_feed_can_carry_steps_as_todos_with_due(client, user, interview):
    cal = parse(client.get(feed_url(user, todos=1)))
    todo = next(c for c in components(cal) if c.name == "VTODO")
    step = interview.steps.get()
    assert str(todo["UID"]) == f"step-{step.pk}@afterview"
    assert todo.decoded("DUE") == step.due_at
    for prop in ("UID", "DTSTAMP", "DTSTART"):
        assert prop in todo


def test_uids_are_stable_across_edits(client, user, interview):
    before = {str(c["UID"]) for c in components(parse(client.get(feed_url(user))))}
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=dt.datetime(2025, 7, 4, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 7, 4, 10, 0, tzinfo=dt.UTC),
        location="Room 12",
    )
    after_cal = parse(client.get(feed_url(user)))
    after = {str(c["UID"]) for c in components(after_cal)}
    assert before == after
    event = next(c for c in components(after_cal) if str(c["UID"]).startswith("interview-"))
    assert event.decoded("DTSTART") == dt.datetime(2025, 7, 4, 9, 0, tzinfo=dt.UTC)


def test_user_text_cannot_inject_ics_lines(client, user):
    application = JobApplicationFactory(
        owner=user, company_name="Evil\r\nBEGIN:VEVENT\r\nUID:pwned", role_title="X;Y,Z"
    )
    InterviewFactory(application=application, location="Room 1\nEND:VCALENDAR", topics="a\\b")
    body = client.get(feed_url(user)).content.decode()
    lines = body.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1
    assert "UID:pwned" not in lines
    assert lines[-2] == "END:VCALENDAR"
    event = components(Calendar.from_ical(body))[0]
    assert "Evil\nBEGIN:VEVENT\nUID:pwned" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Room 1\nEND:VCALENDAR"


def test_a_line_break_in_the_company_name_stays_inside_the_calendar_name(user_client, user):
    # The single-interview file is named after the company: an X- property, which the library
    # would write raw unless told it is TEXT.
    application = JobApplicationFactory(
        owner=user, company_name="ACME\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Injected"
    )
    interview = InterviewFactory(application=application)

    response = user_client.get(reverse("pipeline:interview_ics", args=[interview.pk]))

    cal = parse(response)
    lines = response.content.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith("SUMMARY:Injected") for line in lines)
    assert str(cal["X-WR-CALNAME"]).startswith("ACME END:VCALENDAR BEGIN:VEVENT")


def test_feed_shows_only_the_token_owners_data(client, user, other_user, interview):
    InterviewFactory(application=JobApplicationFactory(owner=other_user, company_name="Hooli"))
    body = client.get(feed_url(user)).content.decode()
    assert "Initech" in body and "Hooli" not in body


def test_bad_token_is_404(client, user):
    assert client.get(reverse("pipeline:calendar_feed", args=["nope"])).status_code == 404


def test_regenerated_token_retires_the_old_link(user_client, user):
    old = feed_url(user)
    response = user_client.post(reverse("pipeline:calendar_token_regenerate"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user_client.get(old).status_code == 404
    assert user_client.get(feed_url(user)).status_code == 200


def test_regenerate_token_is_post_only(user_client, user):
    token = user.calendar_token
    assert user_client.get(reverse("pipeline:calendar_token_regenerate")).status_code == 405
    user.refresh_from_db()
    assert user.calendar_token == token


def test_interview_ics_download(user_client, user, interview):
    InterviewerFactory(interview=interview, name="Dana")
    response = user_client.get(reverse("pipeline:interview_ics", args=[interview.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    items = components(parse(response))
    assert [str(c["UID"]) for c in items] == [f"interview-{interview.pk}@afterview"]


def test_interview_ics_of_another_user_is_404(user_client, other_user):
    theirs = InterviewFactory(application=JobApplicationFactory(owner=other_user))
    response = user_client.get(reverse("pipeline:interview_ics", args=[theirs.pk]))
    assert response.status_code == 404


def test_feed_query_count_does_not_grow_with_interviews(
    client, user, interview, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as one:
        client.get(feed_url(user))
    for _ in range(5):
        FollowUpStepFactory(interview=InterviewFactory(application=interview.application))
    with django_assert_num_queries(len(one)):
        client.get(feed_url(user))
