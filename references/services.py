"""Writes to references, the employers they were given to and their briefings."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from followups import services as plan
from followups.models import FollowUpStep, StepKind, StepStatus
from interviews.models import JobApplication
from interviews.services import application_touch

from .models import ApplicationReference, Briefing, Reference

REFERENCE_FIELDS = (
    "name",
    "relationship",
    "company",
    "title",
    "email",
    "phone",
    "preferred_contact",
    "agreed",
    "notes",
)


def reference_create(*, owner, **fields) -> Reference:
    """Add a reference to `owner`'s list."""
    reference = Reference(owner=owner, **{k: v for k, v in fields.items() if k in REFERENCE_FIELDS})
    reference.full_clean()
    reference.save()
    return reference


def reference_update(*, reference: Reference, **fields) -> Reference:
    """Change a reference's details (only the editable fields)."""
    for name, value in fields.items():
        if name in REFERENCE_FIELDS:
            setattr(reference, name, value)
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def reference_delete(*, reference: Reference) -> None:
    """Delete a reference and re-plan the applications it was given to (their briefing
    steps for this person are no longer needed)."""
    applications = list(
        JobApplication.objects.filter(given_references__reference=reference).distinct()
    )
    reference.delete()
    for application in applications:
        plan.plan_sync_application(application=application)


@transaction.atomic
def reference_attach(
    *, application: JobApplication, reference: Reference, given_on: dt.date | None = None
) -> ApplicationReference:
    """Record that `reference` was given to this employer, then let the plan add a briefing
    step for them. Attaching twice returns the existing row."""
    if reference.owner_id != application.owner_id:
        # Views only offer the user's own references; this guards every other caller.
        raise ValidationError("You can only give your own references to your own applications.")
    given, created = ApplicationReference.objects.get_or_create(
        application=application,
        reference=reference,
        defaults={"given_on": given_on or timezone.localdate()},
    )
    if created:
        application_touch(application=application)
        plan.plan_sync_application(application=application)
    return given


@transaction.atomic
def reference_detach(*, application_reference: ApplicationReference) -> None:
    """Take a reference off an application; the plan drops its briefing step."""
    application = application_reference.application
    application_reference.delete()
    application_touch(application=application)
    plan.plan_sync_application(application=application)


def open_briefing_steps(*, application_reference: ApplicationReference):
    """The plan's open "brief references" steps for this reference at this employer."""
    return FollowUpStep.objects.filter(
        application_id=application_reference.application_id,
        reference_id=application_reference.reference_id,
        kind=StepKind.BRIEF_REFERENCES,
        status=StepStatus.PENDING,
    )


@transaction.atomic
def reference_record_briefing(
    *,
    application_reference: ApplicationReference,
    channel: str = "",
    at: dt.datetime | None = None,
) -> Briefing:
    """Record that the reference was briefed about this employer and close the plan's
    briefing step(s) for them."""
    at = at or timezone.now()
    briefing = Briefing.objects.create(
        application_reference=application_reference, briefed_at=at, channel=channel
    )
    application_reference.briefed_at = at
    application_reference.save(update_fields=["briefed_at"])
    for step in open_briefing_steps(application_reference=application_reference):
        plan.step_complete(step=step, channel=channel, at=at)
    application_touch(application=application_reference.application, at=at)
    return briefing


def reference_record_employer_contact(
    *, application_reference: ApplicationReference, contacted_on: dt.date | None
) -> ApplicationReference:
    """Record the day the employer reported contacting the reference (None clears it)."""
    application_reference.employer_contacted_on = contacted_on
    application_reference.save(update_fields=["employer_contacted_on"])
    return application_reference
