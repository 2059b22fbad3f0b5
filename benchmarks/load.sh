#!/usr/bin/env bash
# Load test of the red list under gunicorn (2 sync workers, 127.0.0.1 only, production settings) with wrk:
# 20 connections for 30 s, logged in with a session cookie. Reports requests/s, p99 latency and errors.
#
#   .venv/bin/python benchmarks/run.py --sizes 10000 --keep --import-projects 0   # prepares the 10k database
#   benchmarks/load.sh                       # SQLite benchmarks/results/bench_10000.sqlite3, or with
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kxc_bench_10000 benchmarks/load.sh
#
# Options via the environment: LOAD_PATH (default: the red list), PORT (8765), DURATION (30s), CONNECTIONS (20).
# Bounded: wrk stops after DURATION, gunicorn is stopped on exit; traffic goes only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
PORT=${PORT:-8765}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-20}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/benchmarks/results/bench_10000.sqlite3}
export DEBUG=0 SECRET_KEY="$(head -c 32 /dev/urandom | base64)" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
PY=.venv/bin/python

# A session of a superuser (created once) and the red list's path, from the database itself.
read -r SESSION LIST_PATH < <($PY - <<'PY'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from portal.models import User
from projects.models import Project
if not Project.objects.exists():
    raise SystemExit("The database holds no projects: run benchmarks/run.py --sizes 10000 --keep first")
user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", password=None)
s = SessionStore()
s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key, os.environ.get("LOAD_PATH") or reverse("projects:list") + "?status=red")
PY
)
URL="http://127.0.0.1:$PORT$LIST_PATH"

.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
  sleep 0.2
done
CODE=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$SESSION" "$URL")
echo "GET $URL -> HTTP $CODE (database: ${DATABASE_URL%%\?*})"
if [ "$CODE" != 200 ]; then
  echo "the page does not answer 200: nothing to load-test"
  exit 1
fi
OUT=$(timeout 120 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: sessionid=$SESSION" "$URL")
echo "$OUT"
RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$OUT")
P99=$(awk '$1 == "99%" {print $2}' <<<"$OUT")
NON2XX=$(awk '/Non-2xx/ {print $NF}' <<<"$OUT")
SOCKET=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' <<<"$OUT")
echo "summary: ${RPS} requests/s, p99 ${P99}, non-2xx ${NON2XX:-0}, socket errors: ${SOCKET:-none}"
