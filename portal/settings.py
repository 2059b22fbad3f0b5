"""Settings for the project-supervision site, read from the environment.

Every variable is listed in `.env.example` and the README. A bad value stops the start with a message that
names the variable; secrets come only from the environment (a development key exists only with DEBUG on).
"""

import datetime as dt
import os
import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_choice(name, default, choices):
    """One of `choices`, case-insensitively (returned as written in `choices`)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    by_key = {choice.lower(): choice for choice in choices}
    if raw.strip().lower() not in by_key:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return by_key[raw.strip().lower()]


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_weights(name):
    """`term=number` pairs separated by commas (e.g. "red=2,yellow=1"), as {term: float}; empty when unset."""
    weights = {}
    for item in env_list(name):
        term, sep, number = item.partition("=")
        try:
            value = float(number)
        except ValueError:
            value = None
        if not sep or not term.strip() or value is None or value < 0:
            raise ImproperlyConfigured(f"{name} must be term=number pairs (numbers ≥ 0), got {item!r}")
        weights[term.strip()] = value
    return weights


def database_from_env():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.postgresql":
        # JIT compilation costs more than it saves on our short status queries (see performance notes).
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    elif engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    else:
        raise ImproperlyConfigured(f"DATABASE_URL must point at PostgreSQL or SQLite, got engine {engine!r}")
    return config


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django_tables2",
    "django_filters",
    "simple_history",
    "portal.axes_app.AxesConfig",  # django-axes, named in Chinese and English
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "projects",
    "indicators",
    "supervision",
    "reminders",
    "cockpit",
    "ranking",
    "evidence",
    "monthclose",
]

# Widgets render with the site's template engine, so that templates/django/forms/widgets/select.html (the options
# written in one template) replaces Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: a 503 page when the database is down, no-store and the access log's user.
    "portal.health.DatabaseUnavailableMiddleware",
    "portal.security.AuthenticatedResponseMiddleware",
    "portal.audit.RequestContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.idle.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.aggregate_cache.DataTokenPerRequestMiddleware",
    # Last: turns a locked-out login (see AXES_* below) into the login page with the lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.navigation",
                "portal.context_processors.notifications",
                "reminders.context_processors.my_work",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
# Managers land on the dashboard, unit staff on 我的待办 (reminders.views.landing).
LOGIN_REDIRECT_URL = "reminders:landing"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: its password_changed hook writes the login audit's "password changed" row.
    {"NAME": "portal.audit.PasswordChangeAudit"},
]

# Login lockout (django-axes): AXES_FAILURE_LIMIT failed logins for one account, or from one address, lock that
# account or address for AXES_COOLOFF_MINUTES counted from the last failure. A locked attempt is refused before any
# password is checked (AxesStandaloneBackend first), so it costs no password hash.
AUTHENTICATION_BACKENDS = [
    "portal.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts refused while locked are not counted: the lockout ends AXES_COOLOFF_MINUTES after the failure that
# caused it, and a flood of refused attempts writes nothing to the lockout table.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.audit.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the login audit (portal.models.LoginEvent)
AXES_VERBOSE = False
# Behind the reverse proxy every request comes from it: the client's address is in this request header, which the
# proxy sets (nginx: proxy_set_header X-Real-IP $remote_addr), e.g. CLIENT_IP_HEADER=X-Real-IP; unset: the peer.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER").strip()

# The login audit (successes, failures, lockouts, logouts, password changes) is kept this many days
# (`purge_login_audit` deletes older rows; schedule it daily).
LOGIN_AUDIT_DAYS = env_int("LOGIN_AUDIT_DAYS", 180, minimum=1)

# A session ends after SESSION_IDLE_MINUTES without a request (portal.idle.IdleTimeoutMiddleware); the cookie
# and the stored session expire a minute later, so an abandoned session also disappears from the database.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_COOKIE_AGE = (SESSION_IDLE_MINUTES + 1) * 60

LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "zh-hans", list(dict(LANGUAGES)))
LOCALE_PATHS = [BASE_DIR / "locale"]
# Amounts grouped by thousands in both languages (portal/formats/zh_Hans: Django leaves Chinese ungrouped).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE is not a known time zone: {TIME_ZONE!r}") from None
USE_I18N = True
USE_TZ = True

# Uploaded files (the evidence app's attachments) on the file system under MEDIA_ROOT, backed up by `backup_data`
# with the database; or in an S3-compatible object store (EVIDENCE_STORAGE=s3, see `evidence_storage` below). Never
# served under MEDIA_URL: only through evidence.views, which checks the user's rights.
MEDIA_ROOT = env_str("MEDIA_ROOT").strip() or str(BASE_DIR / "media")
MEDIA_URL = "media/"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


def s3_storage_from_env():
    """The S3 storage's options (django-storages) from the S3_* variables; a missing or bad one names itself."""
    bucket = env_str("S3_BUCKET").strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise ImproperlyConfigured(
            f"S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens), got {bucket!r}"
        )
    endpoint = env_str("S3_ENDPOINT_URL").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"S3_ENDPOINT_URL must be an http(s) URL such as https://s3.example, got {endpoint!r}"
            )
    access_key, secret_key = env_str("S3_ACCESS_KEY_ID").strip(), env_str("S3_SECRET_ACCESS_KEY").strip()
    if bool(access_key) != bool(secret_key):
        missing = "S3_SECRET_ACCESS_KEY" if access_key else "S3_ACCESS_KEY_ID"
        raise ImproperlyConfigured(f"{missing} must be set with the other S3 key (or neither, for the instance's role)")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env_str("S3_REGION").strip() or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": env_choice("S3_ADDRESSING_STYLE", "auto", ["auto", "path", "virtual"]),
        "location": env_str("S3_PREFIX").strip().strip("/"),
        "default_acl": None,  # the bucket's own (private): files are served by the site, never from the bucket
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


