#!/usr/bin/env bash
# Load test: 50 logged-in users for 60 s on each of the project list, the overdue list and the dashboard, at 2,000
# projects, under gunicorn with gunicorn.conf.py (workers from the CPU count) and production settings, with wrk and
# benchmarks/load_users.lua (each request carries the next user's session cookie). Prints requests/s, p99 and the
# responses other than 200 per page.
#
#   benchmarks/load_users.sh                     # SQLite: benchmarks/results/load_2000.sqlite3 (made on first use)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kxc_load benchmarks/load_users.sh   # an existing database
#
# Options via the environment: PORT (8766), DURATION (60s), USERS (50), PROJECTS (2000).
# Bounded: each wrk run stops after DURATION, gunicorn is stopped on exit; traffic goes only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
PORT=${PORT:-8766}
DURATION=${DURATION:-60s}
USERS=${USERS:-50}
PROJECTS=${PROJECTS:-2000}
mkdir -p benchmarks/results
export DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/benchmarks/results/load_$PROJECTS.sqlite3}
export DEBUG=0 SECRET_KEY="$(head -c 32 /dev/urandom | base64)" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
export SESSIONS_FILE=$PWD/benchmarks/results/load_sessions.txt

.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python benchmarks/load_setup.py "$SESSIONS_FILE" --projects "$PROJECTS" --users "$USERS"

.venv/bin/gunicorn portal.wsgi -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
  --log-level warning 2>>benchmarks/results/load_gunicorn.log &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done
echo "gunicorn: $(pgrep -c -P $GUNICORN) workers; database: ${DATABASE_URL%%\?*}; $USERS users, $DURATION per page"


for page in "project list:/projects/" "overdue list:/overdue/" "dashboard:/"; do
  name=${page%%:*}
  path=${page#*:}
  OUT=$(LOAD_PATHS=$path timeout 300 wrk -t2 -c"$USERS" -d"$DURATION" --timeout 30s --latency \
    -s benchmarks/load_users.lua "http://127.0.0.1:$PORT")
  RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$OUT")
  P99=$(awk '$1 == "p99" {print $2 " " $3}' <<<"$OUT")
  BAD=$(awk '$1 == "non-200" {print $2}' <<<"$OUT")
  SOCKET=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' <<<"$OUT")
  TOTAL=$(awk '/requests in/ {print $1}' <<<"$OUT")
  echo "$name ($path): $TOTAL requests, $RPS requests/s, p99 $P99, non-200 $BAD, socket errors: ${SOCKET:-none}"
done
