"""Settings shared by every environment; everything that varies is read from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts",
    "questionbank",
    "interviews",
    "scorecards",
    "analytics",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "accounts.users_app.PanelUsersConfig",  # wagtail.users, with one-line names
    "wagtail.snippets",
    "wagtail.images",
    "wagtail.documents",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "interviews.middleware.PanelCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what every middleware below has written. BREACH needs a secret and
    # attacker-chosen text in one compressed body that the attacker can make the victim's
    # browser fetch: session cookies are SameSite=Lax (a cross-site fetch is anonymous),
    # CSRF tokens are masked afresh on every response, and Django pads each gzipped body
    # with random bytes ("Heal the BREACH").
    "interviews.middleware.PageGZipMiddleware",
    "interviews.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "interviews.middleware.BadRequestMessageMiddleware",
]

ROOT_URLCONF = "panelsite.urls"
WSGI_APPLICATION = "panelsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Permission checks in one query instead of two (it signs no one in).
    "accounts.backends.OneQueryPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REDIS_URL = env("REDIS_URL", default="")

# The cache lives in the database, not in Redis: allauth keeps its sign-in rate limits (and the
# TOTP codes already used) there, so a Redis outage would stop every sign-in with a 500. The
# database is what sign-in needs anyway, the limits hold across every web process and host, and
# nothing else of ours caches. Redis is only Celery's broker: when it is down, only what needs a
# worker (PDF reports) says so. `manage.py createcachetable` creates the table (make run, compose).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "panel_cache",
        # Room for the rate-limit keys of many addresses at once before the cache culls.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Request bodies: Panel's largest forms (a question with a 20,000-character prompt, 20,000
# characters of notes) are well under 1 MiB; Panel takes no file uploads. Past these limits a
# request is refused with a message (interviews.middleware.RequestSizeLimitMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
PANEL_MAX_REQUEST_BYTES = 5 * 1024 * 1024

# --- Content-Security-Policy (django-csp) -------------------------------------
# Panel's pages load scripts, styles, fonts and images from their own origin only: no inline
# script, no inline event handler, no eval (htmx runs with allowEval off, see base.html), no
# style attribute; nothing frames them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Wagtail's admin (under /admin/) gets a policy of its own (interviews.middleware.
# PanelCSPMiddleware): its form widgets start themselves with inline scripts (the category
# chooser, the publishing date pickers), it sets style attributes, and it frames its own
# previews. Still nothing from another origin, no eval, no plugin, nothing framing it from
# elsewhere.
PANEL_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}

# Sessions live in the database so a cache flush never signs everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery ---------------------------------------------------------------
# Without REDIS_URL tasks run in-process (embedded mode); with it Redis is broker and backend.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# The visibility timeout must exceed the longest task and every countdown (DESIGN pitfalls);
# a dead worker's unacknowledged message goes back to the queue only after it (seconds).
# A dead worker's report does not wait for it: its lease runs out first (PANEL_REPORT_LEASE_*).
_visibility = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60 * 2)}
# A Redis that does not answer at all (rather than refusing) must not hold a request for minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {**_visibility, "socket_connect_timeout": 3}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = _visibility
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"scorecards.tasks.render_report": {"queue": "pdf"}}
CELERY_TIMEZONE = TIME_ZONE

# --- Accounts (django-allauth) ----------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapter.StaffOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Panel"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Panel <panel@localhost>")

# --- Wagtail -------------------------------------------------------------
WAGTAIL_SITE_NAME = "Panel"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's login page (site/urls.py admin_login): it sends anonymous visitors on to allauth's,
# and signed-in people who may not use the admin home instead of round in a loop.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Passwords are changed and reset through allauth only (site/urls.py redirects Wagtail's pages).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No Gravatar: editors' email hashes stay in-house and the admin shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's database backend; on SQLite it ranks hits in one join (questionbank/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "questionbank.search_backend"}}
# Draftail, answering a form error instead of a 500 to input it cannot convert.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "questionbank.widgets.CheckedDraftailRichTextArea"}
}
TAGGIT_CASE_INSENSITIVE = True
# Wagtail's own background jobs (search index, reference index) run through django-tasks,
# in-process; our Celery is for Panel's jobs only.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Panel -----------------------------------------------------------------
PANEL_PAPER_SIZE = env("PANEL_PAPER_SIZE", default="A4")
PANEL_REMINDER_FIRST_AFTER_MINUTES = env.int("PANEL_REMINDER_FIRST_AFTER_MINUTES", default=60)
PANEL_REMINDER_MAX_DAYS = env.int("PANEL_REMINDER_MAX_DAYS", default=5)
# PDF report jobs (scorecards.reports.jobs). A worker renews the lease of the render it holds every
# third of its length; the sweep re-queues a render whose lease ran out (its worker died) and
# re-sends a queued report the broker has not taken after RESEND_AFTER. A dead worker's report
# renders again within LEASE + SWEEP seconds (90 s by default).
PANEL_REPORT_LEASE_SECONDS = env.int("PANEL_REPORT_LEASE_SECONDS", default=60)
PANEL_REPORT_SWEEP_SECONDS = env.int("PANEL_REPORT_SWEEP_SECONDS", default=30)
PANEL_REPORT_RESEND_AFTER_SECONDS = env.int("PANEL_REPORT_RESEND_AFTER_SECONDS", default=30)
# A report whose HTML body is longer is drawn in chunks of about this many characters (~17 pages
# of a candidate report), each its own WeasyPrint document: scorecards/reports/chunked.py.
PANEL_REPORT_CHUNK_CHARS = env.int("PANEL_REPORT_CHUNK_CHARS", default=100_000)
# Invitation e-mails (interviews/notifications.py): one row per recipient and change, sent by the
# "default" queue; the sweep re-sends rows the broker never took after RESEND_AFTER and re-queues
# a send whose worker died when its lease runs out.
PANEL_NOTIFICATION_LEASE_SECONDS = env.int("PANEL_NOTIFICATION_LEASE_SECONDS", default=120)
PANEL_NOTIFICATION_SWEEP_SECONDS = env.int("PANEL_NOTIFICATION_SWEEP_SECONDS", default=60)
PANEL_NOTIFICATION_RESEND_AFTER_SECONDS = env.int(
    "PANEL_NOTIFICATION_RESEND_AFTER_SECONDS", default=120
)
CELERY_BEAT_SCHEDULE = {
    "feedback-reminders": {
        "task": "scorecards.tasks.send_feedback_reminders",
        "schedule": 60.0 * 5,
    },
    "sweep-reports": {
        "task": "scorecards.tasks.sweep_reports",
        "schedule": float(PANEL_REPORT_SWEEP_SECONDS),
        # Sweeps that waited out a worker outage in the queue are moot: the next one comes soon.
        "options": {"expires": PANEL_REPORT_SWEEP_SECONDS},
    },
    "sweep-notifications": {
        "task": "interviews.tasks.sweep_notifications",
        "schedule": float(PANEL_NOTIFICATION_SWEEP_SECONDS),
        "options": {"expires": PANEL_NOTIFICATION_SWEEP_SECONDS},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step (even on import) at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
