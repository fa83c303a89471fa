"""When a reminder goes out and which one: pure functions over plain values.

No database, no clock: every function takes `now` (an aware UTC datetime) and the user's
preferences as plain values, so the rules are table-tested without fixtures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC

# Step kind (followups.StepKind values) → reminder kind of its opening reminder.
STEP_REMINDER_KIND = {
    "thank_you": "thank_you",
    "follow_up": "follow_up",
    "brief_references": "brief_references",
    "self_evaluation": "self_evaluation",
    # An offer's steps (issue 18): one opening reminder each, like any other step.
    "offer_confirm": "offer_confirm",
    "offer_decide": "offer_decide",
    "offer_respond": "offer_respond",
    "offer_news": "offer_news",
}
# Step kind → the accounts.User boolean that switches its reminders on.
STEP_KIND_PREFERENCE = {
    "thank_you": "remind_thank_you",
    "follow_up": "remind_follow_up",
    "brief_references": "remind_references",
    "self_evaluation": "remind_evaluation",
    # Emails to employers about an offer: the same switch as the follow-ups.
    "offer_confirm": "remind_follow_up",
    "offer_decide": "remind_follow_up",
    "offer_respond": "remind_follow_up",
    "offer_news": "remind_follow_up",
}
THANK_YOU_LAST_CALL = "thank_you_last_call"
OVERDUE = "overdue"
WEEKLY_DIGEST = "weekly_digest"

# The thank-you last call goes out this long before the deadline (career advice: within 24 h).
LAST_CALL_BEFORE_DUE = dt.timedelta(hours=4)
# A reminder held back by quiet hours is looked at again at least this often, so a new time
# zone or new quiet hours apply within this delay, not only at tomorrow's quiet-hours end.
QUIET_HOURS_RECHECK = dt.timedelta(minutes=15)
# Never given up silently. A failing reminder is retried with back-off (1 min … 6 h) for as
# long as its step is open; once the step is past its own window, `decide` turns it into the
# overdue fold ("Past their deadline"), so a long outage ends in one summary, not in silence.
# Only two things are given up, each recorded as expired with its reason (delivery row, admin,
# WARNING log): a last call that cannot arrive before its deadline, and an overdue summary
# that failed MAX_OVERDUE_ATTEMPTS times (about a day and a half of a failing server).
MAX_OVERDUE_ATTEMPTS = 15
DIGEST_LOCAL_TIME = dt.time(9, 0)
# A weekly digest more than a day late (beat was down) is dropped: next week's is fresher.
DIGEST_CATCH_UP = dt.timedelta(days=1)


@dataclass(frozen=True)
class Preferences:
    """The reminder settings of one user, read from the database on every pass."""

    time_zone: str = "UTC"
    quiet_hours_start: dt.time = dt.time(21, 0)
    quiet_hours_end: dt.time = dt.time(8, 0)
    paused: bool = False
    enabled_step_kinds: frozenset[str] = frozenset(STEP_KIND_PREFERENCE)
    weekly_digest: bool = True
    digest_weekday: int = 0  # Monday

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to know about one follow-up step."""

    kind: str
    opens_at: dt.datetime
    due_at: dt.datetime | None
    scheduled_at: dt.datetime  # the next_reminder_at value that fell due
    snoozed_until: dt.datetime | None = None


@dataclass(frozen=True)
class Decision:
    """What to do with a due step: send `send_kind` (or nothing) and when to look again."""

    send_kind: str | None
    next_reminder_at: dt.datetime | None
    reason: str = ""


# --- Local time -------------------------------------------------------------------------


