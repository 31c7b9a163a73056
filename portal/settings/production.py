"""Production: everything from the environment, no default for secrets."""

import os

from .environment import check_production_environment

check_production_environment()  # before any value is read: a French message naming the variable

from .base import *  # noqa: E402, F403
from .base import env_bool  # noqa: E402

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False


# Checked at start (environment.py): links in e-mails and the admin point to BASE_URL; the
# sender is the fallback of the association's own (Settings > Association) and Django's
# error reports come from it.
WAGTAILADMIN_BASE_URL = os.environ["BASE_URL"].strip().rstrip("/")
DEFAULT_FROM_EMAIL = os.environ["DEFAULT_FROM_EMAIL"].strip()
SERVER_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
ANONYMOUS_PAGE_CACHE_SECONDS = int(os.environ.get("ANONYMOUS_PAGE_CACHE_SECONDS", "60"))
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _s3 = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL"),
        "default_acl": None,
        "querystring_auth": True,
    }
    STORAGES = {  # noqa: F405
        **STORAGES,  # noqa: F405
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3},
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": "private"},
        },
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
