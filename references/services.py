"""Writes to references, the employers they were given to and their briefings.

Changes the plan depends on are announced through `references.signals` (the plan listens).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import JobApplication
from interviews.services import application_touch

from . import signals
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
    at = timezone.now()
    for application in applications:
        signals.application_references_changed.send(
            sender=Reference, application=application, at=at
        )


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
        at = timezone.now()
        application_touch(application=application, at=at)
        signals.application_references_changed.send(
            sender=ApplicationReference, application=application, at=at
        )
    return given


@transaction.atomic
def reference_detach(*, application_reference: ApplicationReference) -> None:
    """Take a reference off an application; the plan drops its briefing step."""
    application = application_reference.application
    application_reference.delete()
    at = timezone.now()
    application_touch(application=application, at=at)
    signals.application_references_changed.send(
        sender=ApplicationReference, application=application, at=at
    )


@transaction.atomic
def reference_record_briefing(
    *,
    application_reference: ApplicationReference,
    channel: str = "",
    at: dt.datetime | None = None,
) -> Briefing:
    """Record that the reference was briefed about this employer; the plan, told through
    `signals.reference_briefed`, closes its briefing step(s) for them."""
    at = at or timezone.now()
    briefing = Briefing.objects.create(
        application_reference=application_reference, briefed_at=at, channel=channel
    )
    application_reference.briefed_at = at
    application_reference.save(update_fields=["briefed_at"])
    signals.reference_briefed.send(
        sender=ApplicationReference,
        application_reference=application_reference,
        channel=channel,
        at=at,
    )
    application_touch(application=application_reference.application, at=at)
    return briefing


def reference_record_employer_contact(
    *, application_reference: ApplicationReference, contacted_on: dt.date | None
) -> ApplicationReference:
    """Record the day the employer reported contacting the reference (None clears it)."""
    application_reference.employer_contacted_on = contacted_on
    application_reference.save(update_fields=["employer_contacted_on"])
    return application_reference
