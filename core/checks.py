"""System checks for the deployment: mistakes that would otherwise fail silently.

Registered on import (`core.apps`, and `devmail.apps` for the mailbox, devmail's backend);
`config/wsgi.py` and the Celery worker (`config/celery_app.py`) run the mailbox check, since
neither gunicorn nor a worker runs system checks of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

MAILBOX_BACKEND = "devmail.backends.MailboxBackend"
TAG = "afterview_email"


@checks.register(TAG, checks.Tags.compatibility)
def mailbox_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, the local mailbox (EMAIL_URL unset or mailbox://) is an error: every
    reminder would land in var/mail/ and none would reach a user. An explicit opt-in
    (AFTERVIEW_ALLOW_MAILBOX=1, for a demo server) turns it into a warning."""
    if settings.DEBUG or settings.EMAIL_BACKEND != MAILBOX_BACKEND:
        return []
    where = "var/mail/ (the local mailbox)"
    if getattr(settings, "ALLOW_MAILBOX_IN_PRODUCTION", False):
        return [
            checks.Warning(
                f"Email is not delivered: every message is written to {where}.",
                hint="AFTERVIEW_ALLOW_MAILBOX=1 allows this; unset it and set EMAIL_URL "
                "(e.g. smtp+tls://user:pass@host:587) to send email.",
                id="afterview.W001",
            )
        ]
    return [
        checks.Error(
            f"DJANGO_DEBUG=0 but EMAIL_URL is unset or mailbox://: reminders and password "
            f"resets would be written to {where} and never delivered.",
            hint="Set EMAIL_URL (e.g. smtp+tls://user:pass@host:587), or set "
            "AFTERVIEW_ALLOW_MAILBOX=1 to run without delivery on purpose.",
            id="afterview.E001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def process_local_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, a cache each process keeps for itself (CACHE_URL unset) is a warning:
    production runs several web processes and a worker, and a page one of them cached is not
    told of a write another made (it shows old data until the minute turns,
    core/pagecache.py), while the sign-in and sign-up limits count per process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return []
    return [
        checks.Warning(
            "CACHE_URL is unset: each process keeps its own cache, so cached pages miss "
            "writes made by another process and rate limits count per process.",
            hint="Set CACHE_URL to a cache all processes share, e.g. redis://redis:6379/1.",
            id="afterview.W002",
        )
    ]


def refuse_to_start() -> None:
    """Raise `ImproperlyConfigured` when a deployment check fails (for gunicorn's wsgi)."""
    from django.core.exceptions import ImproperlyConfigured

    errors = [m for m in mailbox_in_production() if m.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{m.id}: {m.msg} {m.hint}" for m in errors))
