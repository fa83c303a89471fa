"""The follow-up plan's rules: pure functions over plain values.

Nothing here touches the database. The services gather the facts (datetimes in UTC,
the user's zone name, the user's plan settings), call these functions and reconcile the
returned list of desired steps with the stored `FollowUpStep` rows by `key`.

Durations in hours ("within 24 hours") are elapsed time, so "due in 5 h" is always true
even across a daylight-saving change. Durations in days ("7 days after the thank-you")
are calendar days in the user's zone, landing on a business morning, because that is how
a person plans an email to an employer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from interviews.models import ApplicationStatus

UTC = dt.UTC

# Step kinds and statuses as plain strings, mirrored by `followups.models.StepKind`.
NEXT_STEPS = "next_steps"
THANK_YOU = "thank_you"
BRIEF_REFERENCES = "brief_references"
SELF_EVALUATION = "self_evaluation"
FOLLOW_UP = "follow_up"
MOVE_ON = "move_on"
KEEP_LOOKING = "keep_looking"
OFFER_CONFIRM = "offer_confirm"
OFFER_DECIDE = "offer_decide"
OFFER_RESPOND = "offer_respond"
OFFER_NEWS = "offer_news"

DONE = "done"
SKIPPED = "skipped"
NOT_NEEDED = "not_needed"

# Application statuses after which nothing more is chased: the closed ones, and an offer (a
# decision too). Stated by ApplicationStatus, not here.
SETTLED_STATUSES = ApplicationStatus.closed() | {ApplicationStatus.OFFER}

# An email to an employer goes out on a business morning and is due by the next
# business day's close.
BUSINESS_MORNING = dt.time(9, 0)
BUSINESS_CLOSE = dt.time(17, 0)
OPENING_SOON_DAYS = 7


@dataclass(frozen=True)
class PlanSettings:
    """A user's plan defaults (accounts.User fields), as plain numbers."""

    zone: str = "UTC"
    thank_you_within_hours: int = 24
    self_evaluation_within_hours: int = 3
    follow_up_after_days: int = 7
    max_follow_ups: int = 2
    follow_up_spacing_days: int = 7
    weekly_application_target: int = 3

    @classmethod
    def for_user(cls, user) -> PlanSettings:
        """Read the plan defaults from a user (any object with the accounts.User fields)."""
        return cls(
            zone=user.time_zone or "UTC",
            thank_you_within_hours=user.thank_you_within_hours,
            self_evaluation_within_hours=user.self_evaluation_within_hours,
            follow_up_after_days=user.follow_up_after_days,
            max_follow_ups=user.max_follow_ups,
            follow_up_spacing_days=user.follow_up_spacing_days,
            weekly_application_target=user.weekly_application_target,
        )

    @property
    def tz(self) -> ZoneInfo:
        return zone_info(self.zone)


@dataclass(frozen=True)
class DesiredStep:
    """One step the rules want to exist, identified by a stable `key`.

    `done_at` set means the facts already show it done (e.g. the self-evaluation was
    filled in), so an open row with this key is closed as done at that time.
    """

    key: str
    kind: str
    opens_at: dt.datetime
    due_at: dt.datetime | None
    application_id: int | None = None
    interview_id: int | None = None
    interviewer_id: int | None = None
    reference_id: int | None = None
    sequence: int = 1
    done_at: dt.datetime | None = None


@dataclass(frozen=True)
class InterviewFacts:
    """What the rules need to know about one interview."""

    id: int
    application_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    interviewer_ids: Sequence[int] = ()
    next_steps_recorded_at: dt.datetime | None = None
    evaluation_completed_at: dt.datetime | None = None
    expected_decision_on: dt.date | None = None
    do_not_contact_before: dt.date | None = None


@dataclass(frozen=True)
class ClosedFollowUp:
    """A follow-up step that is no longer open: its status and when it closed."""

    status: str
    closed_at: dt.datetime


