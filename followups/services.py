"""Writes to the follow-up plan.

Other apps call only these functions; their names and keyword arguments are the contract
(docs/ARCHITECTURE.md). The rules live in `followups.rules`; here we gather the facts,
ask the rules for the desired steps and reconcile them with the stored rows by `key`:
open steps follow the new windows, closed steps (done, skipped, not needed) are never
reopened or lost, and open steps no longer wanted become "not needed".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from evaluations.models import Evaluation
from interviews.models import (
    ApplicationStatus,
    Interview,
    Interviewer,
    JobApplication,
    StatusChange,
)
from interviews.services import (
    application_record_reply,
    application_set_status,
    application_touch,
)
from references.models import ApplicationReference

from . import rules
from .models import FollowUpStep, ReplyDraft, StepKind, StepStatus

_WINDOW_FIELDS = ("opens_at", "due_at", "interview_id", "interviewer_id", "reference_id")


def plan_sync_interview(*, interview: Interview, now: dt.datetime | None = None) -> None:
    """(Re)compute the plan after an interview or its interviewers changed.

    Rescheduling, a new decision date or a new interviewer all move the application's
    follow-up too, so the whole application is recomputed.
    """
    plan_sync_application(application=interview.application, now=now)


def plan_sync_application(*, application: JobApplication, now: dt.datetime | None = None) -> None:
    """(Re)compute every step of one application, then the owner's "keep looking" step."""
    now = now or timezone.now()
    _sync_application(application_id=application.pk, now=now)
    plan_sync_keep_looking(user=application.owner, now=now)


def plan_on_status_change(*, application: JobApplication, now: dt.datetime | None = None) -> None:
    """An offer, acceptance, rejection, withdrawal or "no response" closes the
    application's open steps as not needed (the rules want no steps for it any more).

    An offer gets steps of its own, and every other open process of the owner a "tell them
    you have an offer" step; a move out of "offer" takes those back.
    """
    now = now or timezone.now()
    _sync_application(application_id=application.pk, now=now)
    if application.status == ApplicationStatus.OFFER or _was_offer(application):
        others = (
            JobApplication.objects.owned_by(application.owner)
            .filter(status__in=ApplicationStatus.awaiting_decision())
            .exclude(pk=application.pk)
            .values_list("pk", flat=True)
        )
        for other_id in list(others):
            _sync_application(application_id=other_id, now=now)
    plan_sync_keep_looking(user=application.owner, now=now)


def _was_offer(application: JobApplication) -> bool:
    last = application.status_changes.order_by("-changed_at", "-pk").first()
    return last is not None and last.from_status == ApplicationStatus.OFFER


def plan_sync_keep_looking(*, user, now: dt.datetime | None = None) -> FollowUpStep | None:
    """Keep the owner's standing "apply to other positions" step for this week in step
    with their applications; last week's open one becomes not needed."""
    now = now or timezone.now()
    settings = rules.PlanSettings.for_user(user)
    applications = JobApplication.objects.owned_by(user)
    monday, sunday = rules.week_bounds(now, settings.zone)
    desired = rules.keep_looking_step(
        awaiting_decision=applications.filter(
            status__in=ApplicationStatus.awaiting_decision()
        ).count(),
        offer_accepted=applications.filter(status=ApplicationStatus.ACCEPTED).exists(),
        applied_this_week=applications.filter(
            date_applied__range=(monday, sunday), date_applied_known=True
        ).count(),
        now=now,
        settings=settings,
    )
    stale = FollowUpStep.objects.owned_by(user).open().filter(kind=StepKind.KEEP_LOOKING)
    if desired is not None:
        stale = stale.exclude(key=desired.key)
    stale.update(status=StepStatus.NOT_NEEDED, done_at=now, next_reminder_at=None, updated_at=now)
    if desired is None:
        return None
    # get_or_create recovers from two requests creating the same week's row at once.
    step, _created = FollowUpStep.objects.get_or_create(
        owner=user,
        key=desired.key,
        defaults={
            "kind": desired.kind,
            "opens_at": desired.opens_at,
            "due_at": desired.due_at,
            "next_reminder_at": desired.opens_at,
        },
    )
    if step.is_open and desired.done_at is not None:
        step.mark(StepStatus.DONE, at=desired.done_at)
        step.save(update_fields=["status", "done_at", "next_reminder_at", "updated_at"])
    return step


