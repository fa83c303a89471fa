"""The Jinja2 environment for the hot partials (docs/ARCHITECTURE.md, "Templates").

Django's `django.template.backends.jinja2` backend builds it (as Zulip does): autoescape on,
templates under templates/jinja2/ named `*.jinja`. Dates go through Django's own formatting in
the active time zone (the user's, set by accounts.middleware), relative times through humanize,
words through Django's translations — the same output as the Django template language.
"""

import datetime as dt

from django.contrib.humanize.templatetags import humanize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from jinja2 import Environment, StrictUndefined

from core import dates
from core.links import url_with_id


def url(viewname: str, *args, **kwargs) -> str:
    """`{{ url("today") }}`, `{{ url("interviews:detail", pk) }}` — Django's reverse."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def date(value, fmt: str = "DATE_FORMAT") -> str:
    """Django's `date` filter, in the active zone for aware datetimes (as templates do)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Clamped to the supported range first: no stored value can overflow a page (core.dates).
        value = dates.in_zone(value, timezone.get_current_timezone())
    return formats.date_format(value, fmt)


def truncatechars(value, length: int) -> str:
    return Truncator(value).chars(length)


def environment(**options) -> Environment:
    # A misspelt name is an error, in development and in tests, never an empty string.
    options["undefined"] = StrictUndefined
    options.pop("autoescape", None)
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    # `url_with_id` for the links a partial prints once per row (core.links).
    env.globals.update(url=url, url_with_id=url_with_id, static=static)
    env.filters.update(
        date=date,
        naturaltime=humanize.naturaltime,
        naturalday=humanize.naturalday,
        intcomma=humanize.intcomma,
        truncatechars=truncatechars,
    )
    return env
