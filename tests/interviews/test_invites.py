"""interviews.invites: a corpus of real-world-shaped invites and what each must yield."""

import datetime as dt

import pytest

from interviews import invites
from interviews.invites import InviteError, Person, parse_invite

from . import invite_corpus as corpus

OWN = ["casey@example.com"]


def parse(data, zone="Europe/Berlin"):
    return parse_invite(data, user_zone=zone, own_addresses=OWN)


def test_google_calendar_invite():
    invite = parse(corpus.GOOGLE)
    assert invite.uid == "4k2j9d8s7f6g5h4j3k2l1@google.com"
    assert invite.method == "REQUEST"
    assert invite.starts_local == dt.datetime(2026, 12, 14, 14, 0)
    assert invite.ends_local == dt.datetime(2026, 12, 14, 15, 0)
    assert (invite.time_zone, invite.time_basis) == ("America/New_York", invites.ZONED)
    assert (invite.video_provider, invite.video_link) == (
        "Google Meet",
        "https://meet.google.com/abc-defg-hij",
    )
    # The organizer once (also an attendee), no user, no room resource.
    assert invite.interviewers == (
        Person("Priya Natarajan", "priya@northwind-traders.com"),
        Person("Tom Berg", "tom.berg@northwind-traders.com"),
    )
    assert (invite.company_domain, invite.company_name) == (
        "northwind-traders.com",
        "Northwind Traders",
    )
    assert (invite.round_label, invite.format) == ("technical", "video")
    assert not invite.is_cancelled and not invite.is_recurring
    assert invite.meeting_place == "https://meet.google.com/abc-defg-hij"


def test_outlook_invite_with_windows_zone_and_room():
    invite = parse(corpus.OUTLOOK)
    assert invite.starts_local == dt.datetime(2026, 12, 15, 10, 0)
    assert invite.ends_local == dt.datetime(2026, 12, 15, 13, 30)
    assert invite.time_zone == "Europe/Berlin"
    assert invite.location == "Fabrikam HQ, Am Sandtorkai 50, 20457 Hamburg"
    assert invite.video_link == ""
    # The user's address matches whatever its case; the room (CUTYPE=ROOM) is no interviewer.
    assert invite.interviewers == (
        Person("Weber, Anna", "anna.weber@fabrikam.de"),
        Person("Jonas Klein", "jonas.klein@fabrikam.de"),
    )
    assert (invite.company_name, invite.round_label, invite.format) == (
        "Fabrikam",
        "onsite",
        "in_person",
    )


def test_teams_link_from_the_microsoft_property():
    invite = parse(corpus.TEAMS, zone="America/Chicago")
    assert invite.video_provider == "Microsoft Teams"
    assert invite.video_link.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting")
    # A UTC time is an instant: shown on the user's own clock (Chicago is UTC-6 in December).
    assert (invite.time_basis, invite.time_zone) == (invites.UTC_TIME, "America/Chicago")
    assert invite.starts_local == dt.datetime(2026, 12, 16, 10, 0)
    assert invite.round_label == "hiring_manager"
    assert invite.meeting_place.startswith("Microsoft Teams Meeting · https://teams.microsoft")


def test_zoom_generated_invite():
    invite = parse(corpus.ZOOM, zone="UTC")
    assert invite.uid == "ZOOM85012345678@zoom.us"
    assert invite.method == "PUBLISH"
    assert invite.starts_local == dt.datetime(2026, 12, 17, 17, 0)
    assert (invite.time_zone, invite.time_basis) == ("UTC", invites.UTC_TIME)
    assert invite.video_link == "https://globex.zoom.us/j/85012345678?pwd=AbCdEf123"
    assert invite.location == ""  # the location was only the link
    assert invite.interviewers == (Person("Sam Rivera", "sam.rivera@globex.io"),)
    assert (invite.company_name, invite.round_label) == ("Globex", "phone_screen")