def plan_roll_keep_looking(*, now: dt.datetime | None = None) -> int:
    """Start the new week's keep-looking step for every user who should have one and has
    none covering `now` (the week rolled over in their zone with no application change).

    Idempotent and cheap when nothing is due: one query picks the users; the beat tick
    calls it every minute, so a week starts within a minute of local midnight on Monday.
    Returns how many users were synced.
    """
    now = now or timezone.now()
    applications = JobApplication.objects.filter(owner=OuterRef("pk"))
    current = FollowUpStep.objects.filter(
        owner=OuterRef("pk"), kind=StepKind.KEEP_LOOKING, opens_at__lte=now, due_at__gt=now
    )
    users = get_user_model().objects.filter(
        Exists(applications.filter(status__in=ApplicationStatus.awaiting_decision())),
        ~Exists(applications.filter(status=ApplicationStatus.ACCEPTED)),
        ~Exists(current),
        weekly_application_target__gt=0,
        is_active=True,
    )
    synced = 0
    for user in users.iterator(chunk_size=200):
        plan_sync_keep_looking(user=user, now=now)
        synced += 1
    return synced


@transaction.atomic
def step_complete(*, step: FollowUpStep, channel: str = "", at=None) -> FollowUpStep:
    """Mark a step done and recompute what depends on it: a sent thank-you starts the
    follow-up clock, a done follow-up schedules the next one, and "move on" records the
    application as "no response"."""
    at = at or timezone.now()
    step = _lock(step)
    if not step.is_open:
        return step  # a double click or a stale page: done once is enough
    step.mark(StepStatus.DONE, at=at)
    if channel:
        step.channel = channel
    step.save()
    _after_close(step, at=at)
    if step.kind == StepKind.MOVE_ON and step.application_id:
        application_set_status(
            application=step.application,
            status=ApplicationStatus.NO_RESPONSE,
            note="No answer after the follow-ups; moved on.",
            at=at,
        )
    return step


@transaction.atomic
def step_skip(*, step: FollowUpStep, at=None) -> FollowUpStep:
    """Mark a step skipped: it is never reopened by a recompute."""
    at = at or timezone.now()
    step = _lock(step)
    if not step.is_open:
        return step
    step.mark(StepStatus.SKIPPED, at=at)
    step.save()
    _after_close(step, at=at)
    return step


@transaction.atomic
def step_snooze(*, step: FollowUpStep, until: dt.datetime) -> FollowUpStep:
    """Hide a step (and its reminders) until `until`."""
    step = _lock(step)
    if not step.is_open:
        return step
    step.snoozed_until = until
    step.next_reminder_at = until
    step.save(update_fields=["snoozed_until", "next_reminder_at", "updated_at"])
    return step


@transaction.atomic
def step_undo(
    *,
    step: FollowUpStep,
    snoozed_until: dt.datetime | None,
    next_reminder_at: dt.datetime | None,
    at=None,
) -> FollowUpStep:
    """Take back a Done, Skip or Snooze of a moment ago: the step is open again with the
    snooze and reminder time it had, and what depends on it is recomputed."""
    at = at or timezone.now()
    step = _lock(step)
    was_closed = not step.is_open
    step.status = StepStatus.PENDING
    step.done_at = None
    step.channel = ""
    step.snoozed_until = snoozed_until
    step.next_reminder_at = next_reminder_at
    step.save()
    if was_closed:
        _after_close(step, at=at)  # the same recompute a close runs, now with the step open
    return step


@transaction.atomic
def step_save_draft(*, step: FollowUpStep, draft: str) -> FollowUpStep:
    """Keep the user's edited draft of a note or email."""
    step.draft = draft
    step.save(update_fields=["draft", "updated_at"])
    return step


def open_briefing_steps(*, application_reference: ApplicationReference):
    """The plan's open "brief references" steps for this reference at this employer."""
    return FollowUpStep.objects.filter(
        application_id=application_reference.application_id,
        reference_id=application_reference.reference_id,
        kind=StepKind.BRIEF_REFERENCES,
        status=StepStatus.PENDING,
    )


def briefing_steps_complete(
    *, application_reference: ApplicationReference, channel: str = "", at=None
) -> int:
    """Close the plan's open briefing steps for a reference just briefed about this employer
    (the way it was briefed becomes the steps' channel); returns how many were open."""
    steps = list(open_briefing_steps(application_reference=application_reference))
    for step in steps:
        step_complete(step=step, channel=channel, at=at)
    return len(steps)


