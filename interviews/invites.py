"""Reading a calendar invite (.ics, a forwarded .eml, or pasted text) into plain fields.

Pure: bytes or text in, an `Invite` dataclass out, or `InviteError` with a message a user
can act on. Nothing here touches the database; the view pre-fills the log form from the
result and the user reviews it before anything is saved.

Times are never guessed: a TZID or UTC time keeps its zone, a floating time (no zone at
all) is read in the user's own zone and the invite says so in `notes`; a recurring or
cancelled event is explained rather than silently flattened.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import icalendar

MAX_INVITE_BYTES = 1024 * 1024
DEFAULT_LENGTH = dt.timedelta(hours=1)

# Round labels (interviews.models.RoundLabel values) by words in the summary; first match wins,
# so the more specific phrases come first ("technical phone screen" is technical).
ROUND_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bon[- ]?site\b", "onsite"),
    (r"\bfinal\b", "final"),
    (r"\bpanel\b", "panel"),
    (r"\btake[- ]?home\b", "take_home"),
    (r"\b(technical|coding|system design|pair(ing)?|live code)\b", "technical"),
    (r"\bhiring manager\b", "hiring_manager"),
    (r"\brecruiter\b", "recruiter"),
    (r"\b(phone|screen(ing)?|intro(ductory)? call)\b", "phone_screen"),
)

# Meeting links by provider; matched in the order of `_link_sources`.
VIDEO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Zoom", re.compile(r"https://[\w.-]*zoom\.us/(?:j|my|w|s)/[^\s<>\"')\]]+", re.I)),
    ("Google Meet", re.compile(r"https://meet\.google\.com/[a-z0-9-]+", re.I)),
    (
        "Microsoft Teams",
        re.compile(
            r"https://teams\.(?:microsoft|live)\.com/(?:l/meetup-join|meet)/[^\s<>\"')\]]+", re.I
        ),
    ),
)

# Mail and calendar providers: an organizer there tells nothing about the company.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "calendar.google.com",
        "group.calendar.google.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "zoom.us",
        "calendly.com",
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "goodtime.io",
        "example.com",
    }
)
# Second-level labels under which companies register ("acme.co.uk").
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov"})

FLOATING = "floating"
ZONED = "zoned"
UTC_TIME = "utc"
ALL_DAY = "all_day"


class InviteError(ValueError):
    """The file or text is not an invite we can read; `str(error)` is for the user."""


@dataclass(frozen=True)
class Person:
    """Someone on the invite: display name (CN) and address."""

    name: str
    email: str


@dataclass(frozen=True)
class Invite:
    """What one invite says, ready to pre-fill the log form."""

    uid: str
    method: str
    summary: str
    # Wall-clock times in `time_zone` (naive), as the form takes them; None for all-day.
    starts_local: dt.datetime | None
    ends_local: dt.datetime | None
    time_zone: str
    time_basis: str
    is_recurring: bool = False
    is_cancelled: bool = False
    location: str = ""
    video_link: str = ""
    video_provider: str = ""
    organizer: Person | None = None
    interviewers: tuple[Person, ...] = ()
    company_domain: str = ""
    company_name: str = ""
    round_label: str = ""
    format: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def meeting_place(self) -> str:
        """The log form's one "location or meeting link" field."""
        if self.video_link and self.location and self.video_link not in self.location:
            return f"{self.location} · {self.video_link}"[:500]
        return (self.video_link or self.location)[:500]


# --- Getting the calendar text out of the upload ------------------------------------------


