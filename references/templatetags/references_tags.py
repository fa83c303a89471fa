"""Template hook for the application page: the references given to this employer."""

from django import template
from django.utils import timezone

from references import selectors

register = template.Library()


@register.inclusion_tag("references/_application_references.html", takes_context=True)
def application_references(context, application):
    """References given to this employer, with attach, detach and briefing actions."""
    request = context.get("request")
    user = request.user if request else application.owner
    card = selectors.application_references(
        application=application, user=user, today=timezone.localdate()
    )
    return {
        "application": application,
        "card": card,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate(),
    }
