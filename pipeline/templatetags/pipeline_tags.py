"""The pipeline's template hooks (the board's markup is in templates/jinja2/pipeline/)."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def calendar_feed_url(user, webcal=False):
    """The absolute URL of the user's private feed; `webcal` gives the subscribe link form."""
    url = settings.SITE_URL + reverse("pipeline:calendar_feed", args=[user.calendar_token])
    if webcal:
        return "webcal://" + url.split("://", 1)[1]
    return url
