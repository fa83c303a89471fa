"""Account fixtures: allauth's rate limits switched on, and account emails sent at once.

The test settings keep a dummy cache (nothing counted between tests); `rate_limits` gives a
test a real cache of its own. Account emails leave through a Celery task queued on commit
(accounts.services.account_email_queue); `send_mail_now` runs those tasks in this process as
the request commits, so they land in `mail.outbox` (or a real SMTP server).
"""

import itertools
import re
from contextlib import contextmanager

import pytest
from django.core.cache import cache

from config.celery_app import app as celery_app

_caches = itertools.count()


@pytest.fixture
def rate_limits(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-test-{next(_caches)}",
        }
    }
    yield
    cache.clear()


@pytest.fixture
def eager_tasks():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def send_mail_now(eager_tasks, django_capture_on_commit_callbacks):
    """`with send_mail_now(): client.post(...)`: the emails it queues are sent on leaving."""

    @contextmanager
    def sending():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return sending


def link_in(message, path_prefix: str) -> str:
    """The first absolute link in the email's text whose path starts with `path_prefix`."""
    found = re.search(rf"https?://[^/\s]+{re.escape(path_prefix)}\S*", message.body)
    assert found, f"no link to {path_prefix} in:\n{message.body}"
    return found.group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)
