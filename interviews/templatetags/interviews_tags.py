"""Small presentation helpers of the applications pages."""

from django import template

from interviews.models import ApplicationStatus

register = template.Library()

# Bootstrap colour per status: open ones in blue tones, the good ending green, the rest muted.
STATUS_BADGE_CLASSES = {
    ApplicationStatus.APPLIED: "text-bg-secondary",
    ApplicationStatus.INTERVIEWING: "text-bg-primary",
    ApplicationStatus.OFFER: "text-bg-info",
    ApplicationStatus.ACCEPTED: "text-bg-success",
    ApplicationStatus.REJECTED: "text-bg-danger",
    ApplicationStatus.WITHDRAWN: "text-bg-dark",
    ApplicationStatus.NO_RESPONSE: "text-bg-warning",
}


@register.inclusion_tag("interviews/_status_badge.html")
def status_badge(status: str):
    """A coloured badge with the status's label."""
    known = status in ApplicationStatus.values
    return {
        "css": STATUS_BADGE_CLASSES.get(status, "text-bg-light"),
        "label": ApplicationStatus(status).label if known else "—",
    }
