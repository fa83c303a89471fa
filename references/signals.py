"""What the references services tell the apps above them (the plan) about a change.

Sent by `references.services` inside the service's transaction, after the rows are written;
receivers are connected in the higher app's `apps.py` and only call a service
(docs/ARCHITECTURE.md lists who listens).
"""

from django.dispatch import Signal

# The references given to an application changed: one attached or detached, or a reference
# deleted (sent once for each application it had been given to); kwargs: application, at.
application_references_changed = Signal()
# A reference was briefed about an employer (a `Briefing` was recorded);
# kwargs: application_reference, channel, at.
reference_briefed = Signal()
