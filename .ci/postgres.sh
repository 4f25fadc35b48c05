#!/usr/bin/env bash
# Install (from Debian's packages, if missing) and start a throwaway PostgreSQL server on
# loopback for the store tests; prints the SQLAlchemy URL to use as MLROADMAP_TEST_PG_URL.
set -euo pipefail
PORT=${PGPORT_TEST:-54329}
DATA=${PGDATA_TEST:-/tmp/mlroadmap-pg}

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bin_dir)" ]; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN=$(bin_dir)
run_as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if ! run_as_postgres "$BIN/pg_isready -h 127.0.0.1 -p $PORT" >/dev/null 2>&1; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  run_as_postgres "$BIN/initdb -D $DATA -A trust -U postgres" >/dev/null
  run_as_postgres "$BIN/pg_ctl -D $DATA -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1' -l $DATA/server.log -w start" >/dev/null
fi
run_as_postgres "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tc \"SELECT 1 FROM pg_database WHERE datname='mlroadmap_test'\"" | grep -q 1 \
  || run_as_postgres "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres mlroadmap_test"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/mlroadmap_test"
