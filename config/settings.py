"""Fulian settings: one file, driven by environment variables.

Every setting that differs between a laptop demo and a county server is read from the environment
(see docs/deploy.md for the full list). Secrets may also come from files: FOO_FILE=/path reads FOO.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FULIAN_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    """A value from the environment, or from the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL (postgres://user:pass@host:port/name or sqlite:///path) to Django's form."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(parsed.path or str(VAR_DIR / "fulian.sqlite3"))
    raise ValueError(f"DATABASE_URL 的数据库类型不受支持：{parsed.scheme}")


def sqlite_database(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets the task worker write while the web server reads. A 64 MB page cache per connection
        # (SQLite's default is 2 MB) keeps the registry's indexes in memory while an import writes them.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            "PRAGMA cache_size=-65536;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def secret_key() -> str:
    """SECRET_KEY from the environment, else from var/secret_key, created on first run."""
    value = env("SECRET_KEY")
    if value:
        return value
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = secret_key()
DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
CSRF_FAILURE_VIEW = "fulian.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "treebeard",
    "auditlog",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "fulian.core",
    "fulian.accounts",
    "fulian.orgs",
    "fulian.core.spreadsheets",
    "fulian.audit",
    "fulian.people",
    "fulian.cases",
    "fulian.care",
    "fulian.health",
    "fulian.employment",
    "fulian.orgbuild",
    "fulian.activities",
    "fulian.aid",
    "fulian.sms",
    "fulian.publicity",
    "fulian.office",
    "fulian.resources",
    "fulian.honours",
    "fulian.reports",
    "fulian.indicators",
    "fulian.assessment",
    "fulian.surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their long cache): no-store and Permissions-Policy on the rest.
    "fulian.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fulian.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "fulian.audit.middleware.CurrentRequestMiddleware",
    "fulian.core.middleware.RequestContextMiddleware",
    "fulian.core.replicas.ReplicaPinMiddleware",
    # Axes must be last: it turns locked-out logins into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fulian.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASE_URL = env("DATABASE_URL", "")
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(str(VAR_DIR / "fulian.sqlite3"))
}
# Read replicas (PostgreSQL streaming replicas of the primary), comma-separated: "replica", "replica2", …
# Only the reads that ask for it go there (fulian/core/replicas.py; docs/deploy.md, "Read replicas").
DATABASE_REPLICAS = []
for _n, _url in enumerate(u.strip() for u in env("DATABASE_REPLICA_URL", "").split(",") if u.strip()):
    _alias = "replica" if _n == 0 else f"replica{_n + 1}"
    DATABASES[_alias] = {**database_from_url(_url), "TEST": {"MIRROR": "default"}}
    if DATABASES[_alias]["ENGINE"].endswith("postgresql"):
        # A replica that does not answer is given up on quickly: its reads then go to the primary.
        DATABASES[_alias]["OPTIONS"] = {"connect_timeout": envint("DATABASE_REPLICA_CONNECT_TIMEOUT", 2)}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["fulian.core.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]  # only in tests: hashing speed, not security
    if envbool("FULIAN_FAST_HASHER")
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fulian.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fulian.accounts.validators.CharacterClassValidator"},
    {"NAME": "fulian.accounts.validators.PatternValidator", "OPTIONS": {"min_other": 6}},
]

# Sessions end after 8 idle hours and when the browser closes. The idle timeout is renewed by
# fulian.core.middleware.SessionRefreshMiddleware at most once a minute (not on every request, which would
# write the session row to the primary database on every page view).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# HTTPS (docs/deploy.md "Production environment"; docs/security.md "Browser security headers").
# HTTPS=true behind nginx turns on everything below; each may still be set on its own.
HTTPS = envbool("HTTPS")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(HTTPS))
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", str(HTTPS))
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(HTTPS))
# The reverse proxy says the client used HTTPS with "X-Forwarded-Proto: https" (nginx must set it).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("SECURE_PROXY_SSL_HEADER", str(HTTPS)) else None
)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(HTTPS))
# Preloading is a decision for whoever owns the registrable domain (gov.cn sites are subdomains of it), not
# for one county server: off by default, and Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of Fulian uses (fulian.core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only (the vendored
# assets in static/), no inline <script>, <style>, style attribute or event handler anywhere; behaviour is
# declared with data- attributes and wired by static/js/fulian.js. Bootstrap's icons are data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The page (or, for the API, JSON) shown when locked out, with the wait in minutes, in Chinese.
AXES_LOCKOUT_CALLABLE = "fulian.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Behind a reverse proxy, count the proxies so the lockout sees the client's address, not the proxy's.
if envint("AXES_PROXY_COUNT", 0):
    AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not envbool("STATIC_MANIFEST")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Each web process keeps the statistics page's rendered table per snapshot computation (views/stats.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fulian-pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 50},
    },
}

