"""Pure rules of applications and interview rounds: plain values in, plain values out."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from .models import ApplicationStatus as S
from .models import NextSteps

# Which moves a user (or another app) may make. A closed application can be reopened:
# employers who went quiet do come back, and a rejection for one role can turn into
# interviews for another. Nothing goes back to "applied" (a starting point, reached from the
# wishlist once the application is sent) nor to the wishlist.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # A saved posting is sent, or dropped (withdrawn: not interested after all).
    S.WISHLIST: frozenset({S.APPLIED, S.WITHDRAWN}),
    S.APPLIED: frozenset({S.INTERVIEWING, S.OFFER, S.REJECTED, S.WITHDRAWN, S.NO_RESPONSE}),
    S.INTERVIEWING: frozenset({S.OFFER, S.REJECTED, S.WITHDRAWN, S.NO_RESPONSE}),
    S.OFFER: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    # Backing out after accepting happens (a counter-offer, a better offer).
    S.ACCEPTED: frozenset({S.WITHDRAWN}),
    S.REJECTED: frozenset({S.INTERVIEWING}),
    S.WITHDRAWN: frozenset({S.INTERVIEWING}),
    # A late reply turns "no response" into any real answer.
    S.NO_RESPONSE: frozenset({S.INTERVIEWING, S.OFFER, S.REJECTED}),
}

# The label of the button that makes each move on the application page.
ACTION_LABELS: dict[str, str] = {
    S.APPLIED: "Applied",
    S.INTERVIEWING: "Interviewing",
    S.OFFER: "Got an offer",
    S.ACCEPTED: "Accepted the offer",
    S.REJECTED: "Rejected",
    S.WITHDRAWN: "Withdrew",
    S.NO_RESPONSE: "No response",
}


def can_transition(from_status: str, to_status: str) -> bool:
    """True when an application may move from `from_status` to `to_status`."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def transition_label(from_status: str, to_status: str) -> str:
    """The button text for a move; moving out of a closed status reads as reopening."""
    if to_status == S.INTERVIEWING and from_status in S.closed():
        return "Reopen (interviewing again)"
    return ACTION_LABELS[to_status]


def allowed_next_statuses(from_status: str) -> list[str]:
    """The statuses reachable from `from_status`, in the order of the status choices."""
    allowed = ALLOWED_TRANSITIONS.get(from_status, frozenset())
    return [value for value in S.values if value in allowed]


def status_after_round_logged(status: str) -> str | None:
    """The status an application moves to when a round is logged, or None to stay."""
    return S.INTERVIEWING if status == S.APPLIED else None


# --- Dates and times entered by the user ------------------------------------------------

# Interviews happen within a few years of today; anything further is a typo (1900, 2090).
INTERVIEW_YEARS_BACK = 5
INTERVIEW_YEARS_AHEAD = 2
APPLIED_YEARS_BACK = 10
MAX_ROUND_HOURS = 24


def years_before(day: dt.date, years: int) -> dt.date:
    """`day` moved back by whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    """`day` moved forward by whole years (29 February becomes 28 February)."""
    return years_before(day, -years)


def interview_date_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date an interview (or a date said in one) may fall on."""
    return years_before(today, INTERVIEW_YEARS_BACK), years_after(today, INTERVIEW_YEARS_AHEAD)


def date_applied_problem(date_applied: dt.date, today: dt.date) -> str | None:
    """Why `date_applied` cannot be right, or None when it can."""
    if date_applied > today:
        return "The date you applied cannot be in the future."
    if date_applied < years_before(today, APPLIED_YEARS_BACK):
        return f"That is more than {APPLIED_YEARS_BACK} years ago — check the year."
    return None


def default_date_applied(
    *, today: dt.date, round_day: dt.date, applied_on: dt.date | None = None
) -> dt.date:
    """When an application first logged with a round was sent: the day the user gave, else
    (they don't remember) the last day before this week, by the round at the latest.

    Not the round's day: the weekly goal counts applications sent in a week, and logging an
    interview is not sending an application (weeks start on Monday, as the goal's do).
    """
    if applied_on is not None:
        return applied_on
    before_this_week = today - dt.timedelta(days=today.weekday() + 1)
    return min(before_this_week, round_day)


