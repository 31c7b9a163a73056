"""Production: everything from the environment, no default for secrets."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False


def required(name, what):
    """The value of ``name``, or a stop at start saying in French what is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Réglage manquant : {name} — {what}")
    return value


# Links in e-mails and the Wagtail admin point there; the sender is the fallback of the
# association's own sender (Settings > Association) and Django's error reports come from it.
WAGTAILADMIN_BASE_URL = required(
    "BASE_URL", "l'adresse publique du portail, par exemple https://portail.cpts-exemple.fr"
).rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"Réglage incorrect : BASE_URL ({WAGTAILADMIN_BASE_URL}) doit commencer par https://"
    )
DEFAULT_FROM_EMAIL = required(
    "DEFAULT_FROM_EMAIL",
    "l'expéditeur des e-mails, par exemple « CPTS Exemple <ne-pas-repondre@cpts-exemple.fr> »",
)
if "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(
        f"Réglage incorrect : DEFAULT_FROM_EMAIL ({DEFAULT_FROM_EMAIL}) n'est pas une adresse e-mail"
    )
SERVER_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
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
