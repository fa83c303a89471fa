"""What one checklist row says, worked out once in Python; its markup is a template.

Every list of steps (Today, an interview's checklist, an application's plan, the row an htmx
action swaps in) shows the same row: `step_row` decides what it says (which icon, which link,
which moments) and `templates/jinja2/followups/_step_rows.jinja` writes it, dates formatted by
Django in the user's zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template import engines
from django.urls import reverse
from markupsafe import Markup

from core import pagecache
from core.links import url_with_id
from interviews.models import RoundLabel

from . import rules
from .models import STEP_KIND_LABELS, Channel, FollowUpStep, StepKind, StepStatus

# Where a step action leaves its message and Undo for the page it returns to (the session).
NOTICE_KEY = pagecache.NOTICE_SESSION_KEY  # one key, so the page cache skips such a page

# Choice labels by value (a model's get_FOO_display() rebuilds its table on every call).
_STATUS_LABELS = dict(StepStatus.choices)
_CHANNEL_LABELS = dict(Channel.choices)
_ROUND_LABELS = dict(RoundLabel.choices)
_CLOSED_ICONS = {
    StepStatus.DONE.value: "✓",
    StepStatus.SKIPPED.value: "\u2013",
    StepStatus.NOT_NEEDED.value: "·",
}
_NOTES = {
    StepKind.MOVE_ON.value: (
        "No answer after your follow-ups. “Done” marks the application as no response."
    ),
}


@dataclass(frozen=True, slots=True)
class StepRow:
    pk: int
    is_open: bool
    css_class: str  # "step-pending step-overdue"
    icon: str
    title: str
    context: str  # "Engineer at Acme · Technical interview", for lists across applications
    context_url: str  # where the context line leads (the interview, else the application)
    urgency: str
    # An open step: its window, moments and actions.
    window: str = ""
    opens_at: dt.datetime | None = None  # set while the step has not opened yet
    due_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None  # set while a snooze runs
    link_url: str = ""
    link_label: str = ""
    note: str = ""
    done_label: str = "Done"
    can_snooze: bool = False
    # A closed step: how it ended.
    status_label: str = ""
    status_colour: str = ""
    done_at: dt.datetime | None = None
    channel_label: str = ""


_LINKS = {
    StepKind.THANK_YOU.value: ("followups:thank_you_composer", "pk", "Write the note"),
    StepKind.FOLLOW_UP.value: ("followups:follow_up_composer", "pk", "Write the follow-up email"),
    StepKind.BRIEF_REFERENCES.value: ("references:briefing", "pk", "Write the briefing"),
    StepKind.SELF_EVALUATION.value: ("evaluations:form", "interview_id", "Fill in the evaluation"),
    StepKind.NEXT_STEPS.value: (
        "interviews:interview_detail",
        "interview_id",
        "Record their timeline and instructions",
    ),
    StepKind.OFFER_CONFIRM.value: ("followups:offer_step", "pk", "Write the thank-you"),
    StepKind.OFFER_DECIDE.value: ("followups:offer_step", "pk", "Compare your options"),
    StepKind.OFFER_RESPOND.value: ("followups:offer_step", "pk", "See the deadline"),
    StepKind.OFFER_NEWS.value: ("followups:offer_step", "pk", "Write the email"),
}


def step_link(step: FollowUpStep) -> tuple[str, str]:
    """Where an open step's work is done, and the link's words ("", "") when nowhere."""
    if step.kind == StepKind.KEEP_LOOKING:
        return reverse("interviews:application_list"), "Add an application"
    if step.kind not in _LINKS:
        return "", ""
    name, attribute, label = _LINKS[step.kind]
    if step.kind == StepKind.BRIEF_REFERENCES and step.reference_id:
        label = f"Brief {step.reference.name.split()[0]}"  # "Brief Elena"
    pk = getattr(step, attribute)
    return (url_with_id(name, pk), label) if pk else ("", "")


def step_context(step: FollowUpStep) -> str:
    """Which application (and round) a step belongs to, for lists that mix applications."""
    if not step.application_id:
        return ""
    application = step.application
    context = f"{application.role_title} at {application.company_name}"
    if step.interview_id:
        round_label = step.interview.round_label
        context += f" · {_ROUND_LABELS.get(round_label, round_label)}"
    return context


def _context_url(step: FollowUpStep) -> str:
    if step.interview_id:
        return url_with_id("interviews:interview_detail", step.interview_id)
    if step.application_id:
        return url_with_id("interviews:application_detail", step.application_id)
    return ""


@dataclass(frozen=True, slots=True)
class NextStepBadge:
    colour: str  # a Bootstrap text-bg-* class
    label: str  # "Send a thank-you note"
    window: str  # "due in 5 h"


_BADGE_COLOURS = {rules.OVERDUE: "text-bg-danger", rules.DUE_TODAY: "text-bg-warning"}


def next_step_badge_of(step, *, now: dt.datetime, zone: str) -> NextStepBadge:
    """What the compact badge of list rows and board cards says; `step` needs only `kind`,
    `opens_at` and `due_at`."""
    urgency = rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
    return NextStepBadge(
        colour=_BADGE_COLOURS.get(urgency, "text-bg-light"),
        label=STEP_KIND_LABELS.get(step.kind, step.kind),
        window=rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now),
    )


def next_step_badge(step, *, now: dt.datetime, zone: str) -> Markup:
    """The badge "Send a thank-you note · due in 5 h", rendered from its partial."""
    partial = engines["jinja2"].get_template("followups/_next_step_badge.jinja")
    badge = next_step_badge_of(step, now=now, zone=zone)
    return Markup(partial.render({"badge": badge}))  # noqa: S704 (the autoescaping engine wrote it)


def step_row(
    step: FollowUpStep, *, now: dt.datetime, zone: str, with_context: bool = False
) -> StepRow:
    """Everything `_step_rows.jinja` prints for `step` at `now` (Today groups in `zone`)."""
    urgency = rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
    common = {
        "pk": step.pk,
        "is_open": step.is_open,
        "title": step.title,
        # Only lists that mix applications print it (and load the application for it).
        "context": step_context(step) if with_context else "",
        "context_url": _context_url(step) if with_context else "",
        "urgency": urgency,
    }
    if not step.is_open:
        return StepRow(
            **common,
            css_class=f"step-{step.status}",
            icon=_CLOSED_ICONS.get(step.status, "·"),
            status_label=_STATUS_LABELS.get(step.status, step.status),
            status_colour="success" if step.status == StepStatus.DONE else "secondary",
            done_at=step.done_at,
            channel_label=_CHANNEL_LABELS.get(step.channel, step.channel) if step.channel else "",
        )
    link_url, link_label = step_link(step)
    snoozed = step.snoozed_until if step.snoozed_until and step.snoozed_until > now else None
    return StepRow(
        **common,
        css_class=f"step-{step.status} step-{urgency}",
        icon="!" if urgency == rules.OVERDUE else "○",
        window=rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now),
        opens_at=step.opens_at if step.opens_at > now else None,
        due_at=step.due_at,
        snoozed_until=snoozed,
        link_url=link_url,
        link_label=link_label,
        note=_NOTES.get(step.kind, ""),
        done_label="Mark no response" if step.kind == StepKind.MOVE_ON else "Done",
        can_snooze=step.opens_at <= now,
    )
