"""Template hook for the interview page: the self-evaluation summary or a call to action."""

from django import template
from django.utils import timezone

from evaluations import selectors
from evaluations.rules import SCALE_LABELS

register = template.Library()


@register.inclusion_tag("evaluations/_interview_evaluation.html", takes_context=True)
def interview_evaluation(context, interview):
    """The self-evaluation summary or call to action for one interview."""
    request = context.get("request")
    user = request.user if request else interview.owner
    evaluation = selectors.evaluation_for(interview=interview, user=user)
    ratings = []
    if evaluation is not None:
        for name, label in (
            ("confidence", "Confidence"),
            ("reaction_rating", "Interviewer reaction"),
            ("fit_rating", "Fit"),
            ("interest_rating", "Interest"),
        ):
            value = getattr(evaluation, name)
            if value is not None:
                ratings.append((label, value, SCALE_LABELS[name][value - 1]))
    return {
        "interview": interview,
        "evaluation": evaluation,
        "ratings": ratings,
        "has_ended": interview.ends_at <= timezone.now(),
        "request": request,
    }
