"""The plan's receivers of the lower apps' domain signals (connected in `apps.py`).

Each only calls a `followups.services` function: the signal says what changed, the service
decides what that means for the plan. The services are looked up on the module at call time
(`services.plan_sync_application`, not an imported name), so a test may stand in for one.
"""

from . import services
from .models import StepKind


def application_changed(sender, *, application, at, **kwargs):
    services.plan_sync_application(application=application, now=at)


def application_status_changed(sender, *, application, at, **kwargs):
    services.plan_on_status_change(application=application, now=at)


def interview_changed(sender, *, interview, at, **kwargs):
    services.plan_sync_interview(interview=interview, now=at)


def interview_deleted(sender, *, application, at, **kwargs):
    # The application's own steps (follow-ups, keep looking) depend on its remaining rounds.
    services.plan_sync_application(application=application, now=at)


def application_references_changed(sender, *, application, at, **kwargs):
    services.plan_sync_application(application=application, now=at)


def reference_briefed(sender, *, application_reference, channel, at, **kwargs):
    services.briefing_steps_complete(
        application_reference=application_reference, channel=channel, at=at
    )


def evaluation_finished(sender, *, interview, at, **kwargs):
    services.complete_steps_of_kind(interview=interview, kind=StepKind.SELF_EVALUATION, at=at)


def plan_preferences_changed(sender, *, user, at, **kwargs):
    # The weekly target and the time zone shape the keep-looking step.
    services.plan_sync_keep_looking(user=user, now=at)