@dataclass(frozen=True)
class ReferenceFacts:
    """A reference given to the application, and when it was briefed (if it was)."""

    reference_id: int
    briefed_at: dt.datetime | None = None


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the rules need about one application to plan it."""

    id: int
    status: str
    interviews: Sequence[InterviewFacts] = ()
    references: Sequence[ReferenceFacts] = ()
    # Keyed by interview id: when that interview's thank-you notes were marked sent.
    thank_you_sent_at: dict[int, dt.datetime] = field(default_factory=dict)
    # Keyed by interview id: the closed follow-ups for it, oldest first.
    closed_follow_ups: dict[int, Sequence[ClosedFollowUp]] = field(default_factory=dict)
    # When the employer last replied ("they replied" on a follow-up step).
    answer_received_at: dt.datetime | None = None
    # This application's own offer (status "offer"), and the owner's offers elsewhere.
    offer: OfferFacts | None = None
    other_offers: Sequence[OfferFacts] = ()


@dataclass(frozen=True)
class OfferFacts:
    """An offer: which application, when it came, and its deadline (None: none given)."""

    application_id: int
    offered_at: dt.datetime
    deadline_at: dt.datetime | None = None


# --- Time helpers ------------------------------------------------------------------------


def zone_info(name: str) -> ZoneInfo:
    """The ZoneInfo for a zone name, UTC when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The calendar date of `moment` in `zone` (23:30 in New York is not the UTC date)."""
    return moment.astimezone(zone_info(zone)).date()


def at_local_time(day: dt.date, at: dt.time, zone: str) -> dt.datetime:
    """`day` at wall-clock `at` in `zone`, as an aware UTC datetime."""
    return dt.datetime.combine(day, at, tzinfo=zone_info(zone)).astimezone(UTC)


def hours_after(moment: dt.datetime, hours: int) -> dt.datetime:
    """`hours` elapsed hours after `moment`, in UTC.

    Python adds a timedelta to an aware datetime on the wall clock of its own zone, which
    would make "24 hours" 23 or 25 across a DST change; UTC arithmetic is elapsed time.
    """
    return moment.astimezone(UTC) + dt.timedelta(hours=hours)


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday (public holidays vary too much by country to guess)."""
    return day.weekday() < 5


def on_or_next_business_day(day: dt.date) -> dt.date:
    """`day` itself when it is a business day, else the Monday after."""
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def next_business_day_after(day: dt.date) -> dt.date:
    """The first business day strictly after `day` (Friday → Monday)."""
    return on_or_next_business_day(day + dt.timedelta(days=1))


