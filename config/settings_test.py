"""Test settings: the real settings with a fast hasher and in-memory mail.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so `make test`
runs on SQLite by default and on PostgreSQL + Redis when CI sets them.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SITE_URL = "http://testserver"
AXES_FAILURE_LIMIT = 5
