"""Table-driven tests of every rule of the follow-up plan (pure functions, no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followups import rules
from followups.rules import (
    ApplicationFacts,
    ClosedFollowUp,
    InterviewFacts,
    PlanSettings,
    ReferenceFacts,
)

NY = "America/New_York"
BERLIN = "Europe/Berlin"


def local(zone, *args):
    """An aware datetime at a wall-clock time in `zone`."""
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def interview(**overrides):
    values = {
        "id": 7,
        "application_id": 3,
        "starts_at": local("UTC", 2026, 3, 10, 14, 0),
        "ends_at": local("UTC", 2026, 3, 10, 15, 0),
    }
    values.update(overrides)
    return InterviewFacts(**values)


# --- Thank-you, self-evaluation, references: hour windows ----------------------------------


@pytest.mark.parametrize(
    ("zone", "ends", "hours", "due_wall_clock"),
    [
        # Plain day: same wall-clock time tomorrow.
        ("UTC", (2026, 3, 10, 15, 0), 24, (2026, 3, 11, 15, 0)),
        # An interview ending at 23:30 local: due 23:30 the next local day.
        (NY, (2026, 3, 10, 23, 30), 24, (2026, 3, 11, 23, 30)),
        # Clocks go forward inside the window: 24 elapsed hours read as 19:00 local.
        (NY, (2026, 3, 7, 18, 0), 24, (2026, 3, 8, 19, 0)),
        (BERLIN, (2026, 3, 28, 18, 0), 24, (2026, 3, 29, 19, 0)),
        # Clocks go back inside the window: 24 elapsed hours read as 17:00 local.
        (NY, (2026, 10, 31, 18, 0), 24, (2026, 11, 1, 17, 0)),
        (BERLIN, (2026, 10, 24, 18, 0), 24, (2026, 10, 25, 17, 0)),
        # A user who gives themselves two days.
        (BERLIN, (2026, 6, 5, 11, 0), 48, (2026, 6, 7, 11, 0)),
    ],
)
def test_thank_you_is_due_after_elapsed_hours_in_any_zone(zone, ends, hours, due_wall_clock):
    ends_at = local(zone, *ends)
    opens_at, due_at = rules.thank_you_window(ends_at=ends_at, within_hours=hours)
    assert opens_at == ends_at
    assert due_at - ends_at == dt.timedelta(hours=hours)
    assert due_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == dt.datetime(*due_wall_clock)


@pytest.mark.parametrize(
    ("zone", "ends", "hours", "due_wall_clock"),
    [
        ("UTC", (2026, 3, 10, 15, 0), 3, (2026, 3, 10, 18, 0)),
        # 23:30 local: still three hours to write it down, past midnight.
        (NY, (2026, 3, 10, 23, 30), 3, (2026, 3, 11, 2, 30)),
        # 01:00 on the night clocks go forward in Berlin: 3 h later is 05:00 local.
        (BERLIN, (2026, 3, 29, 1, 0), 3, (2026, 3, 29, 5, 0)),
    ],
)
def test_self_evaluation_is_due_hours_after_the_end(zone, ends, hours, due_wall_clock):
    ends_at = local(zone, *ends)
    opens_at, due_at = rules.self_evaluation_window(ends_at=ends_at, within_hours=hours)
    assert opens_at == ends_at
    assert due_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == dt.datetime(*due_wall_clock)


def test_brief_references_opens_at_the_end_and_is_due_a_day_later():
    ends_at = local(NY, 2026, 3, 10, 23, 30)
    assert rules.brief_reference_window(ends_at=ends_at, within_hours=24) == (
        ends_at,
        ends_at + dt.timedelta(hours=24),
    )


def test_next_steps_opens_at_the_start_and_is_due_with_the_thank_you():
    starts_at, ends_at = local("UTC", 2026, 3, 10, 14), local("UTC", 2026, 3, 10, 15)
    assert rules.next_steps_window(
        starts_at=starts_at, ends_at=ends_at, thank_you_within_hours=24
    ) == (starts_at, ends_at + dt.timedelta(hours=24))


@pytest.mark.parametrize(
    ("interviewer_ids", "keys"),
    [
        ((), ["thank_you:interview:7"]),
        ((11,), ["thank_you:interview:7:interviewer:11"]),
        (
            (11, 12),
            ["thank_you:interview:7:interviewer:11", "thank_you:interview:7:interviewer:12"],
        ),
    ],
)
def test_thank_you_is_one_step_per_interviewer_or_one(interviewer_ids, keys):
    steps = rules.thank_you_steps(
        interview=interview(interviewer_ids=interviewer_ids), settings=PlanSettings()
    )
    assert [s.key for s in steps] == keys
    assert [s.interviewer_id for s in steps] == (list(interviewer_ids) or [None])


# --- Business days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 10)),  # Monday → Tuesday
        (dt.date(2026, 3, 12), dt.date(2026, 3, 13)),  # Thursday → Friday
        (dt.date(2026, 3, 13), dt.date(2026, 3, 16)),  # Friday → Monday
        (dt.date(2026, 3, 14), dt.date(2026, 3, 16)),  # Saturday → Monday
        (dt.date(2026, 3, 15), dt.date(2026, 3, 16)),  # Sunday → Monday
    ],
)
def test_next_business_day_after(day, expected):
    assert rules.next_business_day_after(day) == expected


# --- Follow up with the employer ---------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "zone", "ends", "decision_on", "sent", "expected_day"),
    [
        (
            "decision on a Friday → Monday",
            "UTC",
            (2026, 3, 10, 15),
            dt.date(2026, 3, 13),
            None,
            dt.date(2026, 3, 16),
        ),
        (
            "decision on a Wednesday → Thursday",
            "UTC",
            (2026, 3, 10, 15),
            dt.date(2026, 3, 18),
            None,
            dt.date(2026, 3, 19),
        ),
        (
            "decision on a Saturday → Monday",
            "UTC",
            (2026, 3, 10, 15),
            dt.date(2026, 3, 21),
            (2026, 3, 10, 18),
            dt.date(2026, 3, 23),
        ),
        (
            "no timeline: 7 days after the thank-you",
            "UTC",
            (2026, 3, 10, 15),
            None,
            (2026, 3, 11, 9),
            dt.date(2026, 3, 18),
        ),
        (
            "no timeline, never sent: 7 days after the end",
            "UTC",
            (2026, 3, 10, 15),
            None,
            None,
            dt.date(2026, 3, 17),
        ),
        (
            "no timeline, sent on a Saturday: lands on Monday",
            "UTC",
            (2026, 3, 13, 15),
            None,
            (2026, 3, 14, 10),
            dt.date(2026, 3, 23),
        ),
        (
            "23:30 local end counts from the local date, not the UTC one",
            NY,
            (2026, 3, 10, 23, 30),
            None,
            None,
            dt.date(2026, 3, 17),
        ),
        (
            "thank-you sent before a later reschedule: counts from the end",
            "UTC",
            (2026, 3, 12, 15),
            None,
            (2026, 3, 9, 10),
            dt.date(2026, 3, 19),
        ),
    ],
)
def test_first_follow_up_day(case, zone, ends, decision_on, sent, expected_day):
    day = rules.first_follow_up_day(
        ends_at=local(zone, *ends),
        expected_decision_on=decision_on,
        thank_you_sent_at=local(zone, *sent) if sent else None,
        follow_up_after_days=7,
        zone=zone,
    )
    assert day == expected_day, case


@pytest.mark.parametrize(
    ("case", "decision_on", "do_not_contact_before", "expected_day"),
    [
        ("later than the 7-day rule wins", None, dt.date(2026, 3, 25), dt.date(2026, 3, 25)),
        (
            "earlier than the 7-day rule changes nothing",
            None,
            dt.date(2026, 3, 12),
            dt.date(2026, 3, 17),
        ),
        ("on a Saturday: the Monday after", None, dt.date(2026, 3, 28), dt.date(2026, 3, 30)),
        (
            "later than the decision rule wins",
            dt.date(2026, 3, 13),
            dt.date(2026, 3, 20),
            dt.date(2026, 3, 20),
        ),
    ],
)
def test_do_not_contact_before_is_honoured(case, decision_on, do_not_contact_before, expected_day):
    step = rules.follow_up_step(
        interview=interview(
            expected_decision_on=decision_on, do_not_contact_before=do_not_contact_before
        ),
        thank_you_sent_at=None,
        closed=(),
        settings=PlanSettings(),
    )
    assert step.opens_at == rules.at_local_time(expected_day, dt.time(9), "UTC"), case


def test_follow_up_opens_on_a_business_morning_and_is_due_by_the_next_close():
    step = rules.follow_up_step(
        interview=interview(expected_decision_on=dt.date(2026, 3, 13)),
        thank_you_sent_at=None,
        closed=(),
        settings=PlanSettings(zone=BERLIN),
    )
    assert step.opens_at == local(BERLIN, 2026, 3, 16, 9, 0)
    assert step.due_at == local(BERLIN, 2026, 3, 17, 17, 0)
    assert (step.kind, step.sequence, step.key) == ("follow_up", 1, "follow_up:interview:7:1")


DONE_AT = local("UTC", 2026, 3, 18, 11, 0)  # a Wednesday


@pytest.mark.parametrize(
    ("case", "closed", "max_follow_ups", "spacing", "kind", "sequence", "opens_day"),
    [
        ("none yet: the first", [], 2, 7, "follow_up", 1, dt.date(2026, 3, 17)),
        (
            "one done: the second, spaced 7 days",
            [("done", DONE_AT)],
            2,
            7,
            "follow_up",
            2,
            dt.date(2026, 3, 25),
        ),
        (
            "one done, spacing 10 days",
            [("done", DONE_AT)],
            2,
            10,
            "follow_up",
            2,
            dt.date(2026, 3, 30),
        ),  # Saturday 28th → Monday
        (
            "cap reached: move on",
            [("done", DONE_AT - dt.timedelta(days=7)), ("done", DONE_AT)],
            2,
            7,
            "move_on",
            1,
            dt.date(2026, 3, 25),
        ),
        (
            "a skipped one counts against the cap",
            [("skipped", DONE_AT - dt.timedelta(days=7)), ("done", DONE_AT)],
            2,
            7,
            "move_on",
            1,
            dt.date(2026, 3, 25),
        ),
        ("cap of one", [("done", DONE_AT)], 1, 7, "move_on", 1, dt.date(2026, 3, 25)),
        (
            "a not-needed one does not count",
            [("not_needed", DONE_AT)],
            2,
            7,
            "follow_up",
            2,
            dt.date(2026, 3, 17),
        ),
    ],
)
def test_follow_up_cap_and_spacing(
    case, closed, max_follow_ups, spacing, kind, sequence, opens_day
):
    step = rules.follow_up_step(
        interview=interview(),
        thank_you_sent_at=None,
        closed=[ClosedFollowUp(status=s, closed_at=at) for s, at in closed],
        settings=PlanSettings(max_follow_ups=max_follow_ups, follow_up_spacing_days=spacing),
    )
    assert (step.kind, step.sequence) == (kind, sequence), case
    assert step.opens_at == rules.at_local_time(opens_day, dt.time(9), "UTC"), case


def test_follow_up_spacing_still_honours_do_not_contact_before():
    step = rules.follow_up_step(
        interview=interview(do_not_contact_before=dt.date(2026, 4, 6)),
        thank_you_sent_at=None,
        closed=[ClosedFollowUp(status="done", closed_at=DONE_AT)],
        settings=PlanSettings(),
    )
    assert step.opens_at == local("UTC", 2026, 4, 6, 9)


# --- The whole application ---------------------------------------------------------------


def application(**overrides):
    values = {
        "id": 3,
        "status": "interviewing",
        "interviews": [interview(interviewer_ids=(11, 12))],
    }
    values.update(overrides)
    return ApplicationFacts(**values)


def test_application_plan_has_every_step_kind_of_an_interview():
    steps = rules.application_plan(
        application=application(references=[ReferenceFacts(reference_id=5)]),
        settings=PlanSettings(),
    )
    assert [(s.kind, s.interviewer_id, s.reference_id) for s in steps] == [
        ("next_steps", None, None),
        ("thank_you", 11, None),
        ("thank_you", 12, None),
        ("self_evaluation", None, None),
        ("brief_references", None, 5),
        ("follow_up", None, None),
    ]
    assert len({s.key for s in steps}) == len(steps)


@pytest.mark.parametrize("status", sorted(rules.SETTLED_STATUSES))
def test_a_settled_application_wants_no_steps(status):
    assert (
        rules.application_plan(application=application(status=status), settings=PlanSettings())
        == []
    )


def test_one_brief_step_per_reference_from_the_first_round():
    first = interview(id=7)
    second = interview(
        id=8,
        starts_at=local("UTC", 2026, 3, 20, 14),
        ends_at=local("UTC", 2026, 3, 20, 15),
    )
    briefed = local("UTC", 2026, 3, 10, 20)
    steps = rules.application_plan(
        application=application(
            interviews=[second, first],
            references=[ReferenceFacts(5), ReferenceFacts(6, briefed_at=briefed)],
        ),
        settings=PlanSettings(),
    )
    briefs = [s for s in steps if s.kind == "brief_references"]
    assert [(s.reference_id, s.interview_id, s.done_at) for s in briefs] == [
        (5, 7, None),
        (6, 7, briefed),
    ]


def test_never_two_follow_ups_at_once_the_latest_round_owns_it():
    first = interview(id=7)
    second = interview(
        id=8, starts_at=local("UTC", 2026, 3, 20, 14), ends_at=local("UTC", 2026, 3, 20, 15)
    )
    steps = rules.application_plan(
        application=application(
            interviews=[first, second],
            closed_follow_ups={7: [ClosedFollowUp("done", DONE_AT)]},
        ),
        settings=PlanSettings(),
    )
    follow_ups = [s for s in steps if s.kind in ("follow_up", "move_on")]
    assert [(s.interview_id, s.sequence) for s in follow_ups] == [(8, 1)]


def test_recorded_facts_mark_steps_done():
    recorded = local("UTC", 2026, 3, 10, 16)
    evaluated = local("UTC", 2026, 3, 10, 17)
    steps = rules.application_plan(
        application=application(
            interviews=[
                interview(next_steps_recorded_at=recorded, evaluation_completed_at=evaluated)
            ]
        ),
        settings=PlanSettings(),
    )
    done = {s.kind: s.done_at for s in steps if s.done_at}
    assert done == {"next_steps": recorded, "self_evaluation": evaluated}


@pytest.mark.parametrize(
    ("next_steps", "decision_on", "instructions", "recorded"),
    [
        ("", None, "", False),
        ("", None, "   ", False),
        ("given", None, "", True),
        ("not_given", None, "", True),
        ("", dt.date(2026, 3, 20), "", True),
        ("", None, "Email Sam after two weeks", True),
    ],
)
def test_next_steps_recorded(next_steps, decision_on, instructions, recorded):
    assert (
        rules.next_steps_recorded(
            next_steps=next_steps, decision_on=decision_on, instructions=instructions
        )
        is recorded
    )


# --- Keep looking ------------------------------------------------------------------------

NOW = local(BERLIN, 2026, 3, 12, 10, 0)  # Thursday


@pytest.mark.parametrize(
    ("case", "awaiting", "accepted", "applied", "target", "wanted", "done"),
    [
        ("waiting, behind target", 1, False, 2, 3, True, False),
        ("waiting, target met", 2, False, 3, 3, True, True),
        ("nothing awaits a decision", 0, False, 0, 3, False, False),
        ("an offer was accepted", 2, True, 0, 3, False, False),
        ("no weekly target", 1, False, 0, 0, False, False),
    ],
)
def test_keep_looking(case, awaiting, accepted, applied, target, wanted, done):
    step = rules.keep_looking_step(
        awaiting_decision=awaiting,
        offer_accepted=accepted,
        applied_this_week=applied,
        now=NOW,
        settings=PlanSettings(zone=BERLIN, weekly_application_target=target),
    )
    assert (step is not None) is wanted, case
    if step:
        assert step.key == "keep_looking:2026-W11"
        assert step.opens_at == local(BERLIN, 2026, 3, 9, 0, 0)
        assert step.due_at == local(BERLIN, 2026, 3, 16, 0, 0)
        assert (step.done_at == NOW) is done, case


@pytest.mark.parametrize(
    ("now", "zone", "monday"),
    [
        (local("UTC", 2026, 3, 16, 3, 0), "UTC", dt.date(2026, 3, 16)),
        # Monday 03:00 UTC is still Sunday evening in New York: last week.
        (local("UTC", 2026, 3, 16, 3, 0), NY, dt.date(2026, 3, 9)),
        (local("UTC", 2026, 3, 15, 23, 30), BERLIN, dt.date(2026, 3, 16)),
    ],
)
def test_week_bounds_use_the_local_week(now, zone, monday):
    assert rules.week_bounds(now, zone) == (monday, monday + dt.timedelta(days=6))


# --- Snooze, describing windows, urgency --------------------------------------------------


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("3h", local(BERLIN, 2026, 3, 12, 13, 0)),
        ("tomorrow", local(BERLIN, 2026, 3, 13, 9, 0)),
        ("next_week", local(BERLIN, 2026, 3, 16, 9, 0)),
    ],
)
def test_snooze_until(option, expected):
    assert rules.snooze_until(now=NOW, option=option, zone=BERLIN) == expected


def test_snooze_refuses_an_unknown_option():
    with pytest.raises(ValueError, match="unknown snooze option"):
        rules.snooze_until(now=NOW, option="forever", zone=BERLIN)


H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("opens", "due", "expected"),
    [
        (-H, 5 * H, "due in 5 h"),
        (-H, 5 * H + dt.timedelta(minutes=59), "due in 5 h"),
        (-H, dt.timedelta(minutes=20), "due in 20 min"),
        (-H, dt.timedelta(seconds=10), "due in 1 min"),
        (-H, 3 * 24 * H, "due in 3 days"),
        (-H, 35 * H, "due in 35 h"),
        (-H, 47 * H, "due in 2 days"),
        (-3 * 24 * H, -2 * 24 * H, "overdue by 2 days"),
        (-3 * 24 * H, -3 * H, "overdue by 3 h"),
        (2 * 24 * H, 4 * 24 * H, "opens in 2 days"),
        (-H, None, "open"),
    ],
)
def test_describe_window(opens, due, expected):
    now = local("UTC", 2026, 3, 12, 10)
    assert (
        rules.describe_window(opens_at=now + opens, due_at=due and now + due, now=now) == expected
    )


@pytest.mark.parametrize(
    ("case", "zone", "opens", "due", "expected"),
    [
        ("past due", "UTC", -5 * H, -H, "overdue"),
        ("due tonight", "UTC", -5 * H, 8 * H, "due_today"),
        ("open, due tomorrow", "UTC", -5 * H, 20 * H, "up_next"),
        # 10:00 UTC + 15 h = 01:00 UTC tomorrow, still today (20:00) in New York.
        ("due tonight in New York", NY, -5 * H, 15 * H, "due_today"),
        ("not open yet, due today", "UTC", H, 3 * H, "opening_soon"),
        ("opens in 3 days", "UTC", 72 * H, 96 * H, "opening_soon"),
        ("opens in 10 days", "UTC", 240 * H, 260 * H, "later"),
    ],
)
def test_urgency(case, zone, opens, due, expected):
    now = local("UTC", 2026, 3, 12, 10)
    assert rules.urgency(opens_at=now + opens, due_at=now + due, now=now, zone=zone) == expected, (
        case
    )


def test_plan_settings_come_from_the_user():
    class U:
        time_zone = BERLIN
        thank_you_within_hours = 12
        self_evaluation_within_hours = 2
        follow_up_after_days = 5
        max_follow_ups = 1
        follow_up_spacing_days = 9
        weekly_application_target = 4

    assert PlanSettings.for_user(U()) == PlanSettings(BERLIN, 12, 2, 5, 1, 9, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kafka streams.", "Kafka streams"),
        ("- portfolio\n- references list\n\n", "portfolio; references list"),
        ("", ""),
    ],
)
def test_one_line(text, expected):
    assert rules.one_line(text) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("How product and engineering agree", "how product and engineering agree"),
        ("The payments migration", "the payments migration"),
        ("Kubernetes upgrades", "Kubernetes upgrades"),
        ("AWS costs", "AWS costs"),
        ("A", "A"),
        ("", ""),
    ],
)
def test_mid_sentence_lowers_only_sentence_starters(phrase, expected):
    assert rules.mid_sentence(phrase) == expected


def test_describe_window_counts_elapsed_time_across_a_dst_change():
    # 00:00 → 12:00 local on the day New York springs forward is 11 elapsed hours.
    now = local(NY, 2026, 3, 8, 0, 0)
    assert (
        rules.describe_window(opens_at=now, due_at=local(NY, 2026, 3, 8, 12, 0), now=now)
        == "due in 11 h"
    )