def business_window(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """Opens on business day `day` at 09:00 local, due by 17:00 local the next business day."""
    return (
        at_local_time(day, BUSINESS_MORNING, zone),
        at_local_time(next_business_day_after(day), BUSINESS_CLOSE, zone),
    )


# --- One rule per step kind --------------------------------------------------------------


def next_steps_window(
    *, starts_at: dt.datetime, ends_at: dt.datetime, thank_you_within_hours: int
) -> tuple[dt.datetime, dt.datetime]:
    """Ask about next steps: open from the interview's start.

    Due with the thank-you note: if the question was forgotten in the room, the note is
    the natural place to ask it.
    """
    return starts_at.astimezone(UTC), hours_after(ends_at, thank_you_within_hours)


def thank_you_window(*, ends_at: dt.datetime, within_hours: int) -> tuple[dt.datetime, dt.datetime]:
    """Thank-you note: opens when the interview ends, due `within_hours` elapsed hours later."""
    return ends_at.astimezone(UTC), hours_after(ends_at, within_hours)


def thank_you_steps(*, interview: InterviewFacts, settings: PlanSettings) -> list[DesiredStep]:
    """One thank-you step per interviewer when they are known (each gets a personal note),
    else a single step for the interview."""
    opens_at, due_at = thank_you_window(
        ends_at=interview.ends_at, within_hours=settings.thank_you_within_hours
    )
    common = {
        "kind": THANK_YOU,
        "opens_at": opens_at,
        "due_at": due_at,
        "application_id": interview.application_id,
        "interview_id": interview.id,
    }
    if not interview.interviewer_ids:
        return [DesiredStep(key=f"thank_you:interview:{interview.id}", **common)]
    return [
        DesiredStep(
            key=f"thank_you:interview:{interview.id}:interviewer:{interviewer_id}",
            interviewer_id=interviewer_id,
            sequence=position,
            **common,
        )
        for position, interviewer_id in enumerate(interview.interviewer_ids, start=1)
    ]


def brief_reference_window(
    *, ends_at: dt.datetime, within_hours: int
) -> tuple[dt.datetime, dt.datetime]:
    """Brief references: opens at the interview's end, due within the thank-you window
    (24 h by default) — before the employer is likely to call them."""
    return ends_at.astimezone(UTC), hours_after(ends_at, within_hours)


def self_evaluation_window(
    *, ends_at: dt.datetime, within_hours: int
) -> tuple[dt.datetime, dt.datetime]:
    """Self-evaluation: opens at the end, due `within_hours` later (3 h by default) while
    memory is fresh — even when that is past midnight after a late interview."""
    return ends_at.astimezone(UTC), hours_after(ends_at, within_hours)


def first_follow_up_day(
    *,
    ends_at: dt.datetime,
    expected_decision_on: dt.date | None,
    thank_you_sent_at: dt.datetime | None,
    follow_up_after_days: int,
    zone: str,
) -> dt.date:
    """The local date of the first follow-up with the employer.

    A decision date given → the next business day after it. No timeline → the
    `follow_up_after_days` after the thank-you note was marked sent (after the interview's
    end if it never was), moved to a business day.
    """
    if expected_decision_on is not None:
        return next_business_day_after(expected_decision_on)
    anchor = ends_at if thank_you_sent_at is None else max(ends_at, thank_you_sent_at)
    return on_or_next_business_day(
        local_date(anchor, zone) + dt.timedelta(days=follow_up_after_days)
    )


def honour_do_not_contact(day: dt.date, do_not_contact_before: dt.date | None) -> dt.date:
    """Never before the date they asked for: that date itself is fine (if a business day)."""
    if do_not_contact_before is not None and day < do_not_contact_before:
        return on_or_next_business_day(do_not_contact_before)
    return day


def follow_up_step(
    *,
    interview: InterviewFacts,
    thank_you_sent_at: dt.datetime | None,
    closed: Sequence[ClosedFollowUp],
    settings: PlanSettings,
) -> DesiredStep | None:
    """The single next follow-up step for the application's latest interview, or the
    "move on" step once `max_follow_ups` were done or skipped.

    Only one is ever returned, so two follow-ups are never open at once. Each follow-up
    after the first waits `follow_up_spacing_days` after the previous one closed.
    """
    used = [c for c in closed if c.status in (DONE, SKIPPED)]
    zone = settings.zone
    if not used:
        day = first_follow_up_day(
            ends_at=interview.ends_at,
            expected_decision_on=interview.expected_decision_on,
            thank_you_sent_at=thank_you_sent_at,
            follow_up_after_days=settings.follow_up_after_days,
            zone=zone,
        )
    else:
        last_closed = max(c.closed_at for c in used)
        day = on_or_next_business_day(
            local_date(last_closed, zone) + dt.timedelta(days=settings.follow_up_spacing_days)
        )
    day = honour_do_not_contact(day, interview.do_not_contact_before)
    opens_at, due_at = business_window(day, zone)
    if len(used) >= settings.max_follow_ups:
        return DesiredStep(
            key=f"move_on:interview:{interview.id}",
            kind=MOVE_ON,
            opens_at=opens_at,
            due_at=hours_after(opens_at, 24 * settings.follow_up_spacing_days),
            application_id=interview.application_id,
            interview_id=interview.id,
        )
    sequence = len(closed) + 1
    return DesiredStep(
        key=f"follow_up:interview:{interview.id}:{sequence}",
        kind=FOLLOW_UP,
        opens_at=opens_at,
        due_at=due_at,
        application_id=interview.application_id,
        interview_id=interview.id,
        sequence=sequence,
    )


def application_plan(*, application: ApplicationFacts, settings: PlanSettings) -> list[DesiredStep]:
    """Every step one application should have right now, from its facts.

    A settled application (offer, accepted, rejected, withdrawn, no response) wants none,
    so its open steps end as "not needed".
    """
    if application.status == "offer" and application.offer is not None:
        return offer_steps(offer=application.offer)
    if application.status in SETTLED_STATUSES:
        return []
    # Every open process hears of an offer elsewhere, with a round logged or not.
    offer_news = [
        step
        for offer in application.other_offers
        if (step := offer_news_step(application_id=application.id, offer=offer))
    ]
    if not application.interviews:
        return offer_news
    interviews = sorted(application.interviews, key=lambda i: (i.starts_at, i.id))
    steps: list[DesiredStep] = []
    for interview in interviews:
        opens_at, due_at = next_steps_window(
            starts_at=interview.starts_at,
            ends_at=interview.ends_at,
            thank_you_within_hours=settings.thank_you_within_hours,
        )
        steps.append(
            DesiredStep(
                key=f"next_steps:interview:{interview.id}",
                kind=NEXT_STEPS,
                opens_at=opens_at,
                due_at=due_at,
                application_id=application.id,
                interview_id=interview.id,
                done_at=interview.next_steps_recorded_at,
            )
        )
        steps.extend(thank_you_steps(interview=interview, settings=settings))
        opens_at, due_at = self_evaluation_window(
            ends_at=interview.ends_at, within_hours=settings.self_evaluation_within_hours
        )
        steps.append(
            DesiredStep(
                key=f"self_evaluation:interview:{interview.id}",
                kind=SELF_EVALUATION,
                opens_at=opens_at,
                due_at=due_at,
                application_id=application.id,
                interview_id=interview.id,
                done_at=interview.evaluation_completed_at,
            )
        )

    # References are briefed once per application, from the first round on.
    first = interviews[0]
    opens_at, due_at = brief_reference_window(
        ends_at=first.ends_at, within_hours=settings.thank_you_within_hours
    )
    steps.extend(
        DesiredStep(
            key=f"brief_reference:application:{application.id}:reference:{ref.reference_id}",
            kind=BRIEF_REFERENCES,
            opens_at=opens_at,
            due_at=due_at,
            application_id=application.id,
            interview_id=first.id,
            reference_id=ref.reference_id,
            done_at=ref.briefed_at,
        )
        for ref in application.references
    )

    # Following up is about the latest round only: a new round resets the silence.
    steps.extend(offer_news)
    latest = interviews[-1]
    if application.answer_received_at is not None and application.answer_received_at >= _utc(
        latest.ends_at
    ):
        return steps  # they answered after the latest round: nothing left to chase
    follow_up = follow_up_step(
        interview=latest,
        thank_you_sent_at=application.thank_you_sent_at.get(latest.id),
        closed=application.closed_follow_ups.get(latest.id, ()),
        settings=settings,
    )
    if follow_up is not None:
        steps.append(follow_up)
    return steps


# --- An offer and its deadline ------------------------------------------------------------

# Thank them and confirm the deadline within a day; tell the other employers within a day
# too, while their answer can still arrive before the deadline. Decide a day before it
# (half the time left when less than two days remain), and respond by it.
OFFER_CONFIRM_WITHIN_HOURS = 24
OFFER_NEWS_WITHIN_HOURS = 24
OFFER_DECIDE_BEFORE_HOURS = 24


def _by_deadline(due: dt.datetime, deadline: dt.datetime | None) -> dt.datetime:
    """Never after the deadline."""
    return due if deadline is None else min(due, deadline.astimezone(UTC))


def offer_steps(*, offer: OfferFacts) -> list[DesiredStep]:
    """The offer's own steps: thank and confirm the deadline, decide, respond in time."""
    opens = offer.offered_at.astimezone(UTC)
    deadline = offer.deadline_at.astimezone(UTC) if offer.deadline_at else None
    if deadline is not None and deadline < opens:
        deadline = opens  # a deadline in the past (entered late): everything is due now
    confirm_due = _by_deadline(hours_after(opens, OFFER_CONFIRM_WITHIN_HOURS), deadline)
    decide_due = None
    if deadline is not None:
        before = min(dt.timedelta(hours=OFFER_DECIDE_BEFORE_HOURS), (deadline - opens) / 2)
        decide_due = deadline - before
    common = {"opens_at": opens, "application_id": offer.application_id}
    app = offer.application_id
    return [
        DesiredStep(
            key=f"offer_confirm:application:{app}", kind=OFFER_CONFIRM, due_at=confirm_due, **common
        ),
        DesiredStep(
            key=f"offer_decide:application:{app}", kind=OFFER_DECIDE, due_at=decide_due, **common
        ),
        DesiredStep(
            key=f"offer_respond:application:{app}", kind=OFFER_RESPOND, due_at=deadline, **common
        ),
    ]


def offer_news_step(*, application_id: int, offer: OfferFacts) -> DesiredStep | None:
    """On another open process: "tell them you have an offer with a deadline", due within a
    day of the offer and never after its deadline; none once the deadline has passed."""
    opens = offer.offered_at.astimezone(UTC)
    if offer.deadline_at is None or offer.deadline_at.astimezone(UTC) <= opens:
        return None
    return DesiredStep(
        key=f"offer_news:application:{application_id}:offer:{offer.application_id}",
        kind=OFFER_NEWS,
        opens_at=opens,
        due_at=_by_deadline(hours_after(opens, OFFER_NEWS_WITHIN_HOURS), offer.deadline_at),
        application_id=application_id,
    )


# --- Keep looking ------------------------------------------------------------------------


def week_bounds(now: dt.datetime, zone: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the local week containing `now`."""
    today = local_date(now, zone)
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def keep_looking_step(
    *,
    awaiting_decision: int,
    offer_accepted: bool,
    applied_this_week: int,
    now: dt.datetime,
    settings: PlanSettings,
) -> DesiredStep | None:
    """The standing "apply to other positions" step for the current local week.

    Wanted while any application awaits a decision and no offer was accepted (and the
    user has a weekly target); done once the week's target is met.
    """
    target = settings.weekly_application_target
    if offer_accepted or awaiting_decision == 0 or target == 0:
        return None
    monday, _ = week_bounds(now, settings.zone)
    iso_year, iso_week, _ = monday.isocalendar()
    return DesiredStep(
        key=f"keep_looking:{iso_year}-W{iso_week:02d}",
        kind=KEEP_LOOKING,
        opens_at=at_local_time(monday, dt.time(0, 0), settings.zone),
        due_at=at_local_time(monday + dt.timedelta(days=7), dt.time(0, 0), settings.zone),
        done_at=now if applied_this_week >= target else None,
    )


# --- Snoozing and describing windows -----------------------------------------------------

SNOOZE_CHOICES = (
    ("3h", "3 hours"),
    ("tomorrow", "Tomorrow morning"),
    ("next_week", "Next Monday"),
)


def snooze_until(*, now: dt.datetime, option: str, zone: str) -> dt.datetime:
    """When a step snoozed with `option` comes back (mornings are 09:00 local)."""
    if option == "3h":
        return hours_after(now, 3)
    today = local_date(now, zone)
    if option == "next_week":
        monday = today + dt.timedelta(days=7 - today.weekday())
        return at_local_time(monday, BUSINESS_MORNING, zone)
    if option == "tomorrow":
        return at_local_time(today + dt.timedelta(days=1), BUSINESS_MORNING, zone)
    raise ValueError(f"unknown snooze option {option!r}")


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    # Aware datetimes sharing a tzinfo subtract on the wall clock; UTC makes it elapsed time.
    return moment.astimezone(UTC) if moment is not None else None


def humanize_duration(delta: dt.timedelta) -> str:
    """A duration in words ("45 min", "5 h", "2 days"): minutes and hours rounded down,
    days rounded to the nearest (47 h reads "2 days"), never "0"."""
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, int(seconds // 60))} min"
    if seconds < 36 * 3600:
        return f"{int(seconds // 3600)} h"
    days = round(seconds / 86400)
    return f"{days} day{'s' if days != 1 else ''}"


def describe_window(*, opens_at: dt.datetime, due_at: dt.datetime | None, now: dt.datetime) -> str:
    """The window in words: "opens in 2 days", "due in 5 h", "overdue by 2 days", "open"."""
    opens_at, due_at, now = _utc(opens_at), _utc(due_at), _utc(now)
    if opens_at > now:
        return f"opens in {humanize_duration(opens_at - now)}"
    if due_at is None:
        return "open"
    if due_at < now:
        return f"overdue by {humanize_duration(now - due_at)}"
    return f"due in {humanize_duration(due_at - now)}"


OVERDUE = "overdue"
DUE_TODAY = "due_today"
UP_NEXT = "up_next"
OPENING_SOON = "opening_soon"
LATER = "later"
URGENCY_ORDER = (OVERDUE, DUE_TODAY, UP_NEXT, OPENING_SOON, LATER)


def can_complete(*, opens_at: dt.datetime, now: dt.datetime) -> bool:
    """A step can be marked done once its window has opened (a thank-you note before the
    interview has happened is not a thank-you note)."""
    return _utc(opens_at) <= _utc(now)


@dataclass(frozen=True)
class TodayBounds:
    """The moments the Today groups are cut at, for one user at one moment."""

    now: dt.datetime
    end_of_today: dt.datetime  # local midnight at the end of the user's day
    horizon: dt.datetime  # how far ahead "opening soon" looks


def today_bounds(*, now: dt.datetime, zone: str) -> TodayBounds:
    """Where today ends in `zone`, and the opening-soon horizon, seen from `now`."""
    tomorrow = local_date(now, zone) + dt.timedelta(days=1)
    return TodayBounds(
        now=now,
        end_of_today=at_local_time(tomorrow, dt.time(0, 0), zone),
        horizon=now + dt.timedelta(days=OPENING_SOON_DAYS),
    )


def urgency(
    *, opens_at: dt.datetime, due_at: dt.datetime | None, now: dt.datetime, zone: str
) -> str:
    """Which Today group a step belongs to: overdue, due today (local date), open and
    due later ("up next"), opening within a week, or later.

    `followups.selectors.group_filters` states the same cuts as ORM conditions."""
    bounds = today_bounds(now=now, zone=zone)
    opens_at, due_at, now = _utc(opens_at), _utc(due_at), _utc(now)
    if due_at is not None and due_at < now:
        return OVERDUE
    if opens_at <= now:
        if due_at is not None and due_at < bounds.end_of_today:
            return DUE_TODAY
        return UP_NEXT
    if opens_at <= bounds.horizon:
        return OPENING_SOON
    return LATER


# --- Next steps ----------------------------------------------------------------------------


def next_steps_recorded(*, next_steps: str, decision_on, instructions: str) -> bool:
    """The "ask about next steps" step is done once a timeline or instructions are recorded, or the
    user says none were given."""
    return bool(next_steps) or decision_on is not None or bool(instructions.strip())


_SENTENCE_STARTERS = frozenset(
    [
        "a",
        "an",
        "and",
        "how",
        "our",
        "the",
        "their",
        "this",
        "these",
        "those",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "your",
    ]
)


def mid_sentence(phrase: str) -> str:
    """A phrase written as a sentence ("How we ship…") made to read inside one ("how we ship…").

    Only common function words are lowered, so names ("Kubernetes", "AWS") keep their capitals.
    """
    first, _, rest = phrase.partition(" ")
    if first.lower() in _SENTENCE_STARTERS and first[:1].isupper() and not first.isupper():
        return f"{first.lower()} {rest}".rstrip()
    return phrase


def one_line(text: str) -> str:
    """Multi-line notes as one phrase for a draft: lines joined by "; ", no final period."""
    parts = [re.sub(r"\s+", " ", line).strip(" -•*") for line in text.splitlines()]
    return "; ".join(p for p in parts if p).rstrip(".")
