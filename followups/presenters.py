"""What one checklist row shows, worked out once in Python.

Every list of steps (Today, an interview's checklist, an application's plan, the row an htmx
action swaps in) shows the same row: `step_row` decides what it says (which icon, which link,
which dates) and `render_step_row` writes its HTML. Both are plain functions, cheap and tested,
instead of template conditions and lookups evaluated row by row.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from config.links import url_for
from interviews.models import RoundLabel

from . import rules
from .models import STEP_KIND_LABELS, Channel, FollowUpStep, StepKind, StepStatus

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
    urgency: str
    # An open step: its window, dates and actions.
    window: str = ""
    when: str = ""  # "opens Sat 28 Nov, 09:00 · due Sun 29 Nov, 09:00"
    snoozed: str = ""
    link_url: str = ""
    link_label: str = ""
    note: str = ""
    done_label: str = "Done"
    can_snooze: bool = False
    done_url: str = ""
    skip_url: str = ""
    snooze_url: str = ""
    # A closed step: how it ended.
    status_label: str = ""
    status_colour: str = ""
    closed: str = ""  # "Fri 27 Nov, 14:00 · Handwritten card"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_moment(moment: dt.datetime, zone: str) -> str:
    """A date and time in `zone` as every row prints them: "Fri 27 Nov, 14:00"."""
    local = moment.astimezone(rules.zone_info(zone))
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, {local:%H:%M}"


_LINKS = {
    StepKind.THANK_YOU.value: ("followups:thank_you_composer", "pk", "Write the note"),
    StepKind.FOLLOW_UP.value: ("followups:follow_up_composer", "pk", "Write the follow-up email"),
    StepKind.BRIEF_REFERENCES.value: ("references:briefing", "pk", "Write the briefing"),
    StepKind.SELF_EVALUATION.value: (
        "evaluations:form",
        "interview_id",
        "Fill in the self-evaluation",
    ),
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
    pk = getattr(step, attribute)
    return (url_for(name, pk), label) if pk else ("", "")


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


_BADGE_COLOURS = {rules.OVERDUE: "text-bg-danger", rules.DUE_TODAY: "text-bg-warning"}
_BADGE = '<span class="badge next-step-badge border text-wrap text-start mw-100 {}">{} · {}</span>'


def next_step_badge(step, *, now: dt.datetime, zone: str) -> SafeString:
    """A compact "Send a thank-you note · due in 5 h" for list rows and board cards; `step`
    needs only `kind`, `opens_at` and `due_at`."""
    urgency = rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
    window = rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now)
    # html.escape rather than format_html: a board prints dozens, and the escaping is the same.
    return mark_safe(  # noqa: S308 (a constant fragment and escaped values)
        _BADGE.format(
            _BADGE_COLOURS.get(urgency, "text-bg-light"),
            html.escape(STEP_KIND_LABELS.get(step.kind, step.kind)),
            html.escape(window),
        )
    )


def step_row(
    step: FollowUpStep, *, now: dt.datetime, zone: str, with_context: bool = False
) -> StepRow:
    """Everything `_step_row.html` prints for `step` at `now`, dates in `zone`."""
    urgency = rules.urgency(opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone)
    common = {
        "pk": step.pk,
        "is_open": step.is_open,
        "title": step.title,
        # Only lists that mix applications print it (and load the application for it).
        "context": step_context(step) if with_context else "",
        "urgency": urgency,
    }
    if not step.is_open:
        closed = format_moment(step.done_at, zone) if step.done_at else ""
        if closed and step.channel:
            closed += f" · {_CHANNEL_LABELS.get(step.channel, step.channel)}"
        return StepRow(
            **common,
            css_class=f"step-{step.status}",
            icon=_CLOSED_ICONS.get(step.status, "·"),
            status_label=_STATUS_LABELS.get(step.status, step.status),
            status_colour="success" if step.status == StepStatus.DONE else "secondary",
            closed=closed,
        )
    when = ""
    if step.due_at:
        when = f"due {format_moment(step.due_at, zone)}"
        if step.opens_at > now:
            when = f"opens {format_moment(step.opens_at, zone)} · {when}"
    snoozed = ""
    if step.snoozed_until and step.snoozed_until > now:
        snoozed = f"snoozed until {format_moment(step.snoozed_until, zone)}"
    link_url, link_label = step_link(step)
    done_url = url_for("followups:step_action", step.pk, "done")
    actions = done_url.removesuffix("done/")  # the three actions differ in their last segment
    return StepRow(
        **common,
        css_class=f"step-{step.status} step-{urgency}",
        icon="!" if urgency == rules.OVERDUE else "○",
        window=rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now),
        when=when,
        snoozed=snoozed,
        link_url=link_url,
        link_label=link_label,
        note=_NOTES.get(step.kind, ""),
        done_label="Mark no response" if step.kind == StepKind.MOVE_ON else "Done",
        can_snooze=step.opens_at <= now,
        done_url=done_url,
        skip_url=f"{actions}skip/",
        snooze_url=f"{actions}snooze/",
    )


# --- The row's HTML --------------------------------------------------------------------------
# Built in Python rather than from a template: a page lists many rows, and a Django template
# spends most of a row's time resolving variables.


_ROW = """\
<li class="list-group-item step-row {css_class}" id="step-{pk}"{live}>
  <div class="d-flex gap-3 align-items-start align-items-md-center">
    <div class="step-icon" aria-hidden="true">{icon}</div>
    <div class="flex-grow-1 min-w-0 d-flex flex-column flex-md-row gap-2 align-items-md-center">
    <div class="flex-grow-1 min-w-0">
      <div class="step-title fw-semibold">{title}</div>{context_line}
      <div class="small mt-1 d-flex flex-wrap gap-2 align-items-center">{state}</div>{links}
    </div>{actions}
    </div>
  </div>
