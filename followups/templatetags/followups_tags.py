"""Template hooks other apps' pages use to show the plan, and small display filters."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from core.templatetags.jinja import jinja
from followups import presenters, rules, selectors
from followups.models import StepStatus
from followups.presenters import NOTICE_KEY

register = template.Library()


def _hook_context(context, **extra):
    request = context.get("request")
    session = getattr(request, "session", None)
    return {
        # The message of a step action that returned here without JavaScript, shown once.
        "notice": session.pop(NOTICE_KEY, None) if session is not None else None,
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
        all_steps=steps,
        steps=[s for s in steps if s.status != StepStatus.NOT_NEEDED],
        dropped=[s for s in steps if s.status == StepStatus.NOT_NEEDED],
    )


@register.inclusion_tag("followups/_application_plan.html", takes_context=True)
def application_plan(context, application):
    """Application-level steps (reference briefings, follow-ups, moving on)."""
    return _hook_context(
        context, application=application, steps=selectors.steps_of_application(application)
    )


@register.simple_tag
def next_step_badge(step):
    """A compact "next: thank-you note, due in 5 h" for list rows and board cards
    (`presenters.next_step_badge`), or a dash when there is none."""
    if step is None:
        return format_html('<span class="text-body-secondary small">{}</span>', "—")
    return presenters.next_step_badge(
        step, now=timezone.now(), zone=timezone.get_current_timezone_name()
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


@register.simple_tag(takes_context=True)
def step_rows(context, steps, show_context=False, today=False):
    """Checklist rows (`presenters.step_row`, written by `followups/_step_rows.jinja`).

    Reads `now`, `next` and `just_changed` from the page's context once for the whole list.
    """
    now = context.get("now") or timezone.now()
    zone = timezone.get_current_timezone_name()
    show_context = bool(show_context)
    return jinja(
        context,
        "followups/_step_rows.jinja",
        rows=[presenters.step_row(s, now=now, zone=zone, with_context=show_context) for s in steps],
        next=context.get("next") or "",
        show_context=show_context,
        just_changed=bool(context.get("just_changed")),
        # Today shows the message above its groups (`step_notice`); a checklist in the row.
        notice=None if today else context.get("notice"),
        today=bool(today),
    )


@register.simple_tag(takes_context=True)
def step_notice(context, today=False):
    """The message (and Undo) of the step action that led back to this page, once."""
    notice = context.get("notice")
    if not notice:
        return ""
    return jinja(
        context,
        "followups/_notice.jinja",
        notice=notice,
        next=context.get("next") or "",
        show_context=bool(today),
        today=bool(today),
    )
