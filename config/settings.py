"""Hearth settings.

Everything that differs between a developer's laptop, the demo and production comes from the
environment, so one settings module serves them all:

- ``HEARTH_DEBUG=1``: development and the demo (insecure key allowed, plain HTTP).
- ``HEARTH_SECRET_KEY``: required when not in debug.
- ``HEARTH_ALLOWED_HOSTS``: comma-separated host names.
- ``HEARTH_HTTPS``: defaults to on outside debug; turns on secure cookies, HSTS and the
  redirect to HTTPS.
- ``DATABASE_URL``: selects PostgreSQL (``postgres://...``); SQLite in ``var/`` otherwise.
- ``HEARTH_DB_PARALLEL_WORKERS``: PostgreSQL's parallel workers per query (default 0, none).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("HEARTH_DEBUG", default=False)

SECRET_KEY = env_str("HEARTH_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set HEARTH_SECRET_KEY (or HEARTH_DEBUG=1 for development).")
    SECRET_KEY = "hearth-development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("HEARTH_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    # Hearth's own apps, one per part of the service (see docs/architecture.md).
    "hearth.casework",
    "hearth.reference",
    "hearth.accounts",
    "hearth.timescales",
    "hearth.people",
    "hearth.audit",
    "hearth.worktray",
    "hearth.organisation",
    "hearth.allocation",
    "hearth.frontdoor",
    "hearth.earlyhelp",
    "hearth.childinneed",
    "hearth.assessment",
    "hearth.childprotection",
    "hearth.preproceedings",
    "hearth.casenotes",
    "hearth.childrenincare",
    "hearth.adopters",
    "hearth.permanence",
    "hearth.leavingcare",
    "hearth.health",
    "hearth.education",
    "hearth.missing",
    "hearth.uasc",
    "hearth.chronology",
    "hearth.returns",
    "hearth.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hearth.accounts.middleware.SessionExpiryMiddleware",
    "hearth.accounts.middleware.SessionRenewalMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last: it watches sign-in failures and answers locked-out users.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hearth" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.casework.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as an embedded default: WAL lets the demo server read while a command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # A page's queries read tens or hundreds of rows: a parallel plan's start-up costs more than it
    # saves (a child's visits at a large authority's size: 5 ms parallel, 1.4 ms not), and under
    # load its helper processes take the cores other requests need. 0 turns them off.
    _parallel = env_str("HEARTH_DB_PARALLEL_WORKERS", default="0")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={_parallel}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "worktray:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Sessions end after 30 minutes without a request: a signed-in request renews the clock, at most
# once a minute (hearth.accounts.middleware.SessionRenewalMiddleware).
SESSION_COOKIE_AGE = int(env_str("HEARTH_SESSION_MINUTES", default="30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling: five failures for a username from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

HTTPS = env_bool("HEARTH_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("HEARTH_CSRF_TRUSTED_ORIGINS", default=[])

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "hearth" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Reasons given for a change (restricting a record, correcting a step) are kept whole in the
# history, not cut at simple-history's default of 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

HEARTH_SERVICE_NAME = env_str("HEARTH_SERVICE_NAME", default="Hearth")
HEARTH_AUTHORITY_NAME = env_str("HEARTH_AUTHORITY_NAME", default="Birmingham Children's Trust")
# The authority in DfE's returns: the old three-digit LA number (CIN census header LEA, UPN
# characters 2-4) and the ONS code (SSDA903 validation's localAuthority).
HEARTH_LA_CODE = env_str("HEARTH_LA_CODE", default="330")
HEARTH_LA_ONS_CODE = env_str("HEARTH_LA_ONS_CODE", default="E08000025")
# The Python of the virtualenv holding DfE's validation rules (make validators).
HEARTH_VALIDATORS_PYTHON = env_str(
    "HEARTH_VALIDATORS_PYTHON", default=str(BASE_DIR / ".venv-validators" / "bin" / "python")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "hearth.security": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
        # A server error's traceback goes to the server's log (with DEBUG off Django would
        # otherwise only email it to ADMINS, which Hearth does not set).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "hearth.casework.views.csrf_failure"
