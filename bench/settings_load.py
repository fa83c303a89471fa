"""Production settings for the load test, minus the static files manifest.

The manifest storage needs `collectstatic` first; the load test requests pages, never static
files, so the plain storage keeps it from writing a collected copy of every static file.
"""

import warnings

from config.settings import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# WhiteNoise warns once per worker that STATIC_ROOT was never collected: expected here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