def calendar_bytes(data: bytes | str) -> bytes:
    """The iCalendar text in `data`: the data itself, or the calendar part of an email.

    An email's `text/calendar` part wins over an `.ics` attachment (it is the live invite;
    the attachment is usually a copy of it).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_INVITE_BYTES:
        raise InviteError(
            "That file is over 1 MB; an invite is a few kilobytes. Nothing was saved."
        )
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise InviteError(
            "That file is empty. Pick the .ics or .eml file again, or paste the invite."
        )
    if stripped[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return stripped
    found = _calendar_from_email(email.message_from_bytes(raw, policy=email.policy.default))
    if found is not None:
        return found
    raise InviteError(
        "We found no calendar invite in that. Upload the .ics file, the invitation email "
        "saved as .eml, or paste the text that starts with BEGIN:VCALENDAR."
    )


def _calendar_from_email(message) -> bytes | None:
    inline: bytes | None = None
    attached: bytes | None = None
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        is_attachment = part.get_content_disposition() == "attachment"
        if content_type in ("text/calendar", "application/ics") or filename.endswith(".ics"):
            payload = part.get_payload(decode=True) or b""
            if not payload.strip():
                continue
            if is_attachment and attached is None:
                attached = payload
            elif not is_attachment and inline is None:
                inline = payload
    return inline or attached


# --- Parsing -------------------------------------------------------------------------------


def parse_invite(
    data: bytes | str,
    *,
    user_zone: str = "UTC",
    own_addresses: Iterable[str] = (),
) -> Invite:
    """Read an invite (.ics, .eml or pasted text) into an `Invite`; `InviteError` otherwise.

    `own_addresses` (the user's own email addresses) are left out of the interviewers;
    `user_zone` is where a floating time is read.
    """
    text = calendar_bytes(data)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError…
        raise InviteError(
            "That invite could not be read: its calendar text is damaged. "
            "Try downloading it again from the email."
        ) from error
    if not isinstance(calendar, icalendar.Calendar):
        raise InviteError("That is not a calendar invite.")
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise InviteError("That calendar has no event in it, so there is no interview to log.")
    # The series itself, not one moved occurrence of it (RECURRENCE-ID).
    masters = [e for e in events if e.get("RECURRENCE-ID") is None] or events
    event = masters[0]
    notes: list[str] = []
    uids = {str(e.get("UID", "")) for e in masters}
    if len(uids) > 1:
        notes.append("The file holds several events; this is the first of them.")

    method = str(calendar.get("METHOD", "")).upper()
    status = str(event.get("STATUS", "")).upper()
    is_cancelled = method == "CANCEL" or status == "CANCELLED"
    if is_cancelled:
        notes.append("This invite cancels the meeting.")

    try:
        starts_local, ends_local, zone_name, basis = _times(event, user_zone=user_zone, notes=notes)
    except InviteError:
        raise
    except Exception as error:  # a broken DTSTART/DTEND value surfaces only when read
        raise InviteError(
            "That invite's start or end time could not be read. Enter the times yourself, "
            "or download the invite again."
        ) from error

    is_recurring = any(event.get(name) is not None for name in ("RRULE", "RDATE"))
    if is_recurring and starts_local is not None:
        notes.append(
            "This invite repeats. Its first occurrence "
            f"({starts_local:%a %d %b %Y}) is filled in; log later occurrences as their own rounds."
        )

    summary = _text(event.get("SUMMARY"))
    location = _text(event.get("LOCATION"))
    video_provider, video_link = find_video_link(_link_sources(event))

    organizer = _person(event.get("ORGANIZER"))
    own = {a.strip().lower() for a in own_addresses if a}
    interviewers = interviewers_from(
        organizer=organizer,
        attendees=_attendees(event),
        own_addresses=own,
    )
    domain = company_domain([organizer.email] if organizer else [], [p.email for p in interviewers])
    round_label = round_from_summary(summary)
    return Invite(
        uid=str(event.get("UID", "")).strip(),
        method=method or "PUBLISH",
        summary=summary,
        starts_local=starts_local,
        ends_local=ends_local,
        time_zone=zone_name,
        time_basis=basis,
        is_recurring=is_recurring,
        is_cancelled=is_cancelled,
        location=location if location != video_link else "",
        video_link=video_link,
        video_provider=video_provider,
        organizer=organizer,
        interviewers=interviewers,
        company_domain=domain,
        company_name=company_from_domain(domain),
        round_label=round_label,
        format=meeting_format(video_link=video_link, location=location, round_label=round_label),
        notes=tuple(notes),
    )


def _text(value) -> str:
    if value is None:
        return ""
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _zone_key(tzinfo) -> str | None:
    """The IANA name of a tzinfo icalendar produced, or None when it has none we know."""
    if tzinfo is None:
        return None
    if tzinfo in (dt.UTC, dt.UTC) or getattr(tzinfo, "key", None) == "UTC":
        return "UTC"
    key = getattr(tzinfo, "key", None) or getattr(tzinfo, "zone", None)
    if key:
        try:
            zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        return key
    return None


def _times(event, *, user_zone: str, notes: list[str]):
    start_prop = event.get("DTSTART")
    if start_prop is None:
        raise InviteError("That invite has no start time, so there is no interview to log.")
    start = start_prop.dt
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = end_prop.dt
    elif event.get("DURATION") is not None:
        end = start + event.get("DURATION").dt
    else:
        end = None
    if not isinstance(start, dt.datetime):
        notes.append("This is an all-day event: it gives no times, so enter them yourself.")
        return None, None, "", ALL_DAY
    if end is None or not isinstance(end, dt.datetime):
        end = start + DEFAULT_LENGTH
        notes.append("The invite gives no end time; it is set to one hour after the start.")
    if start.tzinfo is None:
        notes.append(
            f"The invite gives no time zone (a “floating” time): the times are read in "
            f"your own zone, {user_zone}."
        )
        return start, end.replace(tzinfo=None), user_zone, FLOATING
    key = _zone_key(start.tzinfo)
    if key is None:
        # A zone defined only inside the file: keep the instant, show it in the user's zone.
        zone = zoneinfo.ZoneInfo(user_zone)
        tzid = start_prop.params.get("TZID", "")
        notes.append(
            f"The invite's time zone “{tzid}” is not one we know; its times are shown in "
            f"your own zone, {user_zone}."
        )
        return (
            start.astimezone(zone).replace(tzinfo=None),
            end.astimezone(zone).replace(tzinfo=None),
            user_zone,
            ZONED,
        )
    zone = zoneinfo.ZoneInfo(key)
    basis = UTC_TIME if key == "UTC" else ZONED
    if basis == UTC_TIME and user_zone != "UTC":
        # A UTC time is an instant: show it on the user's own clock.
        local = zoneinfo.ZoneInfo(user_zone)
        return (
            start.astimezone(local).replace(tzinfo=None),
            end.astimezone(local).replace(tzinfo=None),
            user_zone,
            UTC_TIME,
        )
    return (
        start.astimezone(zone).replace(tzinfo=None),
        end.astimezone(zone).replace(tzinfo=None),
        key,
        basis,
    )


def _link_sources(event) -> list[str]:
    """Where meeting links hide, most specific first: the X- properties Google, Microsoft
    and Zoom write, CONFERENCE, LOCATION, URL, then the description."""
    sources: list[str] = []
    for name, value in event.property_items(recursive=False):
        if name.startswith("X-") or name == "CONFERENCE":
            sources.append(str(value))
    for name in ("LOCATION", "URL", "DESCRIPTION"):
        if event.get(name) is not None:
            sources.append(str(event.get(name)))
    return sources


def find_video_link(sources: Sequence[str]) -> tuple[str, str]:
    """(provider, link) of the first Zoom, Meet or Teams link in `sources`, else ("", "")."""
    for source in sources:
        for provider, pattern in VIDEO_PATTERNS:
            match = pattern.search(source)
            if match:
                return provider, match.group(0).rstrip(".,;>")
    return "", ""


def _address(value) -> str:
    address = str(value or "").strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    return address.strip()


def _person(prop) -> Person | None:
    if prop is None:
        return None
    address = _address(prop)
    name = _text(prop.params.get("CN", "")).strip('"')
    if not address and not name:
        return None
    return Person(name=name or address.split("@")[0], email=address)


def _attendees(event) -> list[tuple[Person, str]]:
    found = event.get("ATTENDEE")
    if found is None:
        return []
    props = found if isinstance(found, list) else [found]
    people = []
    for prop in props:
        person = _person(prop)
        if person is not None:
            people.append((person, str(prop.params.get("CUTYPE", "INDIVIDUAL")).upper()))
    return people


def interviewers_from(
    *,
    organizer: Person | None,
    attendees: Sequence[tuple[Person, str]],
    own_addresses: set[str],
) -> tuple[Person, ...]:
    """The people to thank: organizer and attendees, without the user, rooms, resources,
    calendar robots, or anyone twice."""
    people: list[Person] = []
    seen: set[str] = set()
    candidates = [(organizer, "INDIVIDUAL")] if organizer else []
    for person, cutype in [*candidates, *attendees]:
        address = person.email.lower()
        if cutype in ("ROOM", "RESOURCE") or address in own_addresses:
            continue
        if address.endswith(("calendar.google.com", "resource.calendar.google.com")):
            continue
        if address.split("@")[0] in ("noreply", "no-reply", "calendar-notification"):
            continue
        key = address or person.name.lower()
        if key in seen:
            continue
        seen.add(key)
        people.append(person)
    return tuple(people)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower() if "@" in address else ""


def registrable_domain(domain: str) -> str:
    """ "talent.acme.co.uk" → "acme.co.uk"; "mail.acme.com" → "acme.com"."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) <= 2:
        return ".".join(labels)
    if labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def company_domain(organizers: Sequence[str], attendees: Sequence[str]) -> str:
    """The employer's domain: the organizer's, else the first attendee's, skipping mail and
    scheduling providers (a recruiter on gmail.com says nothing about the company)."""
    for address in [*organizers, *attendees]:
        domain = registrable_domain(_domain(address))
        if domain and domain not in GENERIC_DOMAINS:
            return domain
    return ""


def company_from_domain(domain: str) -> str:
    """A company name to propose from its domain: "northwind-traders.com" → "Northwind Traders"."""
    if not domain:
        return ""
    name = domain.split(".")[0]
    return " ".join(word.capitalize() for word in re.split(r"[-_]", name) if word)


def _normalized(name: str) -> str:
    name = re.sub(r"\b(inc|ltd|llc|gmbh|ag|plc|corp|co|sa|bv)\b\.?", "", name.lower())
    return re.sub(r"[^a-z0-9]", "", name)


def match_application(
    *, domain: str, company_name: str, applications: Sequence[tuple[int, str, str]]
) -> int | None:
    """The id of the user's application for this company, by website domain first, then
    by name; `applications` are (id, company name, company website) tuples, newest first."""
    if domain:
        for app_id, _name, website in applications:
            host = re.sub(r"^[a-z]+://", "", website.lower()).split("/")[0]
            if host and registrable_domain(host) == domain:
                return app_id
    wanted = _normalized(company_name)
    if wanted:
        for app_id, name, _website in applications:
            if _normalized(name) == wanted:
                return app_id
    return None


def round_from_summary(summary: str) -> str:
    """The round label the summary names ("Onsite", "Phone screen", "Technical"), or ""."""
    lowered = summary.lower()
    for pattern, label in ROUND_WORDS:
        if re.search(pattern, lowered):
            return label
    return ""


def meeting_format(*, video_link: str, location: str, round_label: str) -> str:
    """Video when there is a meeting link, in person at an address or onsite, phone for a
    phone screen without either; "" when the invite does not say."""
    if video_link:
        return "video"
    if round_label == "onsite" or (location and not re.search(r"\b(phone|call)\b", location, re.I)):
        return "in_person"
    if round_label == "phone_screen" or re.search(r"\bphone\b", location, re.I):
        return "phone"
    return ""
