"""What the accounts services tell the apps above them (the plan) about a change.

Receivers are connected in the higher app's `apps.py` and only call a service
(docs/ARCHITECTURE.md lists who listens).
"""

from django.dispatch import Signal

# A user's profile was saved: their time zone and plan defaults (weekly application target,
# thank-you window, follow-up pacing) shape their plan; kwargs: user, at.
plan_preferences_changed = Signal()
