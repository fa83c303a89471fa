from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = "Follow-up plan"

    def ready(self):
        # The lower apps announce their changes; the plan follows them (docs/ARCHITECTURE.md,
        # "Signals"). Imported here: the signal modules and receivers need the app registry.
        from accounts import signals as accounts_signals
        from evaluations import signals as evaluations_signals
        from interviews import signals as interviews_signals
        from references import signals as references_signals

        from . import receivers

        connections = [
            (interviews_signals.application_changed, receivers.application_changed),
            (interviews_signals.application_status_changed, receivers.application_status_changed),
            (interviews_signals.interview_changed, receivers.interview_changed),
            (interviews_signals.interview_deleted, receivers.interview_deleted),
            (
                references_signals.application_references_changed,
                receivers.application_references_changed,
            ),
            (references_signals.reference_briefed, receivers.reference_briefed),
            (evaluations_signals.evaluation_finished, receivers.evaluation_finished),
            (accounts_signals.plan_preferences_changed, receivers.plan_preferences_changed),
        ]
        for signal, receiver in connections:
            signal.connect(receiver, dispatch_uid=f"followups.{receiver.__name__}")
