#!/usr/bin/env bash
# Make sure the test suite's outside services exist: Debian's Chromium for the browser tests, nginx and
# openssl for the deployment test (tests/test_deployment.py), and a
# running PostgreSQL 15 with the role `kb` and the database `kb_test` (KB_TEST_POSTGRES_URL's default).
set -euo pipefail

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/sbin/nginx ] || need_packages+=(nginx)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
command -v pg_ctlcluster >/dev/null 2>&1 || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing: ${need_packages[*]}. Install them (apt-get install ${need_packages[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need_packages[*]} …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

if [ -n "${KB_TEST_POSTGRES_URL:-}" ]; then
  echo "Using KB_TEST_POSTGRES_URL as given."
  exit 0
fi

version=$(pg_lsclusters --no-header | awk 'NR==1 {print $1}')
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $2}')
if [ -z "$version" ]; then
  echo "No PostgreSQL cluster found (pg_lsclusters is empty)." >&2
  exit 1
fi
pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online || pg_ctlcluster "$version" "$cluster" start

as_postgres() { runuser -u postgres -- "$@"; }
if [ "$(id -u)" != 0 ]; then as_postgres() { sudo -u postgres "$@"; }; fi
as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'kb'" | grep -q 1 \
  || as_postgres psql -qc "CREATE ROLE kb LOGIN PASSWORD 'kb' CREATEDB"
as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'kb_test'" | grep -q 1 \
  || as_postgres createdb -O kb kb_test
echo "PostgreSQL $version/$cluster is running with database kb_test."
