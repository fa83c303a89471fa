#!/usr/bin/env bash
# Load test of the Today page: gunicorn with 4 workers on a free local port, production
# settings (DEBUG off), the database of DATABASE_URL (PostgreSQL; SQLite works but is not what
# the targets are about), 32 concurrent logged-in clients for 30 seconds.
#
#   bench/load.sh            full run: 1,000 applications, 32 clients, 30 s
#   bench/load.sh --quick    5 applications, 4 clients, 1 s, 2 workers (what the test suite runs)
#
# Prints: page=today clients=N duration_s=S requests=N rps=X p50_ms=Y p99_ms=Z errors=E
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
CLIENTS=32 DURATION=30 SIZE=1000 WORKERS=4
if [[ "${1:-}" == "--quick" ]]; then
  CLIENTS=4 DURATION=1 SIZE=5 WORKERS=2
fi

WORKDIR="$(mktemp -d)"
GUNICORN_PID=""
LOAD_DATABASE_URL=""
cleanup() {
  if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [[ -n "$LOAD_DATABASE_URL" ]]; then
    "$PY" bench/load.py drop --database-url "$LOAD_DATABASE_URL" || true
  fi
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=bench.settings_load
export DJANGO_DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export AFTERVIEW_VAR_DIR="$WORKDIR/var" EMAIL_URL="consolemail://"
DJANGO_SECRET_KEY="load-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DJANGO_SECRET_KEY

eval "$("$PY" bench/load.py prepare --size "$SIZE" --workdir "$WORKDIR")"
PORT="$("$PY" bench/load.py free-port)"

DATABASE_URL="$LOAD_DATABASE_URL" "$PY" -m gunicorn config.wsgi \
  --workers "$WORKERS" --bind "127.0.0.1:$PORT" --log-level warning \
  --error-logfile "$WORKDIR/gunicorn.log" &
GUNICORN_PID=$!

for _ in $(seq 1 100); do
  if "$PY" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

echo "# gunicorn workers=$WORKERS database=${LOAD_DATABASE_URL%%:*} applications=$SIZE"
"$PY" bench/load.py run --url "http://127.0.0.1:$PORT/today/" --cookie "$LOAD_COOKIE" \
  --clients "$CLIENTS" --duration "$DURATION"
