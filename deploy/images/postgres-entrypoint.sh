#!/bin/bash
# Entry point of deploy/local-images.sh's PostgreSQL image, started like the official image:
# on the first start POSTGRES_PASSWORD (required), POSTGRES_USER (postgres) and POSTGRES_DB
# (the user's name) make the cluster, its superuser and its database in $PGDATA. A set-up server
# that listens on no TCP port does that; then the real one starts, listening on every address
# with password (scram-sha-256) authentication. Both print "ready to accept connections", which
# Testcontainers' PostgreSQLContainer counts (it waits for the second). Arguments that start
# with "-" are the server's, e.g. "postgres -c fsync=off".
set -euo pipefail
# The image has no /run/postgresql (its /run is empty): the socket goes to /tmp.
export PGHOST=/tmp
if [ "${1#-}" != "$1" ]; then
    set -- postgres "$@"
fi
if [ "$1" = postgres ]; then
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
        user=${POSTGRES_USER:-postgres}
        db=${POSTGRES_DB:-$user}
        initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
            --auth-local=trust --auth-host=scram-sha-256 >/dev/null
        printf '%s\n' "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
        pg_ctl --wait --silent --options="-c listen_addresses= -c unix_socket_directories=/tmp" start
        if [ "$db" != postgres ]; then
            psql --username="$user" --dbname=postgres --set=ON_ERROR_STOP=1 --quiet \
                --command="CREATE DATABASE \"$db\""
        fi
        pg_ctl --wait --silent --mode=fast stop
    fi
    shift
    set -- postgres -D "$PGDATA" -c "listen_addresses=*" -c unix_socket_directories=/tmp "$@"
fi
exec "$@"