def date_in_window_problem(day: dt.date, today: dt.date) -> str | None:
    """Why an interview-related date is implausible (decades away), or None."""
    first, last = interview_date_window(today)
    if day < first:
        return f"That is more than {INTERVIEW_YEARS_BACK} years ago — check the year."
    if day > last:
        return f"That is more than {INTERVIEW_YEARS_AHEAD} years ahead — check the year."
    return None


def round_times_problem(starts: dt.datetime, ends: dt.datetime) -> str | None:
    """Why a round's end cannot go with its start, or None."""
    if ends < starts:
        return "The end is before the start."
    if ends - starts > dt.timedelta(hours=MAX_ROUND_HOURS):
        return f"A round lasts at most {MAX_ROUND_HOURS} hours; log a multi-day onsite as rounds."
    return None


@dataclass(frozen=True)
class LocalTime:
    """A wall-clock time read in a zone: the instant it means, and what was wrong with it."""

    instant: dt.datetime | None
    problem: str | None = None


def resolve_local_time(wall: dt.datetime, zone: zoneinfo.ZoneInfo) -> LocalTime:
    """Turn a naive wall-clock time in `zone` into an aware UTC instant.

    A time skipped when clocks go forward does not exist: it is refused with the time
    that does, rather than silently moved. A repeated time (clocks go back) means its
    first occurrence, as a calendar would.
    """
    aware = wall.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(dt.UTC)
    round_trip = instant.astimezone(zone).replace(tzinfo=None)
    if round_trip != wall.replace(tzinfo=None):
        return LocalTime(
            None,
            f"{wall:%H:%M} does not exist on {wall:%d %b %Y} in {zone.key}: the clocks "
            f"go forward then. Did you mean {round_trip:%H:%M}?",
        )
    return LocalTime(instant)


def inferred_next_steps(next_steps: str, *, has_decision_date: bool, has_instructions: bool) -> str:
    """A blank answer with a decision date or instructions filled in means they gave some."""
    if not next_steps and (has_decision_date or has_instructions):
        return NextSteps.GIVEN
    return next_steps


def next_steps_problems(
    *,
    next_steps: str,
    expected_decision_on: dt.date | None,
    do_not_contact_before: dt.date | None,
    round_day: dt.date | None,
) -> dict[str, str]:
    """Contradictions in what was recorded about next steps, by field name."""
    problems: dict[str, str] = {}
    if expected_decision_on and next_steps == NextSteps.NOT_GIVEN:
        problems["expected_decision_on"] = (
            "You said no timeline was given: clear this date, or choose that they gave one."
        )
    elif expected_decision_on and round_day and expected_decision_on < round_day:
        problems["expected_decision_on"] = "The decision date is before the interview."
    if do_not_contact_before and round_day and do_not_contact_before < round_day:
        problems["do_not_contact_before"] = "This date is before the interview."
    return problems


@dataclass(frozen=True)
class NextStepsAnswer:
    """What a round records about next steps once the rules have read it."""

    next_steps: str
    problems: dict[str, str]


def next_steps_answer(
    *,
    next_steps: str,
    expected_decision_on: dt.date | None,
    follow_up_instructions: str,
    do_not_contact_before: dt.date | None,
    round_day: dt.date | None,
) -> NextStepsAnswer:
    """The answer to "ask about next steps" as stored: a blank one filled in from a decision
    date or instructions, with its contradictions by field name (none when it holds)."""
    answer = inferred_next_steps(
        next_steps,
        has_decision_date=bool(expected_decision_on),
        has_instructions=bool(follow_up_instructions),
    )
    return NextStepsAnswer(
        next_steps=answer,
        problems=next_steps_problems(
            next_steps=answer,
            expected_decision_on=expected_decision_on,
            do_not_contact_before=do_not_contact_before,
            round_day=round_day,
        ),
    )
