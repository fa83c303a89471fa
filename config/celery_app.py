"""The Celery application shared by web, worker and beat."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("afterview")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One tick a minute on a fixed interval in UTC. Local-time rules (quiet hours, the weekly
# digest at 09:00 in the user's zone) live in our code, not in crontabs: state in the
# database decides what is due, so a missed tick heals itself on the next one.
app.conf.beat_schedule = {
    "reminders-tick": {
        "task": "reminders.tasks.tick",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}


@worker_init.connect
def _refuse_to_lose_mail(**kwargs):
    # The worker sends the reminders: like gunicorn's wsgi, it does not start when
    # production would write them into the local mailbox (core/checks.py). Celery logs and
    # swallows an Exception raised by a signal handler, so this leaves with SystemExit.
    from django.core.exceptions import ImproperlyConfigured

    from core.checks import refuse_to_start

    try:
        refuse_to_start()
    except ImproperlyConfigured as error:
        raise SystemExit(f"Afterview worker not started: {error}") from error
