import functools

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from interviews.models import ApplicationStatus

register = template.Library()


@register.simple_tag
def calendar_feed_url(user, webcal=False):
    """The absolute URL of the user's private feed; `webcal` gives the subscribe link form."""
    url = settings.SITE_URL + reverse("pipeline:calendar_feed", args=[user.calendar_token])
    if webcal:
        return "webcal://" + url.split("://", 1)[1]
    return url


@register.simple_tag
def move_options(current_status):
    """The <option>s of a card's "Move to…" select, current status selected.

    Rendered once per status and reused: a board of 500 cards would otherwise spend most of
    its time in this little loop.
    """
    return _move_options(current_status)


@functools.cache
def _move_options(current_status: str) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == current_status else "", label)
            for value, label in ApplicationStatus.choices
        ),
    )
