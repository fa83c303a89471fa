"""Writes to applications and interviews.

Other apps call `application_set_status` and `application_touch`; their names and keyword
arguments are the contract (docs/ARCHITECTURE.md). Every write bumps the application's
`last_activity_at`; every change to an application, its status, a round or its interviewers
is announced through `interviews.signals` (the plan listens), never by calling up.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import dates

from . import rules, signals
from .models import ApplicationStatus, Interview, Interviewer, JobApplication, StatusChange

# Fields a user edits, in form order (the forms use these tuples); status moves only
# through application_set_status.
APPLICATION_FORM_FIELDS = (
    "company_name",
    "company_website",
    "company_description",
    "role_title",
    "job_posting_url",
    "location",
    "work_mode",
    "salary_range",
    "source",
    "date_applied",
    "notes",
)
APPLICATION_FIELDS = frozenset(APPLICATION_FORM_FIELDS)
INTERVIEW_FORM_FIELDS = (
    "round_label",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "topics",
    "questions_asked",
    "materials_requested",
    "article_url",
    "better_answer",
    "next_steps",
    "expected_decision_on",
    "follow_up_instructions",
    "follow_up_contact",
    "do_not_contact_before",
)
INTERVIEW_FIELDS = frozenset(INTERVIEW_FORM_FIELDS)


class InvalidStatusTransition(ValidationError):
    """The requested status move is not one `rules.ALLOWED_TRANSITIONS` permits."""


@dataclass(frozen=True)
class InterviewerData:
    """One interviewer row as the user wants it; `id` set for an existing row."""

    name: str
    title: str = ""
    email: str = ""
    notes: str = ""
    salutation: str = ""
    mention: str = ""
    id: int | None = None


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown or read-only fields: {', '.join(sorted(unknown))}")


def application_touch(*, application: JobApplication, at: dt.datetime | None = None) -> None:
    """Record activity on an application (sorting, stale detection)."""
    application.last_activity_at = at or timezone.now()
    JobApplication.objects.filter(pk=application.pk).update(
        last_activity_at=application.last_activity_at
    )


@transaction.atomic
def application_create(
    *,
    owner,
    company_name: str,
    role_title: str,
    status: str = ApplicationStatus.APPLIED,
    at: dt.datetime | None = None,
    date_applied_known: bool = True,
    **fields: Any,
) -> JobApplication:
    """Create an application and the first entry of its status history ("" → `status`);
    `date_applied_known=False` when `date_applied` is only a placeholder day."""
    _check_fields(fields, APPLICATION_FIELDS)
    at = at or timezone.now()
    application = JobApplication(
        owner=owner,
        date_applied_known=date_applied_known,
        company_name=company_name,
        role_title=role_title,
        status=status,
        last_activity_at=at,
        **fields,
    )
    application.full_clean()
    application.save()
    StatusChange.objects.create(
        application=application, from_status="", to_status=status, changed_at=at
    )
    return application


@transaction.atomic
def application_update(
    *, application: JobApplication, at: dt.datetime | None = None, **fields: Any
) -> JobApplication:
    """Change an application's details (not its status) and record the activity."""
    _check_fields(fields, APPLICATION_FIELDS)
    if "date_applied" in fields and fields["date_applied"] != application.date_applied:
        # A day given on the edit form is a real one (the placeholder was never shown as one).
        application.date_applied_known = True
    for name, value in fields.items():
        setattr(application, name, value)
    application.last_activity_at = at or timezone.now()
    application.full_clean()
    application.save()
    # Company details feed reference briefings and step texts.
    signals.application_changed.send(
        sender=JobApplication, application=application, at=application.last_activity_at
    )
    return application


@transaction.atomic
def application_delete(*, application: JobApplication) -> None:
    """Delete an application with its rounds, interviewers, history, plan and evaluations."""
    application.delete()


@transaction.atomic
def application_set_status(
    *, application: JobApplication, status: str, note: str = "", at: dt.datetime | None = None
) -> JobApplication:
    """Move an application to `status`, record the transition and announce it (the plan
    follows).

    Setting the current status again does nothing; a move `rules.can_transition` refuses
    raises `InvalidStatusTransition`.
    """
    at = at or timezone.now()
    if status == application.status:
        return application
    if not rules.can_transition(application.status, status):
        raise InvalidStatusTransition(
            "An application cannot move from %(from)s to %(to)s.",
            code="invalid_transition",
            params={
                "from": ApplicationStatus(application.status).label,
                "to": ApplicationStatus(status).label if status in ApplicationStatus else status,
            },
        )
    StatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=status,
        changed_at=at,
        note=note[:500],
    )
    fields = ["status", "last_activity_at", "updated_at"]
    if application.status == ApplicationStatus.WISHLIST:
        # A saved posting is sent now: the weekly goal counts it in the week it goes out.
        application.date_applied = timezone.localdate(at)
        fields.append("date_applied")
    application.status = status
    application.last_activity_at = at
    application.save(update_fields=fields)
    signals.application_status_changed.send(sender=JobApplication, application=application, at=at)
    return application


