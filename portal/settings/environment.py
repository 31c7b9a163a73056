"""Production environment checked before any setting is read: a missing or malformed
variable stops the process at start with a French message that names it."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BOOLEANS = {"1", "0", "true", "false", "yes", "no", "on", "off"}
INTEGERS = (
    "EMAIL_PORT",
    "CONN_MAX_AGE",
    "SECURE_HSTS_SECONDS",
    "ANONYMOUS_PAGE_CACHE_SECONDS",
    "TRUSTED_PROXY_COUNT",
)
FLAGS = ("DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
FLAGS += ("EMAIL_USE_TLS",)
LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def problems(environ):
    """Each problem as a French sentence that starts with the variable's name."""
    found = []
    secret = environ.get("SECRET_KEY", "")
    if not secret.strip():
        found.append(
            "SECRET_KEY est absente : donnez une longue chaîne aléatoire "
            "(par exemple python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    elif len(secret) < 50 or len(set(secret)) < 5:
        found.append("SECRET_KEY est trop courte ou trop simple : 50 caractères au moins, variés.")
    if not [h for h in environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]:
        found.append(
            "ALLOWED_HOSTS est absente : donnez le ou les noms du site, séparés par des "
            "virgules (par exemple maillage.example.org)."
        )
    base_url = environ.get("BASE_URL", "").strip()
    if not base_url:
        found.append(
            "BASE_URL est absente : donnez l'adresse publique du portail, par exemple "
            "https://portail.cpts-exemple.fr (liens des e-mails et de l'administration)."
        )
    elif not base_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        found.append(f"BASE_URL doit commencer par https:// (reçu : {base_url!r}).")
    sender = environ.get("DEFAULT_FROM_EMAIL", "").strip()
    if not sender:
        found.append(
            "DEFAULT_FROM_EMAIL est absente : donnez l'expéditeur des e-mails, par exemple "
            "« CPTS Exemple <ne-pas-repondre@cpts-exemple.fr> »."
        )
    elif "@" not in sender:
        found.append(f"DEFAULT_FROM_EMAIL n'est pas une adresse e-mail (reçu : {sender!r}).")
    for name in INTEGERS:
        value = environ.get(name)
        if value is not None and not value.strip().isdigit():
            found.append(f"{name} doit être un nombre entier positif (reçu : {value!r}).")
    for name in FLAGS:
        value = environ.get(name)
        if value is not None and value.strip().lower() not in BOOLEANS:
            found.append(f"{name} doit valoir true ou false (reçu : {value!r}).")
    database = environ.get("DATABASE_URL")
    if database is not None:
        scheme = urlsplit(database).scheme
        if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"} or (
            scheme != "sqlite" and not urlsplit(database).hostname and "host=" not in database
        ):
            found.append(
                "DATABASE_URL n'est pas une adresse de base de données reconnue "
                "(attendu : postgres://utilisateur:mot-de-passe@hôte:5432/base)."
            )
    redis = environ.get("REDIS_URL")
    if redis and urlsplit(redis).scheme not in {"redis", "rediss", "unix"}:
        found.append("REDIS_URL n'est pas une adresse Redis (attendu : redis://hôte:6379/0).")
    backend = environ.get("TASKS_BACKEND")
    if backend is not None and "." not in backend:
        found.append(
            "TASKS_BACKEND doit être le chemin d'une classe "
            "(par exemple django_tasks_db.DatabaseBackend)."
        )
    psc_id = environ.get("PSC_CLIENT_ID", "").strip()
    psc_secret = environ.get("PSC_CLIENT_SECRET", "").strip()
    if bool(psc_id) != bool(psc_secret):
        found.append(
            "PSC_CLIENT_ID et PSC_CLIENT_SECRET vont ensemble (Pro Santé Connect) : "
            "donnez les deux, ou aucun pour ne pas proposer Pro Santé Connect."
        )
    psc_url = environ.get("PSC_SERVER_URL", "").strip()
    if psc_url and not psc_url.startswith("https://"):
        found.append(f"PSC_SERVER_URL doit commencer par https:// (reçu : {psc_url!r}).")
    level = environ.get("LOG_LEVEL")
    if level is not None and level.upper() not in LOG_LEVELS:
        found.append(f"LOG_LEVEL doit être l'un de {', '.join(sorted(LOG_LEVELS))}.")
    return found


def check_production_environment(environ=None):
    found = problems(os.environ if environ is None else environ)
    if found:
        raise ImproperlyConfigured(
            "Configuration de production incorrecte, le portail ne démarre pas :\n  - "
            + "\n  - ".join(found)
        )