def test_floating_time_is_read_in_the_users_zone_and_says_so():
    invite = parse(corpus.FLOATING, zone="America/Chicago")
    assert invite.starts_local == dt.datetime(2026, 12, 18, 9, 30)
    assert (invite.time_zone, invite.time_basis) == ("America/Chicago", invites.FLOATING)
    assert any("no time zone" in note and "America/Chicago" in note for note in invite.notes)
    assert invite.round_label == ""
    assert invite.format == "in_person"


def test_recurring_invite_fills_the_first_occurrence_and_explains():
    invite = parse(corpus.RECURRING)
    assert invite.is_recurring
    assert invite.starts_local == dt.datetime(2026, 12, 14, 11, 0)  # the series, not the moved one
    assert invite.time_zone == "Europe/London"
    assert any("repeats" in note for note in invite.notes)
    assert invite.company_domain == "umbrella.co.uk"
    assert invite.round_label == "take_home"


def test_cancel_is_recognised():
    invite = parse(corpus.cancel_of())
    assert invite.is_cancelled
    assert invite.method == "CANCEL"
    assert invite.uid == "4k2j9d8s7f6g5h4j3k2l1@google.com"
    assert any("cancels" in note for note in invite.notes)


def test_eml_with_the_invite_inline():
    invite = parse(corpus.eml_inline())
    assert invite.uid == "4k2j9d8s7f6g5h4j3k2l1@google.com"
    assert invite.starts_local == dt.datetime(2026, 12, 14, 14, 0)


def test_eml_with_the_invite_attached():
    invite = parse(corpus.eml_attachment())
    assert invite.summary == "Onsite interview - Fabrikam"
    assert invite.time_zone == "Europe/Berlin"


def test_pasted_text_works_like_a_file():
    invite = parse("\n\n" + corpus.ZOOM.decode())
    assert invite.uid == "ZOOM85012345678@zoom.us"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (b"x" * (invites.MAX_INVITE_BYTES + 1), "over 1 MB"),
        (corpus.MALFORMED, "damaged"),
        (corpus.BROKEN_TIME, "could not be read"),
        (corpus.NO_EVENT, "no event"),
        (corpus.eml_without_invite(), "no calendar invite"),
        (b"%PDF-1.4 not a calendar at all", "no calendar invite"),
    ],
)
def test_unreadable_input_gets_a_clear_message(data, message):
    with pytest.raises(InviteError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("summary", "label"),
    [
        ("Onsite interview - Fabrikam", "onsite"),
        ("On-site loop", "onsite"),
        ("Phone screen with Globex", "phone_screen"),
        ("Technical phone screen", "technical"),
        ("System design interview", "technical"),
        ("Final round", "final"),
        ("Panel interview", "panel"),
        ("Chat with the hiring manager", "hiring_manager"),
        ("Recruiter call", "recruiter"),
        ("Coffee", ""),
    ],
)
def test_round_from_summary(summary, label):
    assert invites.round_from_summary(summary) == label


@pytest.mark.parametrize(
    ("domain", "name", "applications", "expected"),
    [
        (
            "fabrikam.de",
            "Fabrikam",
            [(1, "Other", ""), (2, "X", "https://www.fabrikam.de/jobs")],
            2,
        ),
        ("fabrikam.de", "Fabrikam", [(3, "Fabrikam GmbH", "")], 3),
        ("northwind-traders.com", "Northwind Traders", [(4, "northwind traders", "")], 4),
        ("globex.io", "Globex", [(5, "Initech", "https://initech.com")], None),
        ("", "", [(6, "Initech", "")], None),
    ],
)
def test_match_application(domain, name, applications, expected):
    assert (
        invites.match_application(domain=domain, company_name=name, applications=applications)
        == expected
    )


@pytest.mark.parametrize(
    ("organizers", "attendees", "expected"),
    [
        (["a@talent.acme.co.uk"], [], "acme.co.uk"),
        (["recruiter@gmail.com"], ["b@hooli.com"], "hooli.com"),
        (["x@calendly.com"], [], ""),
    ],
)
def test_company_domain(organizers, attendees, expected):
    assert invites.company_domain(organizers, attendees) == expected