@transaction.atomic
def application_record_reply(
    *, application: JobApplication, at: dt.datetime | None = None
) -> JobApplication:
    """Record that the employer answered (a reply to a follow-up): the plan stops chasing
    the latest round and Insights count when the answer came."""
    at = at or timezone.now()
    application.answer_received_at = at
    application.last_activity_at = at
    application.save(update_fields=["answer_received_at", "last_activity_at", "updated_at"])
    signals.application_changed.send(sender=JobApplication, application=application, at=at)
    return application


@transaction.atomic
def application_record_offer(
    *,
    application: JobApplication,
    deadline_at: dt.datetime | None,
    note: str = "",
    at: dt.datetime | None = None,
) -> JobApplication:
    """Move an application to "offer" with the offer's deadline (or none known): the plan
    gives it the offer steps and every other open process a "tell them" step."""
    at = at or timezone.now()
    application.offer_deadline_at = deadline_at
    application.save(update_fields=["offer_deadline_at", "updated_at"])
    if application.status == ApplicationStatus.OFFER:
        # Only the deadline changed: the plan follows it like any other change.
        application_touch(application=application, at=at)
        signals.application_status_changed.send(
            sender=JobApplication, application=application, at=at
        )
        return application
    return application_set_status(
        application=application, status=ApplicationStatus.OFFER, note=note, at=at
    )


def _sync_interviewers(*, interview: Interview, interviewers: Sequence[InterviewerData]) -> None:
    """Make the interview's interviewer rows match `interviewers`, in that order."""
    existing = {row.pk: row for row in interview.interviewers.all()}
    keep: set[int] = set()
    to_create: list[Interviewer] = []
    to_update: list[Interviewer] = []
    for order, data in enumerate(interviewers):
        values = {
            "name": data.name,
            "title": data.title,
            "email": data.email,
            "notes": data.notes,
            "salutation": data.salutation,
            "mention": data.mention,
        }
        if data.id is not None:
            row = existing.get(data.id)
            if row is None:
                # Ids come from a form; one that is not this interview's is never touched.
                raise ValidationError("An interviewer row does not belong to this interview.")
            keep.add(row.pk)
            for name, value in values.items():
                setattr(row, name, value)
            row.order = order
            to_update.append(row)
        else:
            to_create.append(Interviewer(interview=interview, order=order, **values))
    for row in [*to_update, *to_create]:
        row.full_clean(exclude=["interview"])
    removed = set(existing) - keep
    if removed:
        Interviewer.objects.filter(interview=interview, pk__in=removed).delete()
    if to_update:
        Interviewer.objects.bulk_update(
            to_update, ["name", "title", "email", "notes", "salutation", "mention", "order"]
        )
    if to_create:
        Interviewer.objects.bulk_create(to_create)


def interview_settle_next_steps(*, interview: Interview) -> None:
    """Apply the next-steps rules to a round about to be saved: a blank answer with a decision
    date or instructions becomes "they gave one"; a contradiction (a decision date with "no
    timeline", a date before the round) raises `ValidationError` by field.

    Every writer of rounds calls it (these services, the demo's bulk seeding), so no path
    stores what the form would refuse.
    """
    starts = interview.starts_at
    # One supported range for every writer (core.dates): a year-9999 round would break
    # every page that shows it in the owner's zone.
    out_of_range = {
        name: dates.OUT_OF_RANGE
        for name in ("starts_at", "ends_at")
        if getattr(interview, name) is not None and dates.range_problem(getattr(interview, name))
    }
    if out_of_range:
        raise ValidationError(out_of_range)
    answer = rules.next_steps_answer(
        next_steps=interview.next_steps,
        expected_decision_on=interview.expected_decision_on,
        follow_up_instructions=interview.follow_up_instructions,
        do_not_contact_before=interview.do_not_contact_before,
        # The round's own day where it took place (its zone, else the owner's).
        round_day=starts.astimezone(interview.zone).date() if starts else None,
    )
    if answer.problems:
        raise ValidationError(answer.problems)
    interview.next_steps = answer.next_steps


