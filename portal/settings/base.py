"""Settings shared by every environment; environment variables override embedded defaults."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MAILLAGE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
# The benchmark's parts (the `bench` app with seed_scale, the /bench/bare ceiling view)
# exist only where the benchmark runs (bench/run.py sets BENCHMARK) and in the tests.
BENCHMARK = env_bool("BENCHMARK", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The association's name at setup; then the bureau edits it in Settings > Association.
SITE_NAME = os.environ.get("SITE_NAME", "Maillage")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "portal.core",
    "portal.search",
    "portal.members",
    "portal.pages",
    "portal.indicators",
    "directory",
    "documents",
    "forum.apps.ForumConfig",
    "community.apps.CommunityConfig",
    # Demo content (imports every app above; none imports it).
    "demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Forum (django-machina)
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
    # Infrastructure
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "cachalot",
]
if BENCHMARK:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.core.perf.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.viewer: who is viewing, each question answered once (portal/members/viewer.py).
    "portal.members.middleware.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.members.middleware.RequireTwoFactorMiddleware",
    # machina's, minus the session it opens for every visitor on every page (portal/core/perf.py).
    "portal.core.perf.ForumPermissionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's site and page lookup from the shared cache (portal/pages/routing.py).
    "portal.pages.routing.PageRouteCacheMiddleware",
]

# Visitors' pages served from the shared cache (portal/core/perf.py); 0 turns it off.
ANONYMOUS_PAGE_CACHE_SECONDS = int(os.environ.get("ANONYMOUS_PAGE_CACHE_SECONDS", "0"))
ANONYMOUS_PAGE_CACHE_EXCLUDE = (
    "/compte/", "/admin/", "/forum/", "/api/", "/healthz", "/readyz", "/bench/", "/static/", "/media/",
    "/documents/", "/i18n/", "/espace-membres/",
)  # fmt: skip

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "machina.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.core.context_processors.maps",
                "portal.pages.context_processors.association",
                "portal.members.context_processors.member_menu",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url reads) when set.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# machina's models use AutoField: keep the project default so makemigrations
# does not want to write into machina's installed package.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTH_USER_MODEL = "members.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis is a cache: while it is down or restarting, reads miss and writes are dropped
    # (logged) instead of failing the request, and sessions, written to the database as well
    # (cached_db), keep people signed in. /readyz still reports Redis as unreachable.
    _REDIS_OPTIONS = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 2,
    }
    # One traceback per cache call during an outage would flood the logs: /readyz reports it.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    CACHES = {
        "default": {
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "machina_attachments": {
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "machina_attachments",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "machina_attachments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "machina_attachments",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]

# Passwords (CNIL deliberation 2022-100, OWASP ASVS 5): 12+ characters, no
# common or personal passwords, no forced renewal; throttling is done by allauth.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/espace-membres/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/compte/login/"

# django-allauth
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.members.forms.SignupForm"
ACCOUNT_ADAPTER = "portal.members.adapters.AccountAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_DISPLAY = "portal.members.adapters.user_display"
# Failed logins: 10 a minute per IP and 5 per 5 minutes per account, after
# which the account is locked for the rest of the window. Counters live in the
# cache (Redis in production), so every app server sees the same counts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Pro Santé Connect through allauth's OpenID Connect provider (portal/members/prosanteconnect.py).
# Without PSC_CLIENT_ID and PSC_CLIENT_SECRET no provider is configured and no button shows.
# Sign-up always goes through the form (membership fields, charter); accounts are never
# matched or linked by e-mail, only by RPPS from "Mon compte" (members.adapters).
SOCIALACCOUNT_ADAPTER = "portal.members.adapters.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "portal.members.forms_social.ProSanteConnectSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
PSC_CLIENT_ID = os.environ.get("PSC_CLIENT_ID", "").strip()
PSC_CLIENT_SECRET = os.environ.get("PSC_CLIENT_SECRET", "").strip()
# Discovery document's base; production by default (ANS, "Pro Santé Connect – documentation
# technique"); the sandbox is https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet.
PSC_SERVER_URL = (
    os.environ.get("PSC_SERVER_URL", "").strip()
    or "https://auth.esante.gouv.fr/auth/realms/esante-wallet"
)
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
if PSC_CLIENT_ID and PSC_CLIENT_SECRET:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "pro-sante-connect",  # members.prosanteconnect.PROVIDER_ID
            "name": "Pro Santé Connect",
            "client_id": PSC_CLIENT_ID,
            "secret": PSC_CLIENT_SECRET,
            "settings": {
                "server_url": PSC_SERVER_URL,
                # scope_all carries the sectoral identity (RPPS, professions); eidas1 is the
                # level of assurance PSC asks services to request.
                "scope": ["openid", "scope_all"],
                "auth_params": {"acr_values": "eidas1"},
                "oauth_pkce_enabled": True,
            },
        }
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# Background tasks: run immediately unless a worker backend is configured.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The project's catalogue first; then corrections of django-machina's French (its own
# catalogue has mistakes: "vous abonné", "Modifier le profile", "non lu"), which win over it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "forum" / "machina_locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DEFAULT_FORMAT = "E164"

# Static and media
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private files (protocols, forum attachments, space documents): never
    # under MEDIA_URL, only served through permission-checked views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# Tags (specialties, protocol keywords): commas only, never quotes (portal/core/tags.py).
TAGGIT_TAGS_FROM_STRING = "portal.core.tags.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "portal.core.tags.string_from_tags"

# Wagtail
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents are stored in the private storage and served only by Wagtail's checked view.
WAGTAILDOCS_DOCUMENT_MODEL = "pages.PrivateDocument"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.localhost>"
)

# django-machina
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
MACHINA_FORUM_NAME = "Forum"
MACHINA_BASE_TEMPLATE_NAME = "forum/machina_base.html"
MACHINA_USER_DISPLAY_NAME_METHOD = "get_full_name"
MACHINA_PROFILE_AVATARS_ENABLED = False
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = []
# Posts: markdown2 then an nh3 allow-list (forum/rendering.py).
MACHINA_MARKUP_LANGUAGE = (
    "forum.rendering.render_markdown",
    {"safe_mode": "escape", "extras": {"break-on-newline": True}},
)

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # filebased backend
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers common to every environment; production tightens the rest.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", os.environ.get("MAP_TILE_ORIGIN", "'self'")],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Pro Santé Connect button posts to our login view, which redirects the browser to the
# provider: CSP form-action applies to that redirect too, so the provider must be allowed.
# PSC's authorization endpoint is on another host of esante.gouv.fr than its discovery
# document (wallet.… vs auth.…), hence the wildcard for ANS hosts.
if SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
    _psc = urlsplit(PSC_SERVER_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_psc.scheme}://{_psc.netloc}")
    if (_psc.hostname or "").endswith(".esante.gouv.fr"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("https://*.esante.gouv.fr")
# Wagtail overrides this to SAMEORIGIN on its preview views.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Map tiles: the tile server is a setting so tests and offline demos need no network.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "portal.core.forms.FormRenderer"

# django-cachalot records the moment of the last write on every table, whatever the write
# path (save, update(), bulk_create, m2m through tables, raw SQL, any process): the cache keys
# of portal/core/perf.py hold those stamps. Its own SQL query cache stays off (measured: see
# bench/README.md).
CACHALOT_ENABLED = False
CACHALOT_TIMEOUT = None
# cachalot recognises backends by their path: ours is django-redis's (portal.core.cache), which
# it supports.
SILENCED_SYSTEM_CHECKS = ["cachalot.W001"]
