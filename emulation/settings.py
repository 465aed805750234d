"""Settings of Thi đua: one module, every deployment-specific value read from the environment.

Production is the default: DEBUG is off and SECRET_KEY must be given. The demo script runs as
production runs (DEBUG off, static files by WhiteNoise) with DEMO=true, a key of its own and
plain HTTP on 127.0.0.1; `scripts/demo --debug` (or DEBUG=true) is the developers' mode, which
also allows a throwaway key.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The local demo (scripts/demo only): serves uploaded photos itself (no web server in front)
# and shows the published two-factor key of the demo accounts. Never set in production.
DEMO = env.bool("DEMO", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or DEBUG=true for local use)."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
# Reverse proxies whose X-Forwarded-For is believed (e.g. 127.0.0.1 for nginx on the host).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address: the start of every absolute URL it writes (sitemap, feed, canonical
# tags, QR codes, e-mails), never the request's Host (emulation/site.py). Without it, production
# takes https:// and the first named host of ALLOWED_HOSTS; `check --deploy` refuses an http://
# or missing one (emulation/checks.py).
_NAMED_HOSTS = [h for h in ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000"
    if DEBUG
    else (f"https://{_NAMED_HOSTS[0]}" if _NAMED_HOSTS else ""),
).rstrip("/")

INSTALLED_APPS = [
    "emulation",
    "campaigns",
    "nominations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "emulation.apps.AxesConfig",  # django-axes, named in Vietnamese
    # Two-factor sign-in (TOTP, and single-use recovery codes): emulation/accounts.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # Real client address from a trusted reverse proxy (TRUSTED_PROXIES), for rate limits.
    "emulation.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A friendly 503 (Retry-After) while PostgreSQL is unreachable; sees every response.
    "emulation.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in user (issue #14).
    "emulation.middleware.PrivateNoStoreMiddleware",
    # request.user.is_verified(); then every page but the sign-in ones refuses a session that
    # two-factor sign-in requires and that has not given its code (emulation/accounts).
    "django_otp.middleware.OTPMiddleware",
    "emulation.middleware.TwoFactorMiddleware",
    # The acting user, for the audit log's model signals.
    "emulation.middleware.CurrentUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation.urls"
WSGI_APPLICATION = "emulation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emulation.context_processors.site",
                "nominations.notices.context_processors.unread_notices",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "emulation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: ten wrong passwords lock the username for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The issue asks to lock the *account*: offices sit behind one NAT address, so locking by IP
# would lock a whole ward office out because of one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor sign-in (emulation/accounts/services.py). The authenticator app shows the issuer;
# wrong codes double the wait each time (1 s, 2 s, 4 s …) per device; the admin never shows keys.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Thi đua")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["emulation.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Evidence files and other private uploads: never under MEDIA_ROOT, served only through a view
# that checks permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# Digital signatures on issued decisions (nominations/files/signing.py): PEM files of the
# certification authorities whose signatures the verification page calls valid (comma
# separated), an RFC 3161 time-stamping URL (PAdES B-T; empty: B-B, the signer's clock), and
# whether issuing without a digital signature is refused (docs/decisions.md).
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
SIGNING_TSA_URL = env.str("SIGNING_TSA_URL", default="")
SIGNING_REQUIRED = env.bool("SIGNING_REQUIRED", default=False)
# Secret ballots (nominations/council/ballot_box.py, docs/decisions.md "Secret ballots"): each
# choice is sealed with a per-item key kept only as a file in this directory, on the application
# server, never in the database nor its backups, and destroyed at the count. A secret ballot
# needs at least SECRET_BALLOT_MIN_VOTERS participating members (fewer would show their votes).
BALLOT_KEY_DIR = env.path("BALLOT_KEY_DIR", default=BASE_DIR / "var" / "ballot-keys")
SECRET_BALLOT_MIN_VOTERS = env.int("SECRET_BALLOT_MIN_VOTERS", default=3)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env.bool("SIMPLE_STATIC", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders (``manage.py send_reminders``, run daily by cron): a draft not yet submitted this
# many days before its campaign's deadline; a vote not cast this many days before a meeting.
NOTICE_DRAFT_REMINDER_DAYS = env.int("NOTICE_DRAFT_REMINDER_DAYS", default=3)
NOTICE_VOTE_REMINDER_DAYS = env.int("NOTICE_VOTE_REMINDER_DAYS", default=1)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production defaults are strict; DEBUG (local use) relaxes the HTTPS-only ones.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Upload limits: photos by content, evidence PDFs by header.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

SUGGESTIONS_PER_IP_PER_HOUR = env.int("SUGGESTIONS_PER_IP_PER_HOUR", default=5)
# A human takes longer than this to fill the suggestion form; bots post at once.
SUGGESTION_MIN_FILL_SECONDS = env.int("SUGGESTION_MIN_FILL_SECONDS", default=5)
# Personal data of dossiers that ended without an award, and residents' suggestions, are
# purged after this many days (manage.py purge_personal_data, run daily; docs/privacy.md).
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=730)

# Certificate verification (/xac-minh/): lookups per client address and minute; 0 = no limit.
VERIFICATIONS_PER_IP_PER_MINUTE = env.int("VERIFICATIONS_PER_IP_PER_MINUTE", default=30)
# Open data (/api/v1/, /du-lieu-mo/*.csv): requests per client address and minute; 0 = no limit.
OPEN_DATA_PER_IP_PER_MINUTE = env.int("OPEN_DATA_PER_IP_PER_MINUTE", default=60)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Anonymous public pages are served from the cache for this long (emulation/page_cache.py);
# 0 turns the page cache off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# Signed-in staff's list pages, per session, until the next write; 0 turns it off.
STAFF_PAGE_CACHE_SECONDS = env.int("STAFF_PAGE_CACHE_SECONDS", default=300)
