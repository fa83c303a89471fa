"""iCalendar (RFC 5545) files built with the `icalendar` library.

All times are written in UTC (the `Z` form), which every client reads the same way and
which needs no VTIMEZONE; clients show them in the viewer's own zone. UIDs are derived
from primary keys so an edited interview replaces its old copy in a subscribed calendar
instead of appearing twice. User text goes only into TEXT properties, which the library
escapes (commas, semicolons, backslashes and line breaks), so a note cannot start a new
property or component.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from icalendar import Alarm, Calendar, Event, Todo, vDuration, vText

from followups.models import FollowUpStep
from interviews.models import Interview, JobApplication

PRODID = "-//Afterview//Afterview pipeline//EN"
UID_DOMAIN = "afterview"
INTERVIEW_ALARM_BEFORE = dt.timedelta(hours=1)
STEP_ALARM_BEFORE = dt.timedelta(hours=2)
STEP_EVENT_LENGTH = dt.timedelta(minutes=30)
MAX_TEXT = 2000
FEED_REFRESH = dt.timedelta(hours=1)


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.pk}@{UID_DOMAIN}"


def step_uid(step: FollowUpStep) -> str:
    return f"step-{step.pk}@{UID_DOMAIN}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _text(value: str) -> str:
    # Defence in depth on top of the library's escaping: drop control characters other
    # than line breaks and keep descriptions a sane size.
    cleaned = "".join(ch for ch in value if ch in "\n\t" or ch >= " " or ch == "\r")
    return cleaned.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TEXT]


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # An X- property has no known type, so the library would write it raw (vUnknown): a line
    # break in a company name would then start a new property. As TEXT on one line, it is
    # escaped like every other user text.
    cal.add("x-wr-calname", vText(" ".join(_text(name).split())))
    return cal


def interview_event(interview: Interview, *, site_url: str, stamp: dt.datetime) -> Event:
    """One interview round as a VEVENT with a reminder an hour before."""
    application = interview.application
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(interview.updated_at))
    event.add("dtstart", _utc(interview.starts_at))
    event.add("dtend", _utc(interview.ends_at))
    event.add(
        "summary",
        _text(
            f"{interview.get_round_label_display()} interview: {application.role_title} "
            f"at {application.company_name}"
        ),
    )
    if interview.location:
        event.add("location", _text(interview.location))
    url = f"{site_url}{interview.get_absolute_url()}"
    description = [f"{interview.get_format_display()} interview.", f"Notes and plan: {url}"]
    if interview.topics:
        description.insert(1, f"Topics: {interview.topics}")
    event.add("description", _text("\n".join(description)))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add_component(
        _alarm(f"Interview soon: {application.company_name}", INTERVIEW_ALARM_BEFORE)
    )
    return event


def step_todo(step: FollowUpStep, *, site_url: str, stamp: dt.datetime) -> Todo:
    """An open follow-up step as a VTODO: starts when it opens, DUE at its deadline."""
    todo = Todo()
    todo.add("uid", step_uid(step))
    todo.add("dtstamp", _utc(stamp))
    todo.add("last-modified", _utc(step.updated_at))
    todo.add("dtstart", _utc(min(step.opens_at, step.due_at)))
    todo.add("due", _utc(step.due_at))
    todo.add("summary", _text(_step_summary(step)))
    todo.add("description", _text(f"From your Afterview plan: {site_url}{reverse('today')}"))
    todo.add("status", "NEEDS-ACTION")
    todo.add_component(_alarm(_step_summary(step), STEP_ALARM_BEFORE, related_end=True))
    return todo


def step_event(step: FollowUpStep, *, site_url: str, stamp: dt.datetime) -> Event:
    """The same step as a short VEVENT ending at its deadline.

    Google Calendar ignores VTODO components, so the feed carries each step as an event too
    (with its own UID) unless the subscriber asked for to-dos only.
    """
    event = Event()
    event.add("uid", f"step-{step.pk}-deadline@{UID_DOMAIN}")
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(step.updated_at))
    event.add("dtstart", _utc(step.due_at - STEP_EVENT_LENGTH))
    event.add("dtend", _utc(step.due_at))
    event.add("summary", _text(f"Due: {_step_summary(step)}"))
    event.add("description", _text(f"From your Afterview plan: {site_url}{reverse('today')}"))
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(_step_summary(step), STEP_ALARM_BEFORE))
    return event


OFFER_ALARM_BEFORE = dt.timedelta(hours=24)


def offer_deadline_event(
    application: JobApplication, *, site_url: str, stamp: dt.datetime
) -> Event:
    """An offer's deadline as a short VEVENT ending at it, with an alarm a day before (time
    to decide) and one at two hours (time to send the answer)."""
    deadline = _utc(application.offer_deadline_at)
    event = Event()
    event.add("uid", f"offer-{application.pk}-deadline@{UID_DOMAIN}")
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(application.updated_at))
    event.add("dtstart", deadline - STEP_EVENT_LENGTH)
    event.add("dtend", deadline)
    summary = f"Offer deadline: {application.role_title} at {application.company_name}"
    event.add("summary", _text(summary))
    url = f"{site_url}{application.get_absolute_url()}"
    event.add("description", _text(f"Answer the offer before this time.\n{url}"))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(summary, OFFER_ALARM_BEFORE, related_end=True))
    event.add_component(_alarm(summary, STEP_ALARM_BEFORE, related_end=True))
    return event


def _step_summary(step: FollowUpStep) -> str:
    application = step.application or (step.interview.application if step.interview else None)
    what = step.get_kind_display()
    return f"{what} ({application.company_name})" if application else what


def _alarm(text: str, before: dt.timedelta, *, related_end: bool = False) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(text))
    params = {"related": "END"} if related_end else {}
    alarm.add("trigger", -before, parameters=params)
    return alarm


def feed(
    *,
    name: str,
    interviews: Iterable[Interview],
    steps: Iterable[FollowUpStep],
    site_url: str,
    now: dt.datetime,
    todos: bool = False,
    offers: Iterable[JobApplication] = (),
) -> bytes:
    """The private feed: every interview as a VEVENT, every open step as a VEVENT (or a
    VTODO when `todos`, for clients such as Thunderbird that list tasks)."""
    cal = new_calendar(name)
    # Subscribed calendars poll; ask for hourly refreshes (Google and Apple read one of these).
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(FEED_REFRESH).to_ical().decode())
    for interview in interviews:
        cal.add_component(interview_event(interview, site_url=site_url, stamp=now))
    for step in steps:
        build = step_todo if todos else step_event
        cal.add_component(build(step, site_url=site_url, stamp=now))
    for application in offers:
        cal.add_component(offer_deadline_event(application, site_url=site_url, stamp=now))
    return cal.to_ical()


def single_interview(*, interview: Interview, site_url: str, now: dt.datetime) -> bytes:
    """An .ics file with one interview, for "Add to calendar"."""
    cal = new_calendar(f"{interview.application.company_name} interview")
    cal.add_component(interview_event(interview, site_url=site_url, stamp=now))
    return cal.to_ical()
