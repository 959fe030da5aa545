# Shared by the benchmarks (sourced, not run): a throwaway PostgreSQL 15 from the Debian binaries,
# and the Flyway CLI to compare against. Needs WORK, PGBIN and PORT set by the caller.

# bench_postgres DIR [server settings...]: initdb (trust, user postgres) on first use, then start
# it on 127.0.0.1:$PORT with the settings, as a system user of its own when run as root (initdb
# refuses root); stopped when the script exits. Defines as_pg, PSQL, url and fresh_db.
bench_postgres() {
    local home=$1
    shift
    PGDATA=$home/data
    if [[ $(id -u) == 0 ]]; then
        PGUSER_OS=dbrunner-bench
        id "$PGUSER_OS" > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
        as_pg() { runuser -u "$PGUSER_OS" -- "$@"; }
        chmod o+rx "$WORK"
    else
        as_pg() { "$@"; }
    fi
    if [[ ! -f $PGDATA/PG_VERSION ]]; then
        mkdir -p "$home"
        if [[ $(id -u) == 0 ]]; then chown "$PGUSER_OS" "$home"; fi
        as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 > /dev/null
    fi
    stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop > /dev/null 2>&1 || true; }
    trap stop_pg EXIT
    stop_pg # a server left over from an interrupted run
    local settings="-p $PORT -k /tmp -c listen_addresses=127.0.0.1"
    local setting
    for setting in "$@"; do settings+=" -c $setting"; done
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -o "$settings" -l "$home/postgres.log" -w start > /dev/null
    PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres)
    url() { echo "postgresql://postgres@127.0.0.1:$PORT/$1"; }
    fresh_db() { "${PSQL[@]}" -d postgres -c "drop database if exists $1" -c "create database $1" > /dev/null; }
}

# bench_flyway VERSION DIR: the Flyway CLI, fetched through Maven so that no download URL is
# written here, unpacked under DIR once; sets FLYWAY to its command.
bench_flyway() {
    FLYWAY=$2/flyway-$1/flyway
    if [[ ! -x $FLYWAY ]]; then
        mvn -B -q dependency:copy -Dartifact="org.flywaydb:flyway-commandline:$1:tar.gz:linux-x64" \
            -DoutputDirectory="$2" -Dmdep.stripVersion=false
        tar -xzf "$2/flyway-commandline-$1-linux-x64.tar.gz" -C "$2"
    fi
    export REDGATE_DISABLE_TELEMETRY=true
}
