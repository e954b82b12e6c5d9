"""Settings for the test suite: the real settings, with plain HTTP and fast password hashing."""

import os

os.environ.setdefault("HEARTH_SECRET_KEY", "test-only-secret-key-with-enough-length-and-variety-0123456789")
os.environ.setdefault("HEARTH_HTTPS", "0")
os.environ.setdefault("HEARTH_DEBUG", "0")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Close connections after each request, so the live server's threads never hold the test
# database open when the run ends and tries to drop it.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
