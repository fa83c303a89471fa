"""What the board's cards and the applications list's rows say, as plain view-models.

No markup here: the Jinja2 partials under templates/jinja2/pipeline/ print these values,
autoescaped (docs/ARCHITECTURE.md, "Templates"). Times are aware datetimes the templates format
in the active zone (the user's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from followups import rules as plan_rules
from followups.models import STEP_KIND_LABELS
from interviews.models import ApplicationStatus
from interviews.templatetags.interviews_tags import STATUS_BADGE_CLASSES

from . import rules

# The next-step badge's colour by the step's Today group; the others are light.
_BADGE_COLOURS = {plan_rules.OVERDUE: "text-bg-danger", plan_rules.DUE_TODAY: "text-bg-warning"}


@dataclass(frozen=True, slots=True)
class NextStepBadge:
    """A compact "Send a thank-you note · due in 5 h" for list rows and board cards."""

    label: str
    window: str
    colour: str


def next_step_badge(step, *, now: dt.datetime, zone: str) -> NextStepBadge | None:
    """The badge of `step` (anything with `kind`, `opens_at` and `due_at`), None for none."""
    if step is None:
        return None
    urgency = plan_rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
    return NextStepBadge(
        label=STEP_KIND_LABELS.get(step.kind, step.kind),
        window=plan_rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now),
        colour=_BADGE_COLOURS.get(urgency, "text-bg-light"),
    )


@dataclass(frozen=True, slots=True)
class StatusBadge:
    label: str
    colour: str


def status_badge(status: str) -> StatusBadge:
    """An application status's label and Bootstrap colour (one set for board and list)."""
    if status not in ApplicationStatus.values:
        return StatusBadge("—", "text-bg-light")
    return StatusBadge(str(ApplicationStatus(status).label), STATUS_BADGE_CLASSES[status])


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """One row of the applications list."""

    pk: int
    role_title: str
    company_name: str
    location: str
    status: str
    status_badge: StatusBadge
    rounds: int
    last_activity_at: dt.datetime
    next_step: NextStepBadge | None


def application_rows(
    applications: Iterable, next_steps: dict, *, now: dt.datetime, zone: str
) -> list[ApplicationRow]:
    """Rows for `applications` (rows of `selectors.application_list`) and their next steps
    ({application_id: step})."""
    return [
        ApplicationRow(
            pk=application.pk,
            role_title=application.role_title,
            company_name=application.company_name,
            location=application.location,
            status=application.status,
            status_badge=status_badge(application.status),
            rounds=application.rounds,
            last_activity_at=application.last_activity_at,
            next_step=next_step_badge(next_steps.get(application.pk), now=now, zone=zone),
        )
        for application in applications
    ]


# Constant pieces of every board: the "Move to…" options, the closed column's drop zones and
# the badge a closed card wears.
_STATUS_CHOICES = tuple(ApplicationStatus.choices)
_CLOSED_CHOICES = tuple(
    (value, label) for value, label in ApplicationStatus.choices if value in rules.CLOSED_STATUSES
)


@dataclass(frozen=True)
class BoardPage:
    """What templates/jinja2/pipeline/_board.jinja prints: the columns (with their cards)
    and what every card shares, at `now` in the user's `zone`."""

    columns: list
    all_closed: bool
    now: dt.datetime
    zone: str
    # Read once: `csrf_input` would mask the token anew for each of the cards' forms.
    csrf_token: str = ""
    statuses: tuple = _STATUS_CHOICES
    closed_statuses: tuple = _CLOSED_CHOICES
    closed_labels: dict = field(default_factory=lambda: dict(_CLOSED_CHOICES))
    no_response_days: int = rules.NO_RESPONSE_AFTER_DAYS
    # The columns to print (None for all): an htmx swap after a move or a quick-add.
    only: tuple | None = None
    oob: bool = False  # the columns swap themselves in by id (htmx out-of-band)
    # The column whose quick-add form is open, and what was wrong with what it sent.
    quick_add_open: str = ""
    quick_add_errors: str = ""

    def badge(self, step) -> NextStepBadge | None:
        return next_step_badge(step, now=self.now, zone=self.zone)