def local_to_utc(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of a wall-clock time in `zone`.

    fold=0 does both DST rules at once: a time skipped by a spring-forward gap is read
    with the offset from before the gap, so it shifts forward by the gap (02:30 → 03:30);
    a time that happens twice in autumn means its first occurrence, so it fires once.
    """
    return dt.datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def _quiet_windows(at: dt.datetime, prefs: Preferences):
    """The quiet-hours windows (UTC start, UTC end) that may contain `at`.

    Built from the wall-clock start and end of the local day before and the day of `at`
    with `local_to_utc`, so a window ends exactly once, at the instant reminders go out,
    even when its end time is skipped or repeated by a DST change.
    """
    zone = prefs.zone
    start, end = prefs.quiet_hours_start, prefs.quiet_hours_end
    local_day = at.astimezone(zone).date()
    for day in (local_day - dt.timedelta(days=1), local_day):
        end_day = day if start < end else day + dt.timedelta(days=1)
        yield local_to_utc(day, start, zone), local_to_utc(end_day, end, zone)


def in_quiet_hours(at: dt.datetime, prefs: Preferences) -> bool:
    """True when `at` falls inside the user's quiet hours (a window may wrap midnight)."""
    return quiet_hours_end_after(at, prefs) != at


def quiet_hours_end_after(at: dt.datetime, prefs: Preferences) -> dt.datetime:
    """When the quiet hours around `at` end (UTC); `at` itself when not in quiet hours."""
    if prefs.quiet_hours_start == prefs.quiet_hours_end:
        return at  # equal start and end: no quiet hours
    for window_start, window_end in _quiet_windows(at, prefs):
        if window_start <= at < window_end:
            return window_end
    return at


def send_time(at: dt.datetime, prefs: Preferences) -> dt.datetime:
    """When a reminder falling due at `at` may go out: at once, or when quiet hours end."""
    return quiet_hours_end_after(at, prefs)


# --- Step reminders ---------------------------------------------------------------------


def snooze_kind(reminder_kind: str, snoozed_until: dt.datetime) -> str:
    """The delivery kind of the wake-up after a snooze: one per snooze, never repeated."""
    return f"{reminder_kind}:snooze:{snoozed_until.astimezone(UTC):%Y%m%dT%H%M}"


def is_overdue_beyond_window(step: StepFacts, now: dt.datetime) -> bool:
    """Past its deadline by more than the length of its own window (a 24 h note 2 days late)."""
    if step.due_at is None:
        return False
    window = max(step.due_at - step.opens_at, dt.timedelta(hours=1))
    return now - step.due_at > window


def last_call_at(step: StepFacts, prefs: Preferences) -> dt.datetime | None:
    """When the thank-you last call goes out, or None when it would come too late to help."""
    if step.kind != "thank_you" or step.due_at is None:
        return None
    at = send_time(step.due_at - LAST_CALL_BEFORE_DUE, prefs)
    if at <= step.opens_at or at >= step.due_at:
        return None
    return at


def decide(
    step: StepFacts, *, delivered: set[str], now: dt.datetime, prefs: Preferences
) -> Decision:
    """Which reminder a due step gets now (if any) and when to look at it again."""
    base = STEP_REMINDER_KIND.get(step.kind)
    if base is None:
        return Decision(None, None, "this kind of step has no reminder")
    if prefs.paused or step.kind not in prefs.enabled_step_kinds:
        # The due query leaves these out; kept for the dry run and for safety.
        return Decision(None, step.scheduled_at, "reminders are off")

    if is_overdue_beyond_window(step, now):
        if OVERDUE in delivered:
            return Decision(None, None, "already in an overdue summary")
        wanted: str | None = OVERDUE
        after: dt.datetime | None = None
    else:
        wanted, after = _next_in_sequence(step, delivered=delivered, now=now, prefs=prefs)
        if wanted is None:
            return Decision(None, after, "nothing to send yet")

    if in_quiet_hours(now, prefs):
        if wanted == THANK_YOU_LAST_CALL and step.due_at and send_time(now, prefs) >= step.due_at:
            return Decision(None, None, "last call would arrive after the deadline")
        later = min(quiet_hours_end_after(now, prefs), now + QUIET_HOURS_RECHECK)
        return Decision(None, later, "quiet hours")
    return Decision(wanted, after, "due")


def _next_in_sequence(
    step: StepFacts, *, delivered: set[str], now: dt.datetime, prefs: Preferences
) -> tuple[str | None, dt.datetime | None]:
    """(kind to send now or None, when the following reminder falls due or None)."""
    base = STEP_REMINDER_KIND[step.kind]
    last_call = last_call_at(step, prefs)
    follow_on = last_call if last_call and THANK_YOU_LAST_CALL not in delivered else None
    if base not in delivered:
        return base, follow_on if follow_on and follow_on > now else None
    woke_from_snooze = step.snoozed_until is not None and step.snoozed_until == step.scheduled_at
    if woke_from_snooze:
        kind = snooze_kind(base, step.snoozed_until)
        if kind not in delivered:
            return kind, follow_on if follow_on and follow_on > now else None
    if follow_on is not None:
        if follow_on <= now:
            return THANK_YOU_LAST_CALL, None
        return None, follow_on
    return None, None


@dataclass(frozen=True)
class AfterFailure:
    """A failed reminder's fate: tried again at `retry_at`, or given up for `expired_reason`."""

    retry_at: dt.datetime | None
    expired_reason: str = ""


def after_failure(
    step: StepFacts, *, kind: str, attempts: int, now: dt.datetime, backoff: dt.timedelta
) -> AfterFailure:
    """What happens to reminder `kind` of `step` after its attempt number `attempts` failed
    (the rule in the comment on MAX_OVERDUE_ATTEMPTS); `backoff` is the wait before a retry."""
    retry_at = now + backoff
    if kind == THANK_YOU_LAST_CALL and step.due_at is not None and retry_at >= step.due_at:
        return AfterFailure(None, "the mail server failed until the thank-you deadline passed")
    if kind == OVERDUE and attempts >= MAX_OVERDUE_ATTEMPTS:
        return AfterFailure(
            None, f"the overdue summary could not be delivered in {attempts} attempts"
        )
    return AfterFailure(retry_at)


# --- Weekly digest ----------------------------------------------------------------------


def latest_digest_slot(now: dt.datetime, prefs: Preferences) -> tuple[dt.date, dt.datetime]:
    """The most recent digest slot at or before `now`: (its local date, its UTC send time).

    The slot is 09:00 local on the user's digest weekday, moved to the end of quiet hours
    when those cover 09:00. Computed from the wall clock of that very day, so it is 13:00Z
    in a New York summer and 14:00Z in winter.
    """
    zone = prefs.zone
    today = now.astimezone(zone).date()
    back = (today.weekday() - prefs.digest_weekday) % 7
    for extra_weeks in (0, 1):
        day = today - dt.timedelta(days=back + 7 * extra_weeks)
        slot = digest_slot(day, prefs)
        if slot <= now:
            return day, slot
    raise AssertionError("a slot within two weeks")  # pragma: no cover


def digest_due(
    now: dt.datetime, prefs: Preferences, *, delivered_periods: set[dt.date], joined_at
) -> dt.date | None:
    """The period (local date) whose weekly digest should go out now, or None."""
    if prefs.paused or not prefs.weekly_digest:
        return None
    day, slot = latest_digest_slot(now, prefs)
    if day in delivered_periods or slot < joined_at or _past_catch_up(slot, now):
        return None
    return day


def digest_given_up(period: dt.date, *, now: dt.datetime, prefs: Preferences) -> bool:
    """True once the weekly digest of `period` (its local date) can no longer go out: more
    than DIGEST_CATCH_UP after its slot, next week's takes its place. A digest still unsent
    then (its server failing all along) is recorded as given up, never left "will retry"."""
    return _past_catch_up(digest_slot(period, prefs), now)


def digest_slot(day: dt.date, prefs: Preferences) -> dt.datetime:
    """When the digest of the local date `day` goes out: 09:00 there, after quiet hours."""
    return send_time(local_to_utc(day, DIGEST_LOCAL_TIME, prefs.zone), prefs)


def _past_catch_up(slot: dt.datetime, now: dt.datetime) -> bool:
    return now - slot > DIGEST_CATCH_UP


def digest_candidate_weekdays(now: dt.datetime) -> set[int]:
    """Digest weekdays that can be due around `now` in some zone (UTC-12 … UTC+14, catch-up)."""
    today = now.astimezone(UTC).date().weekday()
    return {(today + shift) % 7 for shift in (-2, -1, 0, 1)}


# --- Subjects ---------------------------------------------------------------------------


def one_line(text: str, limit: int = 160) -> str:
    """User-entered text made safe for a header: one line, no control characters, bounded."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"