</li>
"""
_CONTEXT = '\n      <div class="small text-body-secondary text-truncate">{}</div>'
_OPEN_STATE = '<span class="badge step-badge step-badge-{}">{}</span>'
_CLOSED_STATE = '<span class="badge text-bg-{}">{}</span>'
_DETAIL = ' <span class="text-body-secondary">{}</span>'
_LINKS_HTML = '\n      <div class="small mt-1 step-links">{}</div>'
_LINK = '<a href="{}">{}</a>'
_NOTE = '<span class="text-body-secondary">{}</span>'
_FIELDS = (
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<input type="hidden" name="next" value="{}">'
)
_ACTIONS = """
    <div class="step-actions d-flex gap-1">
      <form method="post" action="{done_url}" hx-post="{done_url}" hx-target="#step-{pk}" \
hx-swap="outerHTML">
        {fields}
        <button type="submit" class="btn btn-sm btn-success">{done_label}\
<span class="visually-hidden">: {title}</span></button>
      </form>
      <form method="post" action="{skip_url}" hx-post="{skip_url}" hx-target="#step-{pk}" \
hx-swap="outerHTML">
        {fields}
        <button type="submit" class="btn btn-sm btn-outline-secondary">Skip\
<span class="visually-hidden">: {title}</span></button>
      </form>{snooze}
    </div>"""
_SNOOZE = """
      <details class="step-snooze">
        <summary class="btn btn-sm btn-outline-secondary">Snooze\
<span class="visually-hidden">: {title}</span></summary>
        <form method="post" action="{snooze_url}" hx-post="{snooze_url}" hx-target="#step-{pk}" \
hx-swap="outerHTML" class="dropdown-menu dropdown-menu-end show step-snooze-menu shadow-sm">
          {fields}
          <button type="submit" name="snooze_for" value="3h" class="dropdown-item">\
For 3 hours</button>
          <button type="submit" name="snooze_for" value="tomorrow" class="dropdown-item">\
Until tomorrow, 9:00</button>
          <button type="submit" name="snooze_for" value="next_week" class="dropdown-item">\
Until Monday, 9:00</button>
        </form>
      </details>"""


def action_fields(*, csrf_token: str, next_url: str, show_context: bool = False) -> SafeString:
    """The hidden fields every action form of a list sends (the same for all its rows).

    `show_context` is sent back so the row an htmx action swaps in keeps its application line.
    """
    fields = format_html(_FIELDS, csrf_token, next_url)
    if show_context:
        fields += mark_safe('<input type="hidden" name="show_context" value="1">')
    return fields


# What a row prints, escaped once per row (several appear more than once in its HTML).
_PRINTED = (
    *("pk", "css_class", "icon", "title", "context", "urgency", "window", "when", "snoozed"),
    *("link_url", "link_label", "note", "done_label", "done_url", "skip_url", "snooze_url"),
    *("status_label", "status_colour", "closed"),
)


def render_step_row(
    row: StepRow, *, fields: SafeString, show_context: bool = False, just_changed: bool = False
) -> SafeString:
    """The `<li>` of one checklist row, with its Done / Skip / Snooze forms when open.

    `fields` are the forms' hidden fields (`action_fields`); `show_context` adds the
    application line, for lists that mix applications. Every value of the row is escaped;
    the fragments around them are constants.
    """
    e = {name: html.escape(str(getattr(row, name))) for name in _PRINTED}
    if row.is_open:
        state = _OPEN_STATE.format(e["urgency"], e["window"])
        state += "".join(_DETAIL.format(e[name]) for name in ("when", "snoozed") if e[name])
        if row.link_url:
            links = _LINKS_HTML.format(_LINK.format(e["link_url"], e["link_label"]))
        else:
            links = _LINKS_HTML.format(_NOTE.format(e["note"])) if row.note else ""
        snooze = _SNOOZE.format(fields=fields, **e) if row.can_snooze else ""
        actions = _ACTIONS.format(fields=fields, snooze=snooze, **e)
    else:
        state = _CLOSED_STATE.format(e["status_colour"], e["status_label"])
        state += _DETAIL.format(e["closed"]) if row.closed else ""
        links = actions = ""
    return mark_safe(  # noqa: S308 (constant fragments and escaped values)
        _ROW.format(
            live=' aria-live="polite"' if just_changed else "",
            context_line=_CONTEXT.format(e["context"]) if show_context and row.context else "",
            state=state,
            links=links,
            actions=actions,
            **e,
        )
    )
