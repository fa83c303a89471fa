"""The project's Celery app with the tick's retry back-off shortened to 2 s, 4 s, 8 s … and no
jitter, so a test's real worker shows the retries (which run past the tick's `expires`) within
seconds instead of minutes. Everything else — broker, task, retry options — is the real one.

    celery -A tests.reminders.fast_retry_celery worker …
"""

import os

import django
from celery.app.autoretry import add_autoretry_behaviour

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.celery_app import app  # noqa: E402
from reminders import tasks  # noqa: E402

tick = app.tasks[tasks.tick.name]
tick.run = tick._orig_run
del tick._orig_run
add_autoretry_behaviour(tick, retry_backoff=2, retry_jitter=False)

__all__ = ["app"]
