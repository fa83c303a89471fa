"""Writes to applications and interviews. (Foundation stub: the interviews issue fills it in.)

Other apps call only these functions; their names and keyword arguments are the contract.
"""

from django.db import transaction
from django.utils import timezone

from followups import services as plan

from .models import JobApplication, StatusChange


def application_touch(*, application: JobApplication, at=None) -> None:
    """Record activity on an application (sorting, stale detection)."""
    application.last_activity_at = at or timezone.now()
    JobApplication.objects.filter(pk=application.pk).update(
        last_activity_at=application.last_activity_at
    )


@transaction.atomic
def application_set_status(
    *, application: JobApplication, status: str, note: str = "", at=None
) -> JobApplication:
    """Move an application to `status`, record the transition and update its plan."""
    at = at or timezone.now()
    if status == application.status:
        return application
    StatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=status,
        changed_at=at,
        note=note,
    )
    application.status = status
    application.last_activity_at = at
    application.save(update_fields=["status", "last_activity_at", "updated_at"])
    plan.plan_on_status_change(application=application, now=at)
    return application
