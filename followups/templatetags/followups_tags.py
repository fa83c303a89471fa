"""Template hooks other apps' pages use to show the plan, and small display filters."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from followups import rules, selectors
from followups.models import StepStatus

register = template.Library()


def _hook_context(context, **extra):
    request = context.get("request")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
        "now": timezone.now(),
        **extra,
    }


@register.inclusion_tag("followups/_interview_plan.html", takes_context=True)
def interview_plan(context, interview):
    """The checklist of one interview, for the interview detail page."""
    steps = selectors.steps_of_interview(interview)
    # Steps the plan dropped (an interviewer removed, an offer made) are kept as history,
    # folded away so the checklist shows what is still to do.
    return _hook_context(
        context,
        interview=interview,
        steps=[s for s in steps if s.status != StepStatus.NOT_NEEDED],
        dropped=[s for s in steps if s.status == StepStatus.NOT_NEEDED],
    )


@register.inclusion_tag("followups/_application_plan.html", takes_context=True)
def application_plan(context, application):
    """Application-level steps (reference briefings, follow-ups, moving on)."""
    return _hook_context(
        context, application=application, steps=selectors.steps_of_application(application)
    )


_BADGE_COLOURS = {"overdue": "text-bg-danger", "due_today": "text-bg-warning"}


@register.simple_tag
def next_step_badge(step):
    """A compact "next: thank-you note, due in 5 h" for list rows and board cards.

    Built in Python rather than from an included template: it appears on every board card
    and application row, where an inclusion tag's per-call template render dominated.
    """
    if step is None:
        return mark_safe('<span class="text-body-secondary small">—</span>')
    now = timezone.now()
    return format_html(
        '<span class="badge next-step-badge border text-wrap text-start mw-100 {}">{} · {}</span>',
        _BADGE_COLOURS.get(step_urgency(step, now), "text-bg-light"),
        step.get_kind_display(),
        rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now),
    )


@register.filter
def step_window(step, now=None):
    """An open step's window in words: "due in 5 h", "overdue by 2 days", "opens in 3 days"."""
    return rules.describe_window(
        opens_at=step.opens_at, due_at=step.due_at, now=now or timezone.now()
    )


@register.filter
def step_urgency(step, now=None):
    """The Today group of a step (overdue, due_today, …), for colours and icons."""
    return rules.urgency(
        opens_at=step.opens_at,
        due_at=step.due_at,
        now=now or timezone.now(),
        zone=timezone.get_current_timezone_name(),
    )


@dataclass(frozen=True, slots=True)
class StepRow:
    """What one checklist row shows, computed once so the row template stays lean."""

    urgency: str
    window: str
    done_url: str
    skip_url: str
    snooze_url: str


@register.filter
def step_row(step, now=None):
    """A row's urgency, window in words and Done/Skip/Snooze URLs.

    The three action URLs differ only in their last segment, so one reverse() serves all
    three (a board of steps would otherwise spend much of its time resolving URLs).
    """
    now = now or timezone.now()
    done_url = reverse("followups:step_action", args=[step.pk, "done"])
    base = done_url[: -len("done/")]
    return StepRow(
        urgency=step_urgency(step, now),
        window=step_window(step, now) if step.is_open else "",
        done_url=done_url,
        skip_url=f"{base}skip/",
        snooze_url=f"{base}snooze/",
    )
