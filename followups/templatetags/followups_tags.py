"""Template hooks other apps' pages use to show the plan. (Stubs until the plan issue.)"""

from django import template

register = template.Library()


@register.inclusion_tag("followups/_interview_plan.html", takes_context=True)
def interview_plan(context, interview):
    """The checklist of one interview, for the interview detail page."""
    return {"interview": interview, "request": context.get("request")}


@register.inclusion_tag("followups/_application_plan.html", takes_context=True)
def application_plan(context, application):
    """Application-level steps (follow-ups, keep looking), for the application page."""
    return {"application": application, "request": context.get("request")}


@register.inclusion_tag("followups/_next_step_badge.html")
def next_step_badge(step):
    """A compact "next: thank-you note, due in 5 h" for list rows and board cards."""
    return {"step": step}
