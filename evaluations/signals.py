"""What the evaluations services tell the apps above them (the plan) about a change.

Sent by `evaluations.services` inside the service's transaction; receivers are connected in
the higher app's `apps.py` and only call a service (docs/ARCHITECTURE.md lists who listens).
"""

from django.dispatch import Signal

# A self-evaluation of a round was finished (or a finished one saved again);
# kwargs: interview, evaluation, at.
evaluation_finished = Signal()
