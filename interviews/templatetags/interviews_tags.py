"""Small presentation helpers of the applications pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from interviews.models import ApplicationStatus

register = template.Library()

# Bootstrap colour per status: open ones in blue tones, the good ending green, the rest muted.
STATUS_BADGE_CLASSES = {
    ApplicationStatus.WISHLIST: "text-bg-light border",
    ApplicationStatus.APPLIED: "text-bg-secondary",
    ApplicationStatus.INTERVIEWING: "text-bg-primary",
    ApplicationStatus.OFFER: "text-bg-info",
    ApplicationStatus.ACCEPTED: "text-bg-success",
    ApplicationStatus.REJECTED: "text-bg-danger",
    ApplicationStatus.WITHDRAWN: "text-bg-dark",
    ApplicationStatus.NO_RESPONSE: "text-bg-warning",
}


@register.simple_tag
def status_badge(status: str) -> SafeString:
    """A coloured badge with the status's label.

    Built in Python rather than from an included template: every row of the applications
    list has one, where a per-badge template render was a visible part of the page's time.
    """
    known = status in ApplicationStatus.values
    return format_html(
        '<span class="badge rounded-pill {}">{}</span>',
        STATUS_BADGE_CLASSES.get(status, "text-bg-light"),
        ApplicationStatus(status).label if known else "—",
    )
