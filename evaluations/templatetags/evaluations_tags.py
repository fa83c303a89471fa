"""Template hook for the interview page. (Stub until the evaluation issue.)"""

from django import template

register = template.Library()


@register.inclusion_tag("evaluations/_interview_evaluation.html", takes_context=True)
def interview_evaluation(context, interview):
    """The self-evaluation summary or call to action for one interview."""
    return {"interview": interview, "request": context.get("request")}