EVIDENCE_STORAGE = env_choice("EVIDENCE_STORAGE", "filesystem", ["filesystem", "s3"])
STORAGES = {
    "default": (
        s3_storage_from_env()
        if EVIDENCE_STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def site_url_from_env():
    """The site's address as its users reach it (`https://xmdb.example.gov.cn`), for the links of the daily e-mail;
    empty means the e-mail is not sent (a development default exists only with DEBUG on)."""
    raw = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").strip()
    parts = urlsplit(raw)
    if raw and (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment):
        raise ImproperlyConfigured(
            f"SITE_URL must be an http(s) address such as https://xmdb.example.gov.cn, got {raw!r}"
        )
    return raw.rstrip("/")


SITE_URL = site_url_from_env()

# Behind a reverse proxy that terminates TLS (see README, "Deploy").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The site runs on the zone's intranet: its host name can never be on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): everything from the site itself, no inline script or style (templates keep
# them in static files; tests/test_security_headers.py greps the templates), no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
        )
    ]

LOG_LEVELS = ("NOTSET", "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An expected 403 (PermissionDenied) is one line without a traceback (portal.logs).
    "filters": {"refusals": {"()": "portal.logs.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        # django-axes reports every login at INFO; lockouts and failures (WARNING) are enough (the audit has the rest).
        "axes": {"level": "WARNING"},
        # Django's own console handler (DEBUG only) would write each of its records a second time beside the root's.
        "django": {"handlers": [], "level": "INFO"},
    },
}

# Four-color rules (../shared/docs/status-rules.md): thresholds in days.
YELLOW_OVERDUE_DAYS = env_int("YELLOW_OVERDUE_DAYS", 1, minimum=1)
RED_OVERDUE_DAYS = env_int("RED_OVERDUE_DAYS", 31, minimum=1)
BLUE_AHEAD_DAYS = env_int("BLUE_AHEAD_DAYS", 30, minimum=1)
DUE_SOON_DAYS = env_int("DUE_SOON_DAYS", 7, minimum=0)
if RED_OVERDUE_DAYS < YELLOW_OVERDUE_DAYS:
    raise ImproperlyConfigured("RED_OVERDUE_DAYS must not be less than YELLOW_OVERDUE_DAYS")

# Monthly reports (../shared/docs/reporting.md, section 1): the report of month m is due on day REPORT_DUE_DAY of m
# (at most 28, so that every month has it); reminders of a report due start REPORT_REMIND_DAYS days before.
REPORT_DUE_DAY = env_int("REPORT_DUE_DAY", 25, minimum=1)
if REPORT_DUE_DAY > 28:
    raise ImproperlyConfigured(f"REPORT_DUE_DAY must be at most 28 (every month has that day), got {REPORT_DUE_DAY}")
REPORT_REMIND_DAYS = env_int("REPORT_REMIND_DAYS", 3, minimum=0)

# Project categories (产业类别) that count as industrial (工业投资: the goal, the derived indicator), comma-separated.
INDUSTRIAL_CATEGORIES = env_list(
    "INDUSTRIAL_CATEGORIES",
    ["工业", "先进制造", "电子信息", "集成电路", "智能网联新能源汽车", "新型储能", "生物医药", "航空航天"],
)

# Whole-list aggregates (status counts, dashboard totals) are cached per data version, which the database changes
# at every write (portal.aggregate_cache): never stale, only not recomputed. 0 turns the cache off.
AGGREGATE_CACHE_SECONDS = env_int("AGGREGATE_CACHE_SECONDS", 600, minimum=0)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000, minimum=1)},
    }
}

