"""Pipeline rules as pure functions over plain values (no database, no clock).

The numbers come from CAREER-RULES.md: an application that has been silent for about two
weeks is "stale"; after about a month it has most likely been ghosted and the candidate
should mark it "no response" and move on.
"""

from __future__ import annotations

import datetime as dt
import enum
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from interviews.models import ApplicationStatus

STALE_AFTER_DAYS = 14
NO_RESPONSE_AFTER_DAYS = 30
STREAK_WEEKS = 12

# Board columns: an open status each, and "closed" for every status after which nothing is
# awaited (the statuses themselves are `ApplicationStatus`'s).
WISHLIST = ApplicationStatus.WISHLIST.value
APPLIED = ApplicationStatus.APPLIED.value
INTERVIEWING = ApplicationStatus.INTERVIEWING.value
OFFER = ApplicationStatus.OFFER.value
CLOSED = "closed"

# Board columns, left to right.
COLUMNS: tuple[str, ...] = (WISHLIST, APPLIED, INTERVIEWING, OFFER, CLOSED)
OPEN_COLUMNS: tuple[str, ...] = COLUMNS[:-1]
CLOSED_STATUSES: frozenset[str] = ApplicationStatus.closed()
AWAITING_DECISION: frozenset[str] = ApplicationStatus.awaiting_decision()
# Saved postings not sent yet: not counted towards the weekly goal.
NOT_SENT_STATUSES: frozenset[str] = frozenset({WISHLIST})

# A card says how long a decision has been awaited only from a week on: "0 days" says nothing.
WAITING_SHOWN_FROM_DAYS = 7
# Company avatars take one of this many colours (.board-avatar--0 … --7 in pipeline.css).
AVATAR_COLOURS = 8


def column_for_status(status: str) -> str:
    """The board column an application with `status` sits in."""
    if status in CLOSED_STATUSES:
        return CLOSED
    if status in OPEN_COLUMNS:
        return status
    raise ValueError(f"unknown application status: {status!r}")


def waiting_worth_showing(days: int | None) -> bool:
    """Whether a card prints its days waiting: only when a decision is awaited and the wait
    has gone on long enough to matter (`WAITING_SHOWN_FROM_DAYS`)."""
    return days is not None and days >= WAITING_SHOWN_FROM_DAYS


def company_initial(company_name: str) -> str:
    """The letter of a company's avatar: its first letter or digit, upper case ("?" if none)."""
    for char in company_name.strip():
        if char.isalnum():
            return char.upper()
    return "?"


def company_colour(company_name: str) -> int:
    """A stable colour index (0 … AVATAR_COLOURS - 1) for a company: the same name, whatever
    its case and spacing, gets the same colour on every page and every run."""
    key = " ".join(company_name.casefold().split())
    return zlib.crc32(key.encode()) % AVATAR_COLOURS


# The applications list's "Waiting > 7 days" view: awaiting a decision, and no news for a week.
WAITING_VIEW_DAYS = 7


def quiet_since(now: dt.datetime, days: int) -> dt.datetime:
    """The last activity before which an application has been quiet for `days` at `now`
    (the cut-off of `staleness` and of the list's "stale" and "waiting" filters)."""
    return now - dt.timedelta(days=days)


class Staleness(enum.StrEnum):
    FRESH = "fresh"
    STALE = "stale"
    NO_RESPONSE = "no_response"  # suggest closing it as "no response"


def staleness(*, status: str, last_activity_at: dt.datetime, now: dt.datetime) -> Staleness:
    """How long an application awaiting an answer has gone without any activity.

    Only applications still waiting for the employer (applied, interviewing) can go stale:
    an offer waits on the candidate, and a closed one waits on nobody.
    """
    if status not in AWAITING_DECISION:
        return Staleness.FRESH
    if last_activity_at <= quiet_since(now, NO_RESPONSE_AFTER_DAYS):
        return Staleness.NO_RESPONSE
    if last_activity_at <= quiet_since(now, STALE_AFTER_DAYS):
        return Staleness.STALE
    return Staleness.FRESH


