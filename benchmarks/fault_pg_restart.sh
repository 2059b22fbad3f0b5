#!/usr/bin/env bash
# Fault test: PostgreSQL stops for DOWN_SECONDS and starts again while 50 logged-in users load the project list,
# the overdue list and the dashboard (2,000 projects; gunicorn with gunicorn.conf.py, production settings, wrk with
# benchmarks/load_users.lua). Prints, per second, the responses 200 / 503 / other, when the database was down, and a
# verdict: no response other than 200 before the stop, only 503 pages (no 500) while it is down, none after it is up.
#
#   benchmarks/fault_pg_restart.sh          (as root, on a machine with Debian's postgresql package)
#
# It runs its own throwaway PostgreSQL cluster (initdb in a temporary folder, port 5499 on 127.0.0.1), so the
# server other work uses is never restarted; everything it starts is stopped and removed on exit.
# Options via the environment: PORT (8769), PG_PORT (5499), USERS (50), DURATION (45: seconds of load),
# STOP_AFTER (15: seconds of load before the stop), DOWN_SECONDS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
PORT=${PORT:-8769}
PG_PORT=${PG_PORT:-5499}
USERS=${USERS:-50}
DURATION=${DURATION:-45}
STOP_AFTER=${STOP_AFTER:-15}
DOWN_SECONDS=${DOWN_SECONDS:-5}
PG_BIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin
PG_DATA=$(mktemp -d /tmp/kxc-fault-pg.XXXXXX)
mkdir -p benchmarks/results
export SESSIONS_FILE=$PWD/benchmarks/results/fault_sessions.txt
pg() { runuser -u postgres -- "$@"; }

GUNICORN=
cleanup() {
  [ -n "$GUNICORN" ] && { kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true; }
  pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}
trap cleanup EXIT

chown postgres "$PG_DATA"
pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" \
  -w start >/dev/null
pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" kxc_fault

export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/kxc_fault
export DEBUG=0 SECRET_KEY="$(head -c 32 /dev/urandom | base64)" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python benchmarks/load_setup.py "$SESSIONS_FILE" --users "$USERS"

.venv/bin/gunicorn portal.wsgi -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
  --error-logfile "$PG_DATA/gunicorn.log" 2>>"$PG_DATA/gunicorn.log" &
GUNICORN=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done

LOAD_PATHS=/projects/,/overdue/,/ timeout $((DURATION + 60)) wrk -t2 -c"$USERS" -d"${DURATION}s" --timeout 30s \
  -s benchmarks/load_users.lua "http://127.0.0.1:$PORT" >"$PG_DATA/wrk.out" &
WRK=$!
sleep "$STOP_AFTER"
DOWN=$(date +%s)
pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
sleep "$DOWN_SECONDS"
pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" \
  -w start >/dev/null
UP=$(date +%s)
wait "$WRK"

echo "PostgreSQL stopped at +$((DOWN - $(awk '/^second/ {print $2; exit}' "$PG_DATA/wrk.out")))s, up again after $((UP - DOWN))s"
grep -E "requests in|Requests/sec|Socket errors" "$PG_DATA/wrk.out" || true
awk -v down="$DOWN" -v up="$UP" '
  /^second/ {
    t = $2; split($3, a, "="); split($4, b, "="); split($5, c, "=")
    phase = (t < down) ? "before" : (t <= up ? "down" : "after")
    printf "t%+4ds  200=%-5d 503=%-5d other=%-5d %s\n", t - down, a[2], b[2], c[2], phase
    bad[phase] += b[2] + c[2]; other[phase] += c[2]; ok[phase] += a[2]
  }
  END {
    printf "before the stop: %d ok, %d not 200; while down: %d ok, %d 503, %d other; after: %d ok, %d not 200\n",
      ok["before"], bad["before"], ok["down"], bad["down"] - other["down"], other["down"], ok["after"], bad["after"]
    verdict = (bad["before"] == 0 && other["down"] == 0 && bad["after"] == 0) ? "PASS" : "FAIL"
    print "verdict: " verdict " (errors only while the database is down, and those are 503 pages)"
    exit verdict == "PASS" ? 0 : 1
  }' "$PG_DATA/wrk.out"
