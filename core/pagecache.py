"""The main pages' bodies, cached per user under their data version (`core.versions`).

A page renders its parts (everything but the one-off notices around them) through `parts()`:
the first request renders them and keeps them; a reload, a second tab or a return to the page is
served from the cache until the user's data changes, the minute turns (the pages tell times to
the minute: "due in 5 h", "overdue by 20 min"), or the entry expires. The key holds everything
else a body depends on: the page and its query string, the user's language and time zone, and
the CSRF secret the body's forms carry (a new session's secret misses the old entries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from core import versions

# An entry is unused after its minute anyway; expiring soon after keeps the cache small.
TTL_SECONDS = 120
# Where an action leaves a one-off message (with Undo) for the page it returns to; the apps
# above write and show it (a plan step's "Marked done. Undo"). A page with one waiting is
# rendered anew and not kept: the message shows once, inside the part it belongs to.
NOTICE_SESSION_KEY = "pages.one_off_notice"


def key(request, name: str, *, now: dt.datetime) -> str:
    """The cache key prefix of page `name`'s parts for this request at `now`."""
    get_token(request)  # the secret exists from here on (a first visit has none yet)
    varies = "\n".join(
        (
            request.get_full_path(),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            request.META.get("CSRF_COOKIE", ""),
        )
    )
    digest = hashlib.blake2b(varies.encode(), digest_size=16).hexdigest()
    user_id = request.user.pk
    minute = now.replace(second=0, microsecond=0).isoformat()
    return f"page:{name}:{user_id}:{versions.of(user_id)}:{minute}:{digest}"


def parts(
    request, name: str, templates: dict[str, str], context: Callable[[], dict], *, now
) -> dict[str, SafeString]:
    """Page `name`'s cached parts, {part: html}: one cache read for all of them; on a miss,
    `context()` is built once and each part rendered from its template and kept. With a
    one-off notice waiting in the session, all are rendered anew and none is kept."""
    if NOTICE_SESSION_KEY in request.session:
        return _render(request, templates, context())
    prefix = key(request, name, now=now)
    keys = {part: f"{prefix}:{part}" for part in templates}
    found = cache.get_many(keys.values())
    html = {part: found[k] for part, k in keys.items() if k in found}
    missing = {part: t for part, t in templates.items() if part not in html}
    if missing:
        fresh = _render(request, missing, context())
        cache.set_many({keys[part]: text for part, text in fresh.items()}, TTL_SECONDS)
        html.update(fresh)
    return html


def _render(request, templates: dict[str, str], values: dict) -> dict[str, SafeString]:
    return {part: render_to_string(t, values, request) for part, t in templates.items()}
