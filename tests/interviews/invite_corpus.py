# ruff: noqa: E501 -- invite lines are as long as their senders write them
"""Invites shaped like the ones Google Calendar, Outlook/Exchange and Zoom send.

Built here (not downloaded) so the tests own every byte; each keeps the quirks of its
sender: CRLF line ends and folded lines, X- properties, VTIMEZONE blocks, Windows zone names.
"""

from email.message import EmailMessage


def _crlf(text: str) -> bytes:
    return "\r\n".join(line for line in text.strip("\n").splitlines()).encode() + b"\r\n"


GOOGLE = _crlf(
    """
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:REQUEST
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20261214T140000
DTEND;TZID=America/New_York:20261214T150000
DTSTAMP:20261201T120000Z
ORGANIZER;CN=Priya Natarajan:mailto:priya@northwind-traders.com
UID:4k2j9d8s7f6g5h4j3k2l1@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Priya Natarajan;X-NUM-GUESTS=0:mailto:priya@northwind-traders.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Tom Berg;X-NUM-GUESTS=0:mailto:tom.berg@northwind-traders.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=casey@example.com;X-NUM-GUESTS=0:mailto:casey@example.com
ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=NYC-4-Hudson (8);X-NUM-GUESTS=0:mailto:c_188abc@resource.calendar.google.com
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij
DESCRIPTION:Technical interview with the platform team.\\n\\nJoin with Google Meet: https://meet.google.com/abc-defg-hij\\nOr dial: +1 650-555-0100 PIN: 123456#
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Technical Interview: Casey Jordan / Northwind
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
"""
)

OUTLOOK = _crlf(
    """
BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
ORGANIZER;CN="Weber, Anna":mailto:anna.weber@fabrikam.de
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Casey Jordan:mailto:Casey@Example.com
ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Jonas Klein:mailto:jonas.klein@fabrikam.de
ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Raum Elbe 3.01:mailto:raum.elbe@fabrikam.de
DESCRIPTION;LANGUAGE=en-US:Hi Casey\\, looking forward to meeting you on site.\\n
UID:040000008200E00074C5B7101A82E00800000000D0B2F3C1A2B3DA01000000000000000010000000A1B2C3D4
SUMMARY;LANGUAGE=en-US:Onsite interview - Fabrikam
DTSTART;TZID=W. Europe Standard Time:20261215T100000
DTEND;TZID=W. Europe Standard Time:20261215T133000
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20261201T090000Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:0
LOCATION;LANGUAGE=en-US:Fabrikam HQ\\, Am Sandtorkai 50\\, 20457 Hamburg
X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE
X-MICROSOFT-CDO-IMPORTANCE:1
END:VEVENT
END:VCALENDAR
"""
)

TEAMS = _crlf(
    """
BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VEVENT
ORGANIZER;CN=Lee Park:mailto:lee.park@contoso.com
ATTENDEE;ROLE=REQ-PARTICIPANT;CN=casey@example.com:mailto:casey@example.com
UID:teams-0001@contoso.com
SUMMARY:Hiring manager conversation
DTSTART:20261216T160000Z
DTEND:20261216T164500Z
DTSTAMP:20261201T090000Z
LOCATION:Microsoft Teams Meeting
DESCRIPTION:____\\nMicrosoft Teams meeting\\nJoin on your computer: https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1%40thread.v2/0?context=%7b%22Tid%22%7d
X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1%40thread.v2/0?context=%7b%22Tid%22%7d
END:VEVENT
END:VCALENDAR
"""
)

ZOOM = _crlf(
    """
BEGIN:VCALENDAR
PRODID:-//zoom.us//iCalendar Event//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
BEGIN:VEVENT
DTSTAMP:20261201T100000Z
DTSTART:20261217T170000Z
DTEND:20261217T173000Z
SUMMARY:Phone screen with Globex recruiting
UID:ZOOM85012345678@zoom.us
TZID:America/Los_Angeles
DESCRIPTION:Sam Rivera is inviting you to a scheduled Zoom meeting.\\n\\nJoin Zoom Meeting\\nhttps://globex.zoom.us/j/85012345678?pwd=AbCdEf123\\n\\nMeeting ID: 850 1234 5678
LOCATION:https://globex.zoom.us/j/85012345678?pwd=AbCdEf123
ORGANIZER;CN=Sam Rivera:mailto:sam.rivera@globex.io
BEGIN:VALARM
TRIGGER:-PT10M
ACTION:DISPLAY
DESCRIPTION:Reminder
END:VALARM
END:VEVENT
END:VCALENDAR
"""
)

