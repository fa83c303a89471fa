"""The pipeline's template hooks; the board's HTML itself is built in `pipeline.presenters`."""

from django import template
from django.conf import settings
from django.urls import reverse

from pipeline import presenters

register = template.Library()


@register.simple_tag
def calendar_feed_url(user, webcal=False):
    """The absolute URL of the user's private feed; `webcal` gives the subscribe link form."""
    url = settings.SITE_URL + reverse("pipeline:calendar_feed", args=[user.calendar_token])
    if webcal:
        return "webcal://" + url.split("://", 1)[1]
    return url


@register.simple_tag(takes_context=True)
def board_columns(context, columns, *, all_closed: bool):
    """The board's columns with their cards (see `pipeline.presenters.board_columns`)."""
    return presenters.board_columns(
        columns, csrf_token=context.get("csrf_token", ""), all_closed=all_closed
    )


@register.simple_tag
def weekly_goal(goal):
    """The board's weekly goal card (see `pipeline.presenters.weekly_goal`)."""
    return presenters.weekly_goal(goal)
