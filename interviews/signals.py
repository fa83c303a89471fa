"""What the interviews services tell the apps above them (the plan) about a change.

Sent by `interviews.services` inside the service's transaction, after the rows are written,
so a receiver sees the change and fails with it. Every signal carries `at`, the time of the
change; receivers are connected in the higher app's `apps.py` and only call a service
(docs/ARCHITECTURE.md lists who listens).
"""

from django.dispatch import Signal

# An application's details changed (company, role, what they do); kwargs: application, at.
application_changed = Signal()
# An application moved to another status (recorded in its history); kwargs: application, at.
application_status_changed = Signal()
# A round was logged or edited, its interviewers included; kwargs: interview, at.
interview_changed = Signal()
# A round was deleted (its rows are gone); kwargs: application (its parent), at.
interview_deleted = Signal()