FLOATING = _crlf(
    """
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Small Co//Hand made//EN
BEGIN:VEVENT
UID:floating-1@initech.com
DTSTAMP:20261201T100000Z
DTSTART:20261218T093000
DTEND:20261218T103000
SUMMARY:Interview
ORGANIZER;CN=Bill Lumbergh:mailto:bill@initech.com
LOCATION:Initech\\, 4120 Freidrich Lane\\, Austin
END:VEVENT
END:VCALENDAR
"""
)

RECURRING = _crlf(
    """
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:series-77@google.com
DTSTAMP:20261201T100000Z
DTSTART;TZID=Europe/London:20261214T110000
DTEND;TZID=Europe/London:20261214T120000
RRULE:FREQ=DAILY;COUNT=3
SUMMARY:Take-home pairing sessions
ORGANIZER;CN=Ada Quinn:mailto:ada@umbrella.co.uk
END:VEVENT
BEGIN:VEVENT
UID:series-77@google.com
RECURRENCE-ID;TZID=Europe/London:20261215T110000
DTSTAMP:20261201T100000Z
DTSTART;TZID=Europe/London:20261215T150000
DTEND;TZID=Europe/London:20261215T160000
SUMMARY:Take-home pairing sessions (moved)
ORGANIZER;CN=Ada Quinn:mailto:ada@umbrella.co.uk
END:VEVENT
END:VCALENDAR
"""
)


def cancel_of(uid: str = "4k2j9d8s7f6g5h4j3k2l1@google.com") -> bytes:
    return _crlf(
        f"""
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:CANCEL
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20261214T140000
DTEND;TZID=America/New_York:20261214T150000
ORGANIZER;CN=Priya Natarajan:mailto:priya@northwind-traders.com
UID:{uid}
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Canceled event: Technical Interview: Casey Jordan / Northwind
END:VEVENT
END:VCALENDAR
"""
    )


MALFORMED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:tomorrow-ish\r\n"
BROKEN_TIME = _crlf(
    """
BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:broken@example.org
DTSTART:next tuesday
END:VEVENT
END:VCALENDAR
"""
)
NO_EVENT = _crlf(
    """
BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VTODO
UID:todo@example.org
SUMMARY:Not a meeting
END:VTODO
END:VCALENDAR
"""
)


def eml_inline(ics: bytes = GOOGLE) -> bytes:
    """A forwarded Google invitation: text, HTML and the text/calendar part inline."""
    message = EmailMessage()
    message["From"] = "Priya Natarajan <priya@northwind-traders.com>"
    message["To"] = "casey@example.com"
    message["Subject"] = "Invitation: Technical Interview @ Mon Dec 14, 2026 2pm - 3pm (EST)"
    message.set_content("You have been invited to the following event.")
    message.add_alternative("<p>You have been invited to the following event.</p>", subtype="html")
    message.add_alternative(ics.decode(), subtype="calendar", params={"method": "REQUEST"})
    return message.as_bytes()


def eml_attachment(ics: bytes = OUTLOOK) -> bytes:
    """An Outlook-forwarded invitation: a plain body and the invite as invite.ics."""
    message = EmailMessage()
    message["From"] = "Weber, Anna <anna.weber@fabrikam.de>"
    message["To"] = "casey@example.com"
    message["Subject"] = "Onsite interview - Fabrikam"
    message.set_content("Please find the invite attached.")
    message.add_attachment(ics, maintype="text", subtype="calendar", filename="invite.ics")
    return message.as_bytes()


def eml_without_invite() -> bytes:
    message = EmailMessage()
    message["From"] = "friend@example.org"
    message["To"] = "casey@example.com"
    message["Subject"] = "Lunch?"
    message.set_content("Are you free on Friday?")
    return message.as_bytes()