@transaction.atomic
def interview_create(
    *,
    application: JobApplication,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    interviewers: Sequence[InterviewerData] = (),
    at: dt.datetime | None = None,
    invite_uid: str = "",
    **fields: Any,
) -> Interview:
    """Log a round with its interviewers (`invite_uid`: the calendar invite it came from).

    The first round of an "applied" application moves it to "interviewing" (recorded in
    its history); the plan for the round is computed afterwards. What was recorded about
    next steps obeys `interview_settle_next_steps`.
    """
    _check_fields(fields, INTERVIEW_FIELDS)
    at = at or timezone.now()
    interview = Interview(
        owner=application.owner,
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        invite_uid=invite_uid[:255],
        **fields,
    )
    interview_settle_next_steps(interview=interview)
    interview.full_clean(exclude=["owner", "application"])
    interview.save()
    _sync_interviewers(interview=interview, interviewers=interviewers)
    new_status = rules.status_after_round_logged(application.status)
    if new_status:
        application_set_status(
            application=application, status=new_status, note="First round logged.", at=at
        )
    application_touch(application=application, at=at)
    signals.interview_changed.send(sender=Interview, interview=interview, at=at)
    return interview


@transaction.atomic
def interview_log(
    *,
    owner,
    application: JobApplication | None,
    new_application: dict[str, Any],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    interviewers: Sequence[InterviewerData] = (),
    at: dt.datetime | None = None,
    invite_uid: str = "",
    **fields: Any,
) -> Interview:
    """ "Log an interview": a round for `application`, or for a new one made from
    `new_application` (company, role, what they do, and `date_applied` when known).

    Logged from a calendar invite the owner already logged (same `invite_uid`), it updates
    that round instead: a rescheduled invite must not make a second round.
    """
    if invite_uid:
        known = Interview.objects.owned_by(owner).filter(invite_uid=invite_uid).first()
        if known is not None:
            return interview_update(
                interview=known,
                interviewers=interviewers,
                at=at,
                **fields,
                starts_at=starts_at,
                ends_at=ends_at,
            )
    if application is None:
        application = application_create(
            owner=owner,
            date_applied=rules.default_date_applied(
                today=timezone.localdate(timezone=owner.zone),
                round_day=timezone.localdate(starts_at, timezone=owner.zone),
                applied_on=new_application.get("date_applied"),
            ),
            date_applied_known=new_application.get("date_applied") is not None,
            at=at,
            **{k: v for k, v in new_application.items() if k != "date_applied"},
        )
    elif application.owner_id != owner.pk:
        raise PermissionError("That application belongs to someone else.")
    return interview_create(
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        interviewers=interviewers,
        at=at,
        invite_uid=invite_uid,
        **fields,
    )


@transaction.atomic
def interview_cancel(*, interview: Interview, at: dt.datetime | None = None) -> Interview:
    """Mark a round cancelled (its invite was withdrawn); the plan drops its steps.

    Kept rather than deleted: the history of the application shows the round was planned.
    """
    at = at or timezone.now()
    if interview.cancelled_at is not None:
        return interview
    interview.cancelled_at = at
    interview.save(update_fields=["cancelled_at", "updated_at"])
    application_touch(application=interview.application, at=at)
    signals.interview_changed.send(sender=Interview, interview=interview, at=at)
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    interviewers: Sequence[InterviewerData] | None = None,
    at: dt.datetime | None = None,
    **fields: Any,
) -> Interview:
    """Change a round and (when given) replace its interviewer list; announce the change."""
    _check_fields(fields, INTERVIEW_FIELDS)
    at = at or timezone.now()
    for name, value in fields.items():
        setattr(interview, name, value)
    interview_settle_next_steps(interview=interview)
    interview.full_clean(exclude=["owner", "application"])
    interview.save()
    if interviewers is not None:
        _sync_interviewers(interview=interview, interviewers=interviewers)
    application_touch(application=interview.application, at=at)
    signals.interview_changed.send(sender=Interview, interview=interview, at=at)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview, at: dt.datetime | None = None) -> None:
    """Delete a round with its interviewers, plan steps and evaluation."""
    application = interview.application
    interview.delete()
    at = at or timezone.now()
    application_touch(application=application, at=at)
    # The application's own steps (follow-ups, keep looking) depend on its rounds.
    signals.interview_deleted.send(sender=Interview, application=application, at=at)


def interview_set_better_answer(*, interview: Interview, text: str) -> None:
    """Store the answer the candidate would send an interviewer (the self-evaluation form
    asks for it as well as the log form); the plan's dates do not depend on it."""
    interview.better_answer = text.strip()
    Interview.objects.filter(pk=interview.pk).update(better_answer=interview.better_answer)
