"""gunicorn settings for the site (`gunicorn portal.wsgi -c gunicorn.conf.py`, see the README's deploy section).

Each value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT,
GUNICORN_GRACEFUL_TIMEOUT) or on the command line.
"""

import multiprocessing
import os


def _env(name, default):
    """The variable's value, or `default` when it is unset or empty (as in .env.example)."""
    return os.environ.get(name, "").strip() or default


bind = _env("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: the pages are short CPU-and-database work. Two per core plus one (gunicorn's rule of thumb), so a
# worker busy with an import or an export leaves the others serving.
workers = int(_env("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))

# The longest request is the confirmation of the largest workbook the import accepts (IMPORT_MAX_ROWS = 50,000 rows
# per sheet): 50,000 projects with 50,000 milestones took 116 s to import (78 s to preview) on the 2-core machine
# (README, "Serving"). The timeout gives it three times that, so that a slow hour or a busy database does not cut it
# off (an import cut off is rolled back whole and its workbook stays to be confirmed again, but the manager waits).
timeout = int(_env("GUNICORN_TIMEOUT", 360))

# On a restart (SIGHUP, a deploy) or a stop, workers finish the requests they hold for up to this long.
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", timeout))
# Keep-alive from the reverse proxy on the same host.
keepalive = 5
# A worker is replaced after this many requests (± jitter), which bounds any slow growth of its memory.
max_requests = 2000
max_requests_jitter = 200

# Access log on stderr (journald under systemd), with the logged-in user: the X-Request-User response header set by
# portal.security.AuthenticatedResponseMiddleware ("-" for anonymous requests; the proxy hides it from clients).
accesslog = "-"
access_log_format = '%(h)s %({x-request-user}o)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")

# The app's own proxy handling (USE_X_FORWARDED_PROTO, CLIENT_IP_HEADER) decides what to trust; gunicorn trusts the
# forwarding headers from the local proxy only.
forwarded_allow_ips = "127.0.0.1,::1"