# Background work: Django's task API (django-tasks backport) with the database backend.
# Tests run tasks immediately unless a test asks for the real worker.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fulian.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Errors stay JSON and Chinese: Django's English 404 texts are replaced (fulian/core/errors.py).
    "EXCEPTION_HANDLER": "fulian.core.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "妇联工作平台 API",
    "DESCRIPTION": (
        "Fulian — 基层妇联工作平台的 REST 接口。所有接口按用户的组织范围过滤。\n\n"
        "**认证**：`POST /api/v1/token/`（用户名、密码）每次发放一个新令牌，只返回这一次；之后每个请求带上"
        "请求头 `Authorization: Bearer <令牌>`。令牌在 `expires_at` 过期（默认 30 天），修改密码、账号停用或"
        "本人/管理员撤销后立即作废，此时返回 401 和中文说明，请重新获取。本人的令牌见 `/api/v1/me/tokens/`。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc are served from the installed sidecar package: no CDN on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice fields stay inline in each schema (no shared enum components): many apps use "status" and
    # "kind" with different choices, and shared components would collide by name.
    "POSTPROCESSING_HOOKS": [],
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# SMS platform (fulian.sms; docs/sms.md): the gateway ("console" writes to SMS_CONSOLE_FILE or the log,
# "aliyun", "tencent"), its keys, the rate per gateway (all worker processes together) and its burst, the
# price of a part, the send timeout, how long after an unanswered send the provider is asked about it,
# retries, the workers one message is split over, and the HMAC key of signed receipt and reply callbacks.
SMS = {
    "GATEWAY": env("SMS_GATEWAY", "console"),
    "CONSOLE_FILE": env("SMS_CONSOLE_FILE", ""),
    "RATE_PER_SECOND": float(env("SMS_RATE_PER_SECOND", "50")),
    "RATE_BURST": float(env("SMS_RATE_BURST", "1")),
    "PRICE_PER_PART": float(env("SMS_PRICE_PER_PART", "0.045")),
    "TIMEOUT_SECONDS": float(env("SMS_TIMEOUT_SECONDS", "5")),
    "SETTLE_SECONDS": float(env("SMS_SETTLE_SECONDS", "30")),
    "MAX_ATTEMPTS": envint("SMS_MAX_ATTEMPTS", 5),
    "BACKOFF_SECONDS": float(env("SMS_BACKOFF_SECONDS", "2")),
    "BATCH": envint("SMS_BATCH", 20),
    "WORKERS": envint("SMS_WORKERS", 3),
    "CALLBACK_SECRET": env("SMS_CALLBACK_SECRET", ""),
    "ALIYUN": {
        "ACCESS_KEY_ID": env("SMS_ALIYUN_ACCESS_KEY_ID"),
        "ACCESS_KEY_SECRET": env("SMS_ALIYUN_ACCESS_KEY_SECRET"),
        "ENDPOINT": env("SMS_ALIYUN_ENDPOINT", "dysmsapi.aliyuncs.com"),
        "PROTOCOL": env("SMS_ALIYUN_PROTOCOL", "https"),
    },
    "TENCENT": {
        "SECRET_ID": env("SMS_TENCENT_SECRET_ID"),
        "SECRET_KEY": env("SMS_TENCENT_SECRET_KEY"),
        "SDK_APP_ID": env("SMS_TENCENT_SDK_APP_ID"),
        "REGION": env("SMS_TENCENT_REGION", "ap-guangzhou"),
        "ENDPOINT": env("SMS_TENCENT_ENDPOINT", "sms.tencentcloudapi.com"),
        "SCHEME": env("SMS_TENCENT_SCHEME", "https"),
    },
}

# Domain settings that vary between places (docs/domain.md, "Rules and their numbers").
FULIAN = {
    "DEMO_COUNTY_CODE": env("FULIAN_DEMO_COUNTY", "511781"),
    "PAGE_SIZE": envint("FULIAN_PAGE_SIZE", 50),
    # Rights protection: hours an emergency ("break the glass") access to a case lasts.
    "CASES_BREAK_GLASS_HOURS": envint("FULIAN_CASES_BREAK_GLASS_HOURS", 4),
    # Excel import limits (fulian.core.spreadsheets; docs/security.md "上传的表格"): file size, data rows,
    # columns, cells of the used range, bytes unpacked, compression ratio, errors kept per import, and the
    # memory and CPU ceilings of the process that reads a sheet.
    "IMPORT_MAX_BYTES": envint("FULIAN_IMPORT_MAX_MB", 20) * 1024 * 1024,
    "IMPORT_MAX_ROWS": envint("FULIAN_IMPORT_MAX_ROWS", 200_000),
    "IMPORT_MAX_COLUMNS": envint("FULIAN_IMPORT_MAX_COLUMNS", 64),
    "IMPORT_MAX_CELLS": envint("FULIAN_IMPORT_MAX_CELLS", 4_000_000),
    "IMPORT_MAX_UNPACKED_BYTES": envint("FULIAN_IMPORT_MAX_UNPACKED_MB", 400) * 1024 * 1024,
    "IMPORT_MAX_RATIO": envint("FULIAN_IMPORT_MAX_RATIO", 100),
    "IMPORT_MAX_ERRORS": envint("FULIAN_IMPORT_MAX_ERRORS", 2000),
    "IMPORT_READER_MEMORY_MB": envint("FULIAN_IMPORT_READER_MEMORY_MB", 512),
    "IMPORT_READER_CPU_SECONDS": envint("FULIAN_IMPORT_READER_CPU_SECONDS", 300),
    # Background jobs (fulian.core.jobs; docs/deploy.md): how often a running import or summary writes its
    # heartbeat, how long without one before it counts as dead (failed, may be retried), and how long an
    # upload may wait (queued, or checked and not confirmed) before the clean-up deletes it.
    "JOB_HEARTBEAT_SECONDS": envint("FULIAN_JOB_HEARTBEAT_SECONDS", 15),
    "JOB_TIMEOUT_SECONDS": envint("FULIAN_JOB_TIMEOUT_SECONDS", 900),
    "IMPORT_RETENTION_HOURS": envint("FULIAN_IMPORT_RETENTION_HOURS", 24),
    # The statistics page and dashboard show a snapshot computed by the task workers; older than this many
    # minutes it is recomputed on the next visit (fulian/reports/snapshots.py).
    "STATS_SNAPSHOT_MINUTES": envint("FULIAN_STATS_SNAPSHOT_MINUTES", 10),
    # Uploads (activity photos, signed aid receipts): the largest file accepted, in MB.
    "UPLOAD_MAX_MB": envint("FULIAN_UPLOAD_MAX_MB", 10),
    # Aid: approvals above this amount (元) per person also need the county; a programme may override it.
    # Assessment draws (随机抽取): the youngest a registered woman may be to be drawn as 妇女群众.
    "DRAW_WOMEN_MIN_AGE": envint("FULIAN_DRAW_WOMEN_MIN_AGE", 18),
    "AID_COUNTY_THRESHOLD": env("FULIAN_AID_COUNTY_THRESHOLD", "3000"),
    # Aid: days of the public notice's objection period (公示期), and the window in which a second grant
    # under the same programme to the same person raises a warning.
    "AID_OBJECTION_DAYS": envint("FULIAN_AID_OBJECTION_DAYS", 7),
    "AID_REPEAT_WINDOW_DAYS": envint("FULIAN_AID_REPEAT_WINDOW_DAYS", 365),
    # Read replicas: seconds a browser stays on the primary after it wrote (read-your-writes); the replay
    # lag beyond which a replica is not read; how often each process checks a replica's health.
    "REPLICA_PIN_SECONDS": envint("FULIAN_REPLICA_PIN_SECONDS", 10),
    "REPLICA_MAX_LAG_SECONDS": envint("FULIAN_REPLICA_MAX_LAG_SECONDS", 5),
    "REPLICA_CHECK_SECONDS": envint("FULIAN_REPLICA_CHECK_SECONDS", 5),
    # Aid: separation of duties — whoever submitted or reviewed an application may not approve it.
    "AID_SEPARATE_APPROVER": envbool("FULIAN_AID_SEPARATE_APPROVER", "True"),
    # API tokens (docs/security.md): days a token lives, and live tokens kept per user (the oldest beyond
    # this number are revoked when a new one is issued).
    "API_TOKEN_DAYS": envint("FULIAN_API_TOKEN_DAYS", 30),
    "API_TOKENS_PER_USER": envint("FULIAN_API_TOKENS_PER_USER", 10),
    # The OpenAPI schema (/api/schema/) and its pages (/api/docs/) only for logged-in users; on by default
    # unless DEBUG is on.
    "API_DOCS_LOGIN_REQUIRED": envbool("FULIAN_API_DOCS_LOGIN_REQUIRED", str(not DEBUG)),
}
