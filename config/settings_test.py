"""Test settings: the real settings with a fast hasher and in-memory mail.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so `make test`
runs on SQLite by default and on PostgreSQL + Redis when CI sets them.

Under pytest-xdist every worker process (PYTEST_XDIST_WORKER=gw0, gw1, …) gets its own test
database (pytest-django adds the suffix), its own files and its own default Celery queue, so
parallel workers never read each other's mail, broker files or tasks.
"""

import atexit
import os
import shutil
import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SITE_URL = "http://testserver"
# No shared cache between tests: allauth's rate limits (and its used-TOTP-code memory) count
# nothing unless a test turns them on (tests/accounts/conftest.py, `rate_limits`).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# PostgreSQL as it is, but a transactional test's tables are emptied with DELETE, not the
# TRUNCATE that costs ~450 ms a test (tests/postgresql/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# The files a run writes (mailbox, file broker, beat schedule) go to a directory of this
# process, removed when it exits, never to the checkout's var/.
VAR_DIR = Path(tempfile.mkdtemp(prefix=f"afterview-test-{_WORKER}-"))  # noqa: F405
atexit.register(shutil.rmtree, VAR_DIR, ignore_errors=True)
MAILBOX_DIR = VAR_DIR / "mail"
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
    }
    for _folder in ("out", "processed", "control"):  # kombu writes into them, never makes them
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Tasks queued by the code under test wait on a queue of this worker; the tests that start a
# real Celery worker give it a queue of their own (tests/reminders/test_end_to_end.py).
CELERY_TASK_DEFAULT_QUEUE = f"afterview-test-{_WORKER}"
