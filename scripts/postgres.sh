#!/usr/bin/env bash
# Makes sure a local PostgreSQL is installed and running, and that the current user can
# connect to it as a superuser over the default socket. Does nothing when DATABASE_URL is set
# (then that server is yours to run). Safe to run again.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
    echo "postgres: DATABASE_URL is set; using that server as it is."
    exit 0
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "postgres: installing PostgreSQL from the distribution's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

# Start every cluster that is down (pg_lsclusters: version cluster port status owner ...).
pg_lsclusters --no-header | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
        echo "postgres: starting cluster $version/$cluster"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    fi
done

for _ in $(seq 1 30); do
    if pg_isready -q; then break; fi
    sleep 1
done
pg_isready -q || { echo "postgres: the server did not come up; see /var/log/postgresql" >&2; exit 1; }

me=$(id -un)
if ! psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
    echo "postgres: creating a superuser role for $me"
    as_postgres createuser --superuser "$me"
fi
echo "postgres: ready ($(psql -d postgres -Atqc 'SHOW server_version'))"