def complete_steps_of_kind(*, interview: Interview, kind: str, at=None) -> int:
    """Mark every open step of `kind` for `interview` done; returns how many changed."""
    at = at or timezone.now()
    with transaction.atomic():
        _lock_application(interview.application_id)
        changed = FollowUpStep.objects.filter(
            interview=interview, kind=kind, status=StepStatus.PENDING
        ).update(status=StepStatus.DONE, done_at=at, next_reminder_at=None, updated_at=at)
        if changed and interview.application_id:
            _sync_application(application_id=interview.application_id, now=at)
    return changed


# --- Internals -------------------------------------------------------------------------------


def _lock(step: FollowUpStep) -> FollowUpStep:
    """The step re-read under a row lock, so two clicks cannot both act on it.

    Its application is locked first: a recompute locks the application and then writes
    the steps, and taking the two locks in the same order everywhere avoids a deadlock.
    """
    _lock_application(step.application_id)
    return (
        FollowUpStep.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=step.pk)
    )


def _lock_application(application_id: int | None) -> None:
    if application_id is not None:
        list(JobApplication.objects.select_for_update().filter(pk=application_id).values("pk"))


def _after_close(step: FollowUpStep, *, at: dt.datetime) -> None:
    if step.application_id is not None:
        application_touch(application=step.application, at=at)
        _sync_application(application_id=step.application_id, now=at)


def _application_facts(application: JobApplication) -> rules.ApplicationFacts:
    """Read what the rules need about one application (a fixed number of queries)."""
    # A cancelled round (its invite withdrawn) has nothing to follow up.
    interviews = list(Interview.objects.filter(application=application, cancelled_at__isnull=True))
    interview_ids = [i.pk for i in interviews]
    interviewer_ids: dict[int, list[int]] = {i: [] for i in interview_ids}
    for interview_id, interviewer_id in Interviewer.objects.filter(
        interview_id__in=interview_ids
    ).values_list("interview_id", "pk"):
        interviewer_ids[interview_id].append(interviewer_id)
    evaluations = dict(
        Evaluation.objects.filter(
            interview_id__in=interview_ids, completed_at__isnull=False
        ).values_list("interview_id", "completed_at")
    )
    thank_you_sent_at = dict(
        FollowUpStep.objects.filter(
            application=application, kind=StepKind.THANK_YOU, status=StepStatus.DONE
        )
        .values("interview_id")
        .annotate(last=Max("done_at"))
        .values_list("interview_id", "last")
    )
    closed_follow_ups: dict[int, list[rules.ClosedFollowUp]] = {}
    for interview_id, status, done_at in (
        FollowUpStep.objects.filter(application=application, kind=StepKind.FOLLOW_UP)
        .exclude(status=StepStatus.PENDING)
        .order_by("done_at", "pk")
        .values_list("interview_id", "status", "done_at")
    ):
        closed_follow_ups.setdefault(interview_id, []).append(
            rules.ClosedFollowUp(status=status, closed_at=done_at)
        )
    offers = _offer_facts(application.owner_id)
    references = [
        rules.ReferenceFacts(reference_id=reference_id, briefed_at=briefed_at)
        for reference_id, briefed_at in ApplicationReference.objects.filter(application=application)
        .order_by("pk")
        .values_list("reference_id", "briefed_at")
    ]
    return rules.ApplicationFacts(
        id=application.pk,
        status=application.status,
        offer=offers.get(application.pk),
        other_offers=[o for pk, o in offers.items() if pk != application.pk],
        interviews=[
            rules.InterviewFacts(
                id=i.pk,
                application_id=application.pk,
                starts_at=i.starts_at,
                ends_at=i.ends_at,
                interviewer_ids=interviewer_ids[i.pk],
                next_steps_recorded_at=i.updated_at
                if rules.next_steps_recorded(
                    next_steps=i.next_steps,
                    decision_on=i.expected_decision_on,
                    instructions=i.follow_up_instructions,
                )
                else None,
                evaluation_completed_at=evaluations.get(i.pk),
                expected_decision_on=i.expected_decision_on,
                do_not_contact_before=i.do_not_contact_before,
            )
            for i in interviews
        ],
        references=references,
        thank_you_sent_at=thank_you_sent_at,
        closed_follow_ups=closed_follow_ups,
        answer_received_at=application.answer_received_at,
    )


