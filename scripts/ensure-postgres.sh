#!/bin/sh
# Makes sure the PostgreSQL server the tests use is accepting connections. Tests create
# (and drop) their own database on it; HERALD_TEST_DATABASE_URL points them elsewhere.
# On a Debian host with the postgresql package, a stopped cluster is started.
set -eu
URL="${HERALD_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ready() { pg_isready -q -d "$URL" 2>/dev/null; }
if ready; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for cluster in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do
    pg_ctlcluster --skip-systemctl-redirect "${cluster%/*}" "${cluster#*/}" start 2>/dev/null || true
  done
fi
i=0
while ! ready; do
  i=$((i + 1))
  if [ "$i" -gt 30 ]; then
    echo "PostgreSQL is not accepting connections at ${URL#*@}; the PostgreSQL tests need it (or set HERALD_TEST_DATABASE_URL)" >&2
    exit 1
  fi
  sleep 1
done