def days_waiting(
    *,
    status: str,
    date_applied: dt.date,
    last_interview_end: dt.datetime | None,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> int | None:
    """Whole days the candidate has been waiting for the employer's decision, in their zone.

    The clock starts at the last interview that has already ended, else at the application
    date; None when no decision is awaited from the employer.
    """
    if status not in AWAITING_DECISION:
        return None
    today = now.astimezone(zone).date()
    since = date_applied
    if last_interview_end is not None and last_interview_end <= now:
        since = max(since, last_interview_end.astimezone(zone).date())
    return max((today - since).days, 0)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week that contains `day` (weeks start on Monday)."""
    return day - dt.timedelta(days=day.weekday())


def local_today(now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The calendar date it is in `zone` at the instant `now`."""
    return now.astimezone(zone).date()


@dataclass(frozen=True)
class WeekCount:
    start: dt.date
    count: int
    met: bool

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


def weekly_counts(
    applied_dates: Iterable[dt.date],
    *,
    today: dt.date,
    target: int,
    weeks: int = STREAK_WEEKS,
) -> list[WeekCount]:
    """Applications per week for the `weeks` weeks ending with the week of `today`, oldest first.

    A week "meets" the goal when its count reaches `target`; a target of 0 means no goal.
    """
    return weekly_counts_by_day(
        ((day, 1) for day in applied_dates), today=today, target=target, weeks=weeks
    )


def weekly_counts_by_day(
    day_counts: Iterable[tuple[dt.date, int]],
    *,
    today: dt.date,
    target: int,
    weeks: int = STREAK_WEEKS,
) -> list[WeekCount]:
    """`weekly_counts` from (day, applications that day) pairs, as a count per day in SQL gives."""
    current = week_start(today)
    first = current - dt.timedelta(weeks=weeks - 1)
    counts = {first + dt.timedelta(weeks=i): 0 for i in range(weeks)}
    for day, count in day_counts:
        start = week_start(day)
        if start in counts:
            counts[start] += count
    return [
        WeekCount(start=start, count=count, met=target > 0 and count >= target)
        for start, count in counts.items()
    ]


def streak(weeks: list[WeekCount]) -> int:
    """Consecutive weeks meeting the goal, counted back from the latest one.

    The current week still in progress does not break a streak: it only adds to it once met.
    """
    if not weeks:
        return 0
    *past, current = weeks
    run = 1 if current.met else 0
    for week in reversed(past):
        if not week.met:
            break
        run += 1
    return run


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    week: WeekCount
    label: str

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def right(self) -> float:
        return round(self.x + self.width, 2)


@dataclass(frozen=True)
class ChartGeometry:
    width: int
    height: int
    bars: list[Bar]
    goal_y: float | None
    baseline_y: float


def streak_chart_geometry(
    weeks: list[WeekCount], *, target: int, width: int = 360, height: int = 120
) -> ChartGeometry:
    """Bar positions (SVG user units) for the weekly chart, scaled so the goal line fits."""
    top, bottom = 12.0, 18.0  # room above the tallest bar and for the week labels below
    plot_height = height - top - bottom
    peak = max([target, *(w.count for w in weeks), 1])
    slot = width / max(len(weeks), 1)
    bar_width = slot * 0.64
    baseline = height - bottom
    bars = []
    for i, week in enumerate(weeks):
        bar_height = plot_height * week.count / peak
        bars.append(
            Bar(
                x=round(i * slot + (slot - bar_width) / 2, 2),
                y=round(baseline - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                week=week,
                label=f"{week.start:%b} {week.start.day}",
            )
        )
    goal_y = round(baseline - plot_height * target / peak, 2) if target > 0 else None
    return ChartGeometry(
        width=width, height=height, bars=bars, goal_y=goal_y, baseline_y=round(baseline, 2)
    )
