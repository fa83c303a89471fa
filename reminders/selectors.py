"""Reads for the reminder dispatch: due steps, past deliveries, digest candidates and figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from followups.models import FollowUpStep, StepStatus
from interviews.models import ApplicationStatus, JobApplication

from . import rules
from .models import DeliveryStatus, ReminderDelivery, ReminderKind

DIGEST_LIST_LIMIT = 20


def preferences_of(user) -> rules.Preferences:
    """The user's reminder settings as plain values for the rules (read on every pass)."""
    enabled = frozenset(
        kind for kind, field in rules.STEP_KIND_PREFERENCE.items() if getattr(user, field)
    )
    return rules.Preferences(
        time_zone=user.zone.key,
        quiet_hours_start=user.quiet_hours_start,
        quiet_hours_end=user.quiet_hours_end,
        paused=user.reminders_paused,
        enabled_step_kinds=enabled,
        weekly_digest=user.remind_weekly_digest,
        digest_weekday=user.digest_weekday,
    )


def due_steps(*, now: dt.datetime) -> QuerySet[FollowUpStep]:
    """Open steps whose reminder fell due, for users who want that kind of reminder.

    The first two filters are exactly the partial index `step_reminder_due_idx`. Steps of a
    paused user, or of a kind switched off, stay due but untouched: the moment the user
    turns reminders back on, the next pass sees them (and folds the stale ones).
    """
    wanted = Q(owner__is_active=True, owner__reminders_paused=False) & (
        ~Q(kind__in=list(rules.STEP_KIND_PREFERENCE))
        | _any_of(
            Q(kind=kind, **{f"owner__{field}": True})
            for kind, field in rules.STEP_KIND_PREFERENCE.items()
        )
    )
    return (
        FollowUpStep.objects.filter(
            status=StepStatus.PENDING, next_reminder_at__isnull=False, next_reminder_at__lte=now
        )
        .filter(wanted)
        # Only to a confirmed address (issue 17); accounts owns what "confirmed" means.
        .filter(owner__in=get_user_model().objects.with_verified_email())
        .order_by("next_reminder_at")
    )


def _any_of(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def steps_for_batch(step_ids) -> list[FollowUpStep]:
    """The claimed steps with everything their email shows, in one query."""
    return list(
        FollowUpStep.objects.filter(pk__in=step_ids)
        .select_related("owner", "application", "interview", "interviewer", "reference")
        .order_by("owner_id", "due_at", "pk")
    )


def deliveries_by_step(step_ids) -> dict[int, dict[str, ReminderDelivery]]:
    """{step id: {kind: delivery}} for the given steps, in one query."""
    result: dict[int, dict[str, ReminderDelivery]] = defaultdict(dict)
    for delivery in ReminderDelivery.objects.filter(step_id__in=step_ids):
        result[delivery.step_id][delivery.kind] = delivery
    return result


def digest_candidates(*, now: dt.datetime):
    """Users whose weekly digest may be due around `now` and was not sent lately.

    A coarse SQL filter (weekday ± the widest zone offsets, nothing sent in the last few
    days); `rules.digest_due` decides exactly, in the user's zone.
    """
    recent = ReminderDelivery.objects.filter(
        owner=OuterRef("pk"),
        kind=ReminderKind.WEEKLY_DIGEST,
        status=DeliveryStatus.SENT,
        period__gte=now.date() - dt.timedelta(days=3),
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            reminders_paused=False,
            remind_weekly_digest=True,
            digest_weekday__in=rules.digest_candidate_weekdays(now),
        )
        .with_verified_email()
        .exclude(Exists(recent))
        .order_by("pk")
    )


def digest_deliveries(user_ids, *, since: dt.date) -> dict[int, dict[dt.date, ReminderDelivery]]:
    """{user id: {period: delivery}} of recent weekly digests, in one query."""
    result: dict[int, dict[dt.date, ReminderDelivery]] = defaultdict(dict)
    rows = ReminderDelivery.objects.filter(
        owner_id__in=user_ids, kind=ReminderKind.WEEKLY_DIGEST, period__gte=since
    )
    for delivery in rows:
        result[delivery.owner_id][delivery.period] = delivery
    return result


def unsent_digests(*, until: dt.date):
    """Weekly digests of periods up to `until` that were never sent: failed, outcome
    unknown, or "sending" (their sender may have died), with their owners
    ("reminder_digest_unsent_idx")."""
    return ReminderDelivery.objects.filter(
        step__isnull=True,
        status__in=[DeliveryStatus.SENDING, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN],
        period__lte=until,
    ).select_related("owner")


def digest_figures(*, user, now: dt.datetime) -> dict:
    """What the weekly digest says: applications awaiting a decision and this week's pace."""
    local_today = now.astimezone(user.zone).date()
    awaiting_all = JobApplication.objects.owned_by(user).filter(
        status__in=ApplicationStatus.awaiting_decision()
    )
    awaiting = list(
        awaiting_all.annotate(last_interview_end=Max("interviews__ends_at")).order_by(
            "date_applied", "pk"
        )[:DIGEST_LIST_LIMIT]
    )
    for application in awaiting:
        since = (
            application.last_interview_end.astimezone(user.zone).date()
            if application.last_interview_end
            else application.date_applied
        )
        application.days_waiting = max((local_today - since).days, 0)
    week_start = local_today - dt.timedelta(days=6)
    new_this_week = (
        JobApplication.objects.owned_by(user)
        .filter(date_applied__gte=week_start, date_applied_known=True)
        .count()
    )
    return {
        "awaiting": awaiting,
        "awaiting_count": len(awaiting)
        if len(awaiting) < DIGEST_LIST_LIMIT
        else awaiting_all.count(),
        "new_this_week": new_this_week,
        "target": user.weekly_application_target,
        "target_met": new_this_week >= user.weekly_application_target,
    }


def given_up_reminders(*, user, step_ids) -> dict[int, str]:
    """{step id: why its reminder was given up} for the steps whose latest reminder email
    expired (`DeliveryStatus.EXPIRED`), so the page that shows the step can say so. One query;
    a later reminder that got through (a sent last call) clears the step."""
    latest: dict[int, str] = {}
    seen: set[int] = set()
    rows = (
        ReminderDelivery.objects.owned_by(user)
        .filter(step_id__in=list(step_ids))
        .exclude(status=DeliveryStatus.FOLDED)
        .order_by("step_id", "-created_at", "-pk")
        .values_list("step_id", "status", "gave_up_reason")
    )
    for step_id, status, reason in rows:
        if step_id in seen:
            continue
        seen.add(step_id)
        if status == DeliveryStatus.EXPIRED:
            latest[step_id] = (reason or "it could not be delivered in time").rstrip(". ")
    return latest
