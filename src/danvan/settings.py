"""danvan settings: one module, configured from the environment.

Embedded default: SQLite (WAL) under ``$DANVAN_HOME`` (``./var``). Production: set
``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment; ``NAME_FILE`` (a path) takes precedence for secrets."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DANVAN_HOME = Path(os.environ.get("DANVAN_HOME", Path.cwd() / "var")).resolve()
DANVAN_HOME.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The embedded default runs on one machine; a production deployment must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or "danvan-insecure-embedded-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # only for its vendored Swagger UI static files (API docs without a CDN)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "danvan.core",
    "danvan.geo",
    "danvan.accounts",
    "danvan.people",
    "danvan.outreach",
    "danvan.exemplars",
    "danvan.campaigns",
    "danvan.meetings",
    "danvan.voice",
    "danvan.privacy",
    "danvan.signoff",
    "danvan.indicators",
    "danvan.web",
    "danvan.api",
    "danvan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danvan.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.web.context.navigation",
            ],
        },
    }
]

# ---------------------------------------------------------------- database
_sqlite_path = DANVAN_HOME / "danvan.sqlite3"


def _database(url: str) -> dict:
    """One database from its URL, with danvan's connection options (SQLite: WAL, immediate writes)."""
    db = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["CONN_MAX_AGE"] = 0
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        db["TEST"] = {"NAME": env_str("TEST_SQLITE_NAME") or None}
    return db


DATABASES = {"default": _database(env_str("DATABASE_URL") or f"sqlite:///{_sqlite_path}")}
# A PostgreSQL read replica (streaming replication of the primary): reports and the ledger's ORM
# reads go there (core/replica.py); every write and every other read stays on the primary. Tests
# point it at the primary's test database (MIRROR) instead of creating one.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {**_database(env_str("DATABASE_REPLICA_URL")), "TEST": {"MIRROR": "default"}}
    DANVAN_REPORT_DATABASE = "replica"
    DATABASE_ROUTERS = ["danvan.core.replica.ReplicaRouter"]
else:
    DANVAN_REPORT_DATABASE = "default"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL's work_mem for the fact ledger's set-based passes (imports, rebuilds), per transaction.
LEDGER_WORK_MEM = env_str("LEDGER_WORK_MEM") or "256MB"

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "danvan.accounts.hashers.Argon2idHasher",  # OWASP's Argon2id minimum (see the module)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# ---------------------------------------------------------------- security headers
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
BEHIND_PROXY = env_bool("BEHIND_PROXY")  # a reverse proxy sets X-Forwarded-Proto and X-Forwarded-For
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["danvan.formats"]

# ---------------------------------------------------------------- static files
STATIC_URL = "/static/"
# The cache (public pages, the petition form's rate limits) is shared by the server's processes
# (danvan serve runs several): files under DANVAN_HOME, nothing to install.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DANVAN_HOME / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

STATIC_ROOT = DANVAN_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
# Vendored CSS/JS live in the package (src/danvan/static), which is not an app: list it for the finders.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploaded evidence (photos, documents) through Django's storage API: the disk under DANVAN_HOME by
# default; set STORAGES["default"] to an S3-compatible backend (django-storages) to move it.
MEDIA_ROOT = Path(os.environ.get("DANVAN_MEDIA_ROOT", DANVAN_HOME / "media")).resolve()
MEDIA_URL = "/media/"  # never served directly: evidence goes through scoped views
EVIDENCE_MAX_UPLOAD_MB = env_int("EVIDENCE_MAX_UPLOAD_MB", 10)

# ---------------------------------------------------------------- danvan
# Largest upload accepted by the import page, in megabytes.
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields; files stream to disk above the next one
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PAGE_SIZE = 50
# Default reporting-period mode: "calendar" or "decree09" (Decree 09/2019 cut-off, 15th–14th).
REPORT_CUTOFF_DEFAULT = env_str("REPORT_CUTOFF_DEFAULT", "calendar")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Mail (the petitions' daily digest, `danvan voice_digest`): SMTP from the environment; with no
# EMAIL_HOST the messages are written to the console (nothing leaves the machine).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "danvan@localhost")

# Background jobs (large imports, `facts rebuild`, big exports and reports): Django's task framework
# (the django-tasks backport) with its database backend — the queue is a table in our own database,
# and `danvan serve` / `danvan demo` start the worker beside the web server (core/jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
