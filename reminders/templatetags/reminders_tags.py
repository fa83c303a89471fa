"""Template hooks of the reminders app for lower apps' pages.

followups sits below reminders, so its checklists cannot ask reminders anything in Python;
their templates load this tag instead (docs/ARCHITECTURE.md, "Template hooks"), and the
reminders app reads and renders its own piece.
"""

from django import template

from followups.models import StepStatus
from reminders import selectors

register = template.Library()


@register.inclusion_tag("reminders/_reminder_problems.html", takes_context=True)
def reminder_problems(context, steps):
    """A note per open step whose reminder email was given up, with the reason (issue 12.2)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not steps or user is None or not user.is_authenticated:
        return {"problems": []}
    # Asked for every step of the checklist, open, closed or dropped: one query whenever it
    # has any, so the page's query count does not depend on how many are still open.
    reasons = selectors.given_up_reminders(user=user, step_ids=[s.pk for s in steps])
    open_steps = [s for s in steps if s.status == StepStatus.PENDING]
    return {"problems": [(s, reasons[s.pk]) for s in open_steps if s.pk in reasons]}
