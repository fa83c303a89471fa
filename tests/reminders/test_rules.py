"""The reminder rules, table by table: pure functions, no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders import rules
from reminders.rules import Preferences, StepFacts

UTC = dt.UTC
NY = ZoneInfo("America/New_York")


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def prefs(**kwargs):
    return Preferences(**kwargs)


# --- local time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        # An ordinary summer and winter day: the offset follows the date.
        (dt.date(2026, 7, 6), dt.time(9, 0), utc(2026, 7, 6, 13, 0)),
        (dt.date(2026, 12, 7), dt.time(9, 0), utc(2026, 12, 7, 14, 0)),
        # 02:30 does not exist on 8 March 2026 in New York: shifted forward to 03:30 EDT.
        (dt.date(2026, 3, 8), dt.time(2, 30), utc(2026, 3, 8, 7, 30)),
        # 01:30 happens twice on 1 November 2026: the first one (EDT) is meant.
        (dt.date(2026, 11, 1), dt.time(1, 30), utc(2026, 11, 1, 5, 30)),
    ],
)
def test_local_to_utc(day, at, expected):
    assert rules.local_to_utc(day, at, NY) == expected


# --- quiet hours -------------------------------------------------------------------------

BERLIN_NIGHT = prefs(time_zone="Europe/Berlin")


def ny_quiet_until(hour, minute):
    return prefs(time_zone="America/New_York", quiet_hours_end=dt.time(hour, minute))


# 21:00 to 08:00 by default


@pytest.mark.parametrize(
    ("at", "preferences", "quiet"),
    [
        (utc(2026, 6, 1, 18, 59), BERLIN_NIGHT, False),  # 20:59 CEST
        (utc(2026, 6, 1, 19, 0), BERLIN_NIGHT, True),  # 21:00 CEST
        (utc(2026, 6, 2, 5, 59), BERLIN_NIGHT, True),  # 07:59 CEST
        (utc(2026, 6, 2, 6, 0), BERLIN_NIGHT, False),  # 08:00 CEST
        # A daytime window (a night-shift worker sleeping 09:00 to 17:00).
        (
            utc(2026, 6, 1, 10, 0),
            prefs(quiet_hours_start=dt.time(9), quiet_hours_end=dt.time(17)),
            True,
        ),
        (
            utc(2026, 6, 1, 17, 0),
            prefs(quiet_hours_start=dt.time(9), quiet_hours_end=dt.time(17)),
            False,
        ),
        # Equal start and end: no quiet hours at all.
        (
            utc(2026, 6, 1, 2, 0),
            prefs(quiet_hours_start=dt.time(0), quiet_hours_end=dt.time(0)),
            False,
        ),
        # Ending at 02:30 on the spring-forward night: 03:29 EDT is still quiet (the end
        # shifted to 03:30 with the gap), so the wall clock alone would be wrong.
        (utc(2026, 3, 8, 7, 29), ny_quiet_until(2, 30), True),
        (utc(2026, 3, 8, 7, 30), ny_quiet_until(2, 30), False),
        # Ending at 01:30 on the fall-back night: over at the first 01:30; the second hour
        # of 01:00-01:59 is not quiet again.
        (utc(2026, 11, 1, 5, 29), ny_quiet_until(1, 30), True),
        (utc(2026, 11, 1, 6, 0), ny_quiet_until(1, 30), False),
    ],
)
def test_in_quiet_hours(at, preferences, quiet):
    assert rules.in_quiet_hours(at, preferences) is quiet


@pytest.mark.parametrize(
    ("at", "preferences", "expected"),
    [
        # Opens at 23:10 Berlin: reminded at 08:00 the next morning.
        (utc(2026, 6, 1, 21, 10), BERLIN_NIGHT, utc(2026, 6, 2, 6, 0)),
        # Opens at 02:00 Berlin: reminded at 08:00 the same morning.
        (utc(2026, 6, 2, 0, 0), BERLIN_NIGHT, utc(2026, 6, 2, 6, 0)),
        # Not in quiet hours: at once.
        (utc(2026, 6, 2, 12, 0), BERLIN_NIGHT, utc(2026, 6, 2, 12, 0)),
        # Quiet hours ending at 02:30 on the spring-forward night: 02:30 never happens,
        # so the reminder goes at 03:30 EDT.
        (
            utc(2026, 3, 8, 5, 0),
            prefs(time_zone="America/New_York", quiet_hours_end=dt.time(2, 30)),
            utc(2026, 3, 8, 7, 30),
        ),
        # Quiet hours ending at 01:30 on the fall-back night: the first 01:30 (EDT).
        (
            utc(2026, 11, 1, 3, 0),
            prefs(time_zone="America/New_York", quiet_hours_end=dt.time(1, 30)),
            utc(2026, 11, 1, 5, 30),
        ),
    ],
)
def test_send_time_waits_for_the_end_of_quiet_hours(at, preferences, expected):
    assert rules.send_time(at, preferences) == expected


# --- step decisions ----------------------------------------------------------------------

OPENS = utc(2026, 6, 2, 10, 0)  # 12:00 in Berlin
DUE = OPENS + dt.timedelta(hours=24)
DAY = BERLIN_NIGHT


def thank_you(scheduled_at=OPENS, **kwargs):
    return StepFacts(
        kind="thank_you", opens_at=OPENS, due_at=DUE, scheduled_at=scheduled_at, **kwargs
    )


def step(kind, **kwargs):
    values = {"opens_at": OPENS, "due_at": DUE, "scheduled_at": OPENS} | kwargs
    return StepFacts(kind=kind, **values)


@pytest.mark.parametrize(
    ("facts", "delivered", "now", "send", "next_at"),
    [
        # The window opens: the thank-you reminder, then the last call 4 h before the deadline.
        (thank_you(), set(), OPENS, "thank_you", DUE - dt.timedelta(hours=4)),
        # The last call falls due while the step is still open.
        (
            thank_you(DUE - dt.timedelta(hours=4)),
            {"thank_you"},
            DUE - dt.timedelta(hours=4),
            "thank_you_last_call",
            None,
        ),
        # Both sent: nothing is left.
        (thank_you(), {"thank_you", "thank_you_last_call"}, OPENS, None, None),
        # The plan reset next_reminder_at to opens_at after a sent reminder: no second send,
        # the step waits for its last call.
        (
            thank_you(),
            {"thank_you"},
            OPENS + dt.timedelta(hours=1),
            None,
            DUE - dt.timedelta(hours=4),
        ),
        # Opened late (less than 4 h before the deadline): no last call.
        (
            StepFacts(
                kind="thank_you",
                opens_at=DUE - dt.timedelta(hours=3),
                due_at=DUE,
                scheduled_at=DUE - dt.timedelta(hours=3),
            ),
            set(),
            DUE - dt.timedelta(hours=3),
            "thank_you",
            None,
        ),
        # Follow-up, references and self-evaluation: one reminder each.
        (step("follow_up"), set(), OPENS, "follow_up", None),
        (step("follow_up"), {"follow_up"}, OPENS, None, None),
        (step("brief_references"), set(), OPENS, "brief_references", None),
        (
            step("self_evaluation", due_at=OPENS + dt.timedelta(hours=3)),
            set(),
            OPENS,
            "self_evaluation",
            None,
        ),
        # Steps without reminders are cleared.
        (step("next_steps"), set(), OPENS, None, None),
        (step("keep_looking", due_at=None), set(), OPENS, None, None),
        # Past due by more than its window (24 h late after a 24 h window): the overdue fold.
        (thank_you(), set(), DUE + dt.timedelta(hours=25), "overdue", None),
        (thank_you(), {"overdue"}, DUE + dt.timedelta(hours=25), None, None),
        # Late, but within its window: still the normal reminder, and no last call any more.
        (thank_you(), set(), DUE + dt.timedelta(hours=2), "thank_you", None),
        # Woken up by a snooze after the first reminder: one snooze reminder.
        (
            thank_you(OPENS + dt.timedelta(days=1), snoozed_until=OPENS + dt.timedelta(days=1)),
            {"thank_you", "thank_you_last_call"},
            OPENS + dt.timedelta(days=1),
            "thank_you:snooze:20260603T1000",
            None,
        ),
        (
            thank_you(OPENS + dt.timedelta(days=1), snoozed_until=OPENS + dt.timedelta(days=1)),
            {"thank_you", "thank_you_last_call", "thank_you:snooze:20260603T1000"},
            OPENS + dt.timedelta(days=1),
            None,
            None,
        ),
    ],
)
def test_decide(facts, delivered, now, send, next_at):
    decision = rules.decide(facts, delivered=delivered, now=now, prefs=DAY)
    assert (decision.send_kind, decision.next_reminder_at) == (send, next_at)


def test_a_window_opening_at_night_waits_for_the_morning():
    night = utc(2026, 6, 2, 21, 30)  # 23:30 Berlin
    facts = step(
        "follow_up", opens_at=night, due_at=night + dt.timedelta(days=2), scheduled_at=night
    )
    decision = rules.decide(facts, delivered=set(), now=night, prefs=DAY)
    assert decision.send_kind is None
    # Looked at again every 15 minutes (so a zone change applies), never later than 08:00.
    assert decision.next_reminder_at == night + rules.QUIET_HOURS_RECHECK
    ten_to_eight = utc(2026, 6, 3, 5, 50)  # 07:50 Berlin
    assert rules.decide(
        facts, delivered=set(), now=ten_to_eight, prefs=DAY
    ).next_reminder_at == utc(2026, 6, 3, 6, 0)
    assert rules.decide(facts, delivered=set(), now=utc(2026, 6, 3, 6, 0), prefs=DAY).send_kind == (
        "follow_up"
    )


def test_a_last_call_that_quiet_hours_push_past_the_deadline_is_dropped():
    due = utc(2026, 6, 3, 4, 0)  # 06:00 Berlin: last call would be 02:00, in quiet hours
    facts = StepFacts(
        kind="thank_you",
        opens_at=due - dt.timedelta(hours=20),
        due_at=due,
        scheduled_at=due - dt.timedelta(hours=20),
    )
    assert rules.last_call_at(facts, DAY) is None
    decision = rules.decide(facts, delivered=set(), now=facts.opens_at, prefs=DAY)
    assert (decision.send_kind, decision.next_reminder_at) == ("thank_you", None)


@pytest.mark.parametrize(
    ("preferences", "kind"),
    [
        (prefs(paused=True), "thank_you"),
        (prefs(enabled_step_kinds=frozenset({"follow_up"})), "thank_you"),
        (prefs(enabled_step_kinds=frozenset({"thank_you"})), "follow_up"),
    ],
)
def test_reminders_switched_off_send_nothing_and_keep_the_step_due(preferences, kind):
    decision = rules.decide(step(kind), delivered=set(), now=OPENS, prefs=preferences)
    assert decision.send_kind is None
    assert decision.next_reminder_at == OPENS


# --- weekly digest -----------------------------------------------------------------------

NY_MONDAY = prefs(time_zone="America/New_York", digest_weekday=0)
JOINED = utc(2026, 1, 1)


@pytest.mark.parametrize(
    ("now", "period"),
    [
        # Summer (EDT): 09:00 local is 13:00Z.
        (utc(2026, 7, 6, 12, 59), None),
        (utc(2026, 7, 6, 13, 0), dt.date(2026, 7, 6)),
        # Winter (EST): 09:00 local is 14:00Z; 13:00Z is still 08:00.
        (utc(2026, 12, 7, 13, 0), None),
        (utc(2026, 12, 7, 14, 0), dt.date(2026, 12, 7)),
        # The day after the slot, within the catch-up day: still sent.
        (utc(2026, 12, 8, 13, 0), dt.date(2026, 12, 7)),
        # Beat was down for days: last week's digest is dropped.
        (utc(2026, 12, 10, 14, 0), None),
    ],
)
def test_digest_due_at_nine_local_on_the_digest_day(now, period):
    assert rules.digest_due(now, NY_MONDAY, delivered_periods=set(), joined_at=JOINED) == period


@pytest.mark.parametrize(
    ("preferences", "now", "given_up"),
    [
        # New York, winter: the digest of Monday 7 December is at 14:00Z, catch-up one day.
        (NY_MONDAY, utc(2026, 12, 8, 14, 0), False),
        (NY_MONDAY, utc(2026, 12, 8, 14, 1), True),
        # Tokyo: 09:00 JST on Monday is 00:00Z the same day.
        (prefs(time_zone="Asia/Tokyo", digest_weekday=0), utc(2026, 12, 8, 0, 0), False),
        (prefs(time_zone="Asia/Tokyo", digest_weekday=0), utc(2026, 12, 8, 0, 1), True),
        # Quiet hours until 11:00 move the slot, and its catch-up, two hours on.
        (
            prefs(
                time_zone="America/New_York",
                digest_weekday=0,
                quiet_hours_start=dt.time(22),
                quiet_hours_end=dt.time(11),
            ),
            utc(2026, 12, 8, 15, 0),
            False,
        ),
    ],
)
def test_a_digest_is_given_up_once_past_its_catch_up(preferences, now, given_up):
    period = dt.date(2026, 12, 7)
    assert rules.digest_given_up(period, now=now, prefs=preferences) is given_up
    # The same cut as digest_due's: given up exactly when it would no longer be sent.
    assert (
        rules.digest_due(now, preferences, delivered_periods=set(), joined_at=JOINED) == period
    ) is (not given_up)


def test_digest_goes_out_once_per_week():
    sent = {dt.date(2026, 7, 6)}
    assert (
        rules.digest_due(
            utc(2026, 7, 6, 13, 1), NY_MONDAY, delivered_periods=sent, joined_at=JOINED
        )
        is None
    )
    assert rules.digest_due(
        utc(2026, 7, 13, 13, 0), NY_MONDAY, delivered_periods=sent, joined_at=JOINED
    ) == (dt.date(2026, 7, 13))


@pytest.mark.parametrize(
    ("preferences", "joined_at"),
    [
        (prefs(time_zone="America/New_York", weekly_digest=False), JOINED),
        (prefs(time_zone="America/New_York", paused=True), JOINED),
        # Signed up after this week's slot: the first digest comes next week.
        (NY_MONDAY, utc(2026, 7, 6, 15, 0)),
    ],
)
def test_no_digest(preferences, joined_at):
    assert (
        rules.digest_due(
            utc(2026, 7, 6, 16, 0), preferences, delivered_periods=set(), joined_at=joined_at
        )
        is None
    )


def test_digest_inside_quiet_hours_waits_for_their_end():
    late_sleeper = prefs(time_zone="America/New_York", quiet_hours_end=dt.time(10, 30))
    assert rules.latest_digest_slot(utc(2026, 7, 6, 15, 0), late_sleeper) == (
        dt.date(2026, 7, 6),
        utc(2026, 7, 6, 14, 30),
    )


def test_candidate_weekdays_cover_every_zone():
    # Monday 00:30Z: Sunday evening in America, Monday morning in Asia, Tuesday nowhere yet.
    assert rules.digest_candidate_weekdays(utc(2026, 7, 6, 0, 30)) == {5, 6, 0, 1}


# --- header safety -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Lee", "Ana Lee"),
        ("Ana\r\nBcc: victim@example.com", "Ana Bcc: victim@example.com"),
        ("  lots   of\tspace ", "lots of space"),
        ("x" * 200, "x" * 159 + "…"),
    ],
)
def test_one_line(text, expected):
    assert rules.one_line(text) == expected


# --- after a failed attempt: never given up silently -------------------------------------

FAILED_AT = utc(2026, 6, 4, 6, 0)
THANK_YOU = StepFacts(
    kind="thank_you",
    opens_at=utc(2026, 6, 3, 12, 0),
    due_at=utc(2026, 6, 4, 12, 0),
    scheduled_at=FAILED_AT,
)


@pytest.mark.parametrize(
    ("kind", "attempts", "backoff", "retry_at", "gives_up"),
    [
        # The opening reminder is retried however often it failed: past its window it
        # becomes the overdue fold (decide), it is never dropped.
        ("thank_you", 1, dt.timedelta(minutes=1), utc(2026, 6, 4, 6, 1), False),
        ("thank_you", 40, dt.timedelta(hours=6), utc(2026, 6, 4, 12, 0), False),
        ("follow_up", 15, dt.timedelta(hours=6), utc(2026, 6, 4, 12, 0), False),
        # A last call whose retry would come after the deadline: expired, with its reason.
        ("thank_you_last_call", 2, dt.timedelta(minutes=2), utc(2026, 6, 4, 6, 2), False),
        ("thank_you_last_call", 9, dt.timedelta(hours=6), None, True),
        # The overdue summary, the last word, has a budget of its own.
        ("overdue", 14, dt.timedelta(hours=6), utc(2026, 6, 4, 12, 0), False),
        ("overdue", 15, dt.timedelta(hours=6), None, True),
    ],
)
def test_after_failure(kind, attempts, backoff, retry_at, gives_up):
    fate = rules.after_failure(
        THANK_YOU, kind=kind, attempts=attempts, now=FAILED_AT, backoff=backoff
    )
    assert fate.retry_at == retry_at
    assert bool(fate.expired_reason) is gives_up