# The cockpit API (/api/v1/, djangorestframework): read-only, API tokens (cockpit.ApiToken, created in the admin) or a
# logged-in session; JSON only (the browsable API's pages have inline scripts); throttled per token or user.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/min")
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cockpit.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cockpit.api.permissions.ReadOnlyClient"],
    "DEFAULT_THROTTLE_CLASSES": ["cockpit.api.throttling.PerClientThrottle"],
    "DEFAULT_PAGINATION_CLASS": "cockpit.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,  # money in 万元 as JSON numbers with two decimals
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "西部科学城重庆高新区 项目督办系统 · 驾驶舱接口（cockpit API）",
    "DESCRIPTION": (
        "只读接口：四个一批清单、节点与四色状态、年度目标、投资、红黄榜、经济指标。"
        "金额单位万元（目标与指标为亿元），日期 ISO 8601。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema is for API clients: a token or a logged-in session, like every endpoint.
    "SERVE_PERMISSIONS": ["cockpit.api.permissions.ReadOnlyClient"],
    # The four colors share their codes: one enum for the schedule and investment, one for indicators and goals
    # (the same codes with the indicators' labels).
    "ENUM_NAME_OVERRIDES": {
        "ColorEnum": "projects.status.Color.choices",
        "IndicatorColorEnum": "indicators.status.IndicatorColor.choices",
    },
}
# What the apps above `projects` add to its pages (projects/extensions.py): markers with their filters, and panels.
PROJECT_MARKERS = ["supervision.extensions.open_order", "evidence.extensions.no_photo"]
PROJECT_PANELS = {
    "dashboard": ["supervision.extensions.dashboard_figures"],
    "project": ["supervision.extensions.project_orders", "evidence.extensions.gallery"],
}
PROJECT_UPLOADS = "evidence.extensions.uploads"
# The seam to the month's close (cockpit/seams.py): the dotted path of its selector of a year's trend, once installed.
COCKPIT_MONTH_TREND = "monthclose.trends.project_counts"

# The ranking's optional score (考核得分, reporting.md section 5): no weights, no score. Terms: red, yellow,
# late_rate, plan_moves, late_reports, reply_late_rate, reply_overdue (ranking/score.py); each deducted from the base.
RANKING_WEIGHTS = env_weights("RANKING_WEIGHTS")
RANKING_BASE_SCORE = env_int("RANKING_BASE_SCORE", 100, minimum=0)

# Uploads (Excel import) are read in memory, never stored on disk. A workbook is refused before it is read when its
# parts unpack past IMPORT_MAX_UNPACKED_MB, and a sheet with more than IMPORT_MAX_ROWS rows (gunicorn.conf.py's
# timeout covers the import of the largest allowed workbook).
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 10, minimum=1)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 100, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024

# Attachments (evidence app): at most EVIDENCE_MAX_FILE_MB a file, EVIDENCE_MAX_OBJECT_MB for all the files of one
# report, milestone or reply, EVIDENCE_MAX_FILES files in one upload. Images are re-encoded at most
# EVIDENCE_IMAGE_MAX_PIXELS on their longer side. Uploads are read in memory up to the larger of the two limits.
EVIDENCE_MAX_FILE_MB = env_int("EVIDENCE_MAX_FILE_MB", 15, minimum=1)
EVIDENCE_MAX_OBJECT_MB = env_int("EVIDENCE_MAX_OBJECT_MB", 60, minimum=1)
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 20, minimum=1)
EVIDENCE_IMAGE_MAX_PIXELS = env_int("EVIDENCE_IMAGE_MAX_PIXELS", 4096, minimum=320)
# Milestone names (as written in the milestones, e.g. 开工建设,交付投用) whose actual date is recorded only with at
# least one attachment; empty (the default): no such rule.
EVIDENCE_REQUIRED_FOR = env_list("EVIDENCE_REQUIRED_FOR")
# Behind nginx: the internal location that serves MEDIA_ROOT (e.g. /protected-media/); the site then answers a
# file's request with X-Accel-Redirect after its rights check and nginx sends the bytes. Empty: the site sends them.
EVIDENCE_X_ACCEL_PREFIX = env_str("EVIDENCE_X_ACCEL_PREFIX").strip()
if EVIDENCE_X_ACCEL_PREFIX and not (EVIDENCE_X_ACCEL_PREFIX.startswith("/") and EVIDENCE_X_ACCEL_PREFIX.endswith("/")):
    raise ImproperlyConfigured(f"EVIDENCE_X_ACCEL_PREFIX must start and end with /, got {EVIDENCE_X_ACCEL_PREFIX!r}")
FILE_UPLOAD_MAX_MEMORY_SIZE = max(IMPORT_MAX_UPLOAD_MB, EVIDENCE_MAX_OBJECT_MB) * 1024 * 1024 + 1024 * 1024
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "data-table"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Supervision orders (../shared/docs/supervision.md): the number's prefix (高新督〔2026〕12号), the default reply
# time in working days, the days after which an order whose milestone is still red is suggested for escalation,
# and the organisation named on the printed notice.
SUPERVISION_NUMBER_PREFIX = env_str("SUPERVISION_NUMBER_PREFIX", "高新督").strip()
if not SUPERVISION_NUMBER_PREFIX:
    raise ImproperlyConfigured("SUPERVISION_NUMBER_PREFIX must not be empty")
SUPERVISION_REPLY_WORKDAYS = env_int("SUPERVISION_REPLY_WORKDAYS", 5, minimum=1)
SUPERVISION_ESCALATE_DAYS = env_int("SUPERVISION_ESCALATE_DAYS", 30, minimum=1)
SUPERVISION_ORG_NAME = env_str("SUPERVISION_ORG_NAME", "西部科学城重庆高新区").strip() or "西部科学城重庆高新区"

# Filter drop-downs say 全部 (all) rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