def _offer_facts(owner_id: int) -> dict[int, rules.OfferFacts]:
    """The owner's applications in "offer", with when the offer came and its deadline."""
    offered = dict(
        StatusChange.objects.filter(
            application__owner_id=owner_id,
            application__status=ApplicationStatus.OFFER,
            to_status=ApplicationStatus.OFFER,
        )
        .values("application_id")
        .annotate(last=Max("changed_at"))
        .values_list("application_id", "last")
    )
    deadlines = dict(
        JobApplication.objects.filter(pk__in=offered).values_list("pk", "offer_deadline_at")
    )
    return {
        pk: rules.OfferFacts(application_id=pk, offered_at=at, deadline_at=deadlines.get(pk))
        for pk, at in offered.items()
    }


def _sync_application(*, application_id: int, now: dt.datetime) -> None:
    """Reconcile the stored steps of one application with what the rules want."""
    with transaction.atomic():
        # Lock the application: two syncs of it at once would both insert the same keys.
        application = (
            JobApplication.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=application_id)
        )
        settings = rules.PlanSettings.for_user(application.owner)
        desired = rules.application_plan(
            application=_application_facts(application), settings=settings
        )
        existing = {s.key: s for s in FollowUpStep.objects.filter(application=application)}
        for want in desired:
            step = existing.get(want.key)
            if step is None:
                _create(application, want)
            elif step.is_open:
                _update_open(step, want)
        wanted = {w.key for w in desired}
        for key, step in existing.items():
            if key not in wanted and step.is_open:
                step.mark(StepStatus.NOT_NEEDED, at=now)
                step.save(update_fields=["status", "done_at", "next_reminder_at", "updated_at"])


def _create(application: JobApplication, want: rules.DesiredStep) -> FollowUpStep:
    step = FollowUpStep(
        owner_id=application.owner_id,
        application=application,
        interview_id=want.interview_id,
        interviewer_id=want.interviewer_id,
        reference_id=want.reference_id,
        kind=want.kind,
        key=want.key,
        sequence=want.sequence,
        opens_at=want.opens_at,
        due_at=want.due_at,
        next_reminder_at=want.opens_at,
    )
    if want.done_at is not None:
        step.mark(StepStatus.DONE, at=want.done_at)
    step.save()
    return step


def _update_open(step: FollowUpStep, want: rules.DesiredStep) -> None:
    """Move an open step to its new window; close it if the facts say it is done."""
    if want.done_at is not None:
        step.mark(StepStatus.DONE, at=want.done_at)
        step.save(update_fields=["status", "done_at", "next_reminder_at", "updated_at"])
        return
    changed = [f for f in _WINDOW_FIELDS if getattr(step, f) != getattr(want, f)]
    if not changed:
        return  # untouched: the reminders app may have moved next_reminder_at on
    for name in changed:
        setattr(step, name, getattr(want, name))
    step.next_reminder_at = step.opens_at
    if step.snoozed_until and step.snoozed_until > step.opens_at:
        step.next_reminder_at = step.snoozed_until
    step.save(update_fields=[*changed, "next_reminder_at", "updated_at"])


@transaction.atomic
def step_they_replied(*, step: FollowUpStep, at=None) -> FollowUpStep:
    """The employer answered the follow-up: close it as done, record the answer on the
    application (Insights compare it with the promised date) and stop the chase."""
    at = at or timezone.now()
    step = _lock(step)
    if step.application_id is None:
        return step
    if step.is_open:
        step.mark(StepStatus.DONE, at=at)
        step.save(update_fields=["status", "done_at", "next_reminder_at", "updated_at"])
    # application_changed → plan_sync_application: the next follow-up is no longer wanted.
    application_record_reply(application=step.application, at=at)
    return step


def reply_save(
    *, application, kind: str, draft: str, channel: str = "", at: dt.datetime | None = None
) -> ReplyDraft:
    """Keep the user's reply to a rejection or an offer; with a channel, record it as sent."""
    reply, _ = ReplyDraft.objects.get_or_create(
        application=application, kind=kind, defaults={"owner_id": application.owner_id}
    )
    reply.draft = draft
    if channel:
        reply.channel, reply.sent_at = channel, at or timezone.now()
    reply.save()
    return reply
