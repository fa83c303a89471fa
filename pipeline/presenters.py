"""What the board's cards and the applications list's rows say, as plain view-models.

No markup here: the Jinja2 partials under templates/jinja2/pipeline/ print these values,
autoescaped (docs/ARCHITECTURE.md, "Templates"). Times are aware datetimes the templates format
in the active zone (the user's).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from followups import rules as plan_rules
from followups.models import STEP_KIND_LABELS
from interviews import rules as application_rules
from interviews.models import ApplicationStatus
from interviews.templatetags.interviews_tags import STATUS_BADGE_CLASSES

from . import rules
from .selectors import SAVED_VIEWS

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
    # The statuses this application may move to next (the inline status change offers them).
    moves: tuple = ()

    @property
    def initial(self) -> str:
        return rules.company_initial(self.company_name)

    @property
    def colour(self) -> int:
        return rules.company_colour(self.company_name)


@functools.cache
def _moves(status: str) -> tuple:
    return tuple(
        (value, ApplicationStatus(value).label)
        for value in application_rules.allowed_next_statuses(status)
    )


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
            moves=_moves(application.status),
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


@dataclass(frozen=True)
class ListPage:
    """What templates/jinja2/pipeline/_application_rows.jinja prints besides the rows."""

    rows: list
    csrf_token: str = ""
    next_url: str = ""


@dataclass(frozen=True, slots=True)
class SortLink:
    label: str
    query: str  # the query string that sorts by this column (the other way when current)
    direction: str  # "ascending", "descending" or "none", for aria-sort


# The sortable columns of the list: (label, sort key of its natural direction).
_SORT_COLUMNS = {
    "role": ("Role and company", "role"),
    "status": ("Status", "status"),
    "activity": ("Last activity", "activity"),
    "applied": ("Applied", "applied"),
}


def sort_links(query, *, current: str) -> dict[str, SortLink]:
    """Each sortable column's header link, keeping the other filters in the query string."""
    links = {}
    for column, (label, key) in _SORT_COLUMNS.items():
        other = key[1:] if key.startswith("-") else f"-{key}"
        is_current = current in (key, other) or (key == "activity" and current == "oldest_activity")
        target = other if current == key else key
        params = query.copy()
        params["sort"] = target
        params.pop("page", None)
        if not is_current:
            direction = "none"
        else:
            # "activity" and "applied" read newest first; the others A to Z.
            natural = "descending" if key in ("activity", "applied") else "ascending"
            flipped = "ascending" if natural == "descending" else "descending"
            direction = natural if current == key else flipped
        links[column] = SortLink(label=label, query=params.urlencode(), direction=direction)
    return links


@dataclass(frozen=True, slots=True)
class SavedView:
    key: str
    label: str
    query: str
    current: bool


def saved_views(query) -> list[SavedView]:
    """The list's saved views as links (each keeps the sort), the current one marked."""
    current = query.get("view", "")
    views = []
    for key, (label, _filters) in SAVED_VIEWS.items():
        params = {"view": key}
        if query.get("sort"):
            params["sort"] = query["sort"]
        views.append(SavedView(key, label, urlencode(params), current == key))
    return views
