#!/usr/bin/env bash
# Benchmark: the start-up of the image's runner against the Flyway CLI, in the configuration
# production has: verified TLS (verify-full against a CA) and a SCRAM login, on a PostgreSQL 15
# with fsync on, as RDS runs it.
#
#   bench/startup.sh [pairs] [image]     (default 10 pairs, image localhost/db-runner:check, which
#                                         scripts/image-check.sh builds; run as root)
#
# The runner is the image's own: its jlinked runtime, runner.jar and start-up cache, copied out of
# the image to the same path on this machine, /opt/db-runner, because the cache is only used from
# the paths it was made for (the path must not exist yet; the copy is removed when the bench exits,
# or by the next run when a kill -9 left it). Measured:
#   jvm          the image's java -version with the cache (mapped, its classes loaded): the floor of any start
#   version      the image's launcher, bin/db-runner --version
#   ping         one session: verified TLS, SCRAM login, the pool, one query
#   noop         migrate of the packaged migrations on a database that has them all
# each paired with the Flyway CLI 11.8 (-skipCheckForUpdate) on the same database, the two runs of
# a pair back to back so that machine noise hits both alike. Prints medians and ratios.
set -euo pipefail

PAIRS=${1:-10}
IMAGE=${2:-localhost/db-runner:check}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/bench/work/startup
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${BENCH_PORT:-55441}
FLYWAY_VERSION=11.8.0
PASSWORD="bench-$(date +%s)-scram"
# Written into the copy: a run that was killed (SIGKILL leaves no trap to run) left this copy, and
# the next run may remove it; any other /opt/db-runner is not ours to touch.
MARKER=/opt/db-runner/.copied-by-bench-startup
[[ $(id -u) == 0 ]] || { echo "run as root: it copies the image's runtime to /opt/db-runner" >&2; exit 2; }
if [[ -e $MARKER ]]; then
    echo "removing /opt/db-runner, left by an earlier bench/startup.sh that was killed" >&2
    rm -rf /opt/db-runner
fi
[[ ! -e /opt/db-runner ]] || { echo "/opt/db-runner exists already; remove it first" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK"

# The copy must not outlive the bench: the suite's tests and the buildspec take an
# /opt/db-runner/bin/db-runner on this machine for the image's launcher. Set before the copy, so
# that a copy cut short goes too; INT and TERM end the script through it as well.
installed=false
container=""
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    if [[ -n ${PGDATA:-} ]]; then
        runuser -u dbrunner-bench -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop > /dev/null 2>&1 || true
    fi
    if [[ -n $container ]]; then podman rm "$container" > /dev/null 2>&1 || true; fi
    if [[ $installed == true ]]; then rm -rf /opt/db-runner; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- the image's runtime, jar and cache, at the paths they were made for ------------------------
container=$(podman create "$IMAGE")
installed=true
podman cp "$container:/opt/db-runner" /opt/db-runner
touch "$MARKER"
podman rm "$container" > /dev/null
container=""
# The launcher runs the image's java, which the image finds on its PATH.
image_java() { PATH=/opt/db-runner/java/bin:$PATH "$@"; }

# --- PostgreSQL 15: fsync on, TLS with a certificate from a CA of our own, SCRAM passwords --------
id dbrunner-bench > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin dbrunner-bench
PGDATA=$WORK/pg
mkdir -p "$PGDATA" && chown dbrunner-bench "$PGDATA" && chmod o+rx "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench-ca" -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$WORK/server.key" -out "$WORK/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$WORK/san.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
    -extfile "$WORK/san.ext" -out "$WORK/server.pem" 2> /dev/null
chown dbrunner-bench "$WORK/server.key" "$WORK/server.pem" && chmod 600 "$WORK/server.key"
chmod 644 "$WORK/ca.pem"
printf '%s\n' "$PASSWORD" > "$WORK/pwfile" && chown dbrunner-bench "$WORK/pwfile"
runuser -u dbrunner-bench -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$WORK/pwfile" -E UTF8 > /dev/null
rm "$WORK/pwfile"
printf 'local all all trust\nhostnossl all all all reject\nhostssl all all 127.0.0.1/32 scram-sha-256\n' > "$PGDATA/pg_hba.conf"
runuser -u dbrunner-bench -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/postgres.log" -w start -o "-p $PORT -k /tmp \
    -c listen_addresses=127.0.0.1 -c fsync=on -c ssl=on -c ssl_cert_file=$WORK/server.pem \
    -c ssl_key_file=$WORK/server.key -c password_encryption=scram-sha-256" > /dev/null
runuser -u dbrunner-bench -- psql -X -q -h /tmp -p "$PORT" -U postgres -c "create database bench" > /dev/null

# --- Flyway CLI, through Maven so no download URL is written here --------------------------------
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
bench_flyway "$FLYWAY_VERSION" "$ROOT/bench/work"

# --- the commands ------------------------------------------------------------------------------
ENCODED=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$PASSWORD")
export DATABASE_URL="postgresql://postgres:$ENCODED@localhost:$PORT/bench?sslmode=verify-full&sslrootcert=$WORK/ca.pem"
MIGRATIONS=$ROOT/db/migration
# Where the time goes: the JVM alone, then the runner's command line, then a session (TLS, SCRAM,
# the pool), then Flyway's no-op migrate on top.
# With the jar as the class path: the cache is used only with the class path it was made with, so
# a bare -version would measure a JVM that refused it.
runner_jvm() { /opt/db-runner/java/bin/java $(cat /opt/db-runner/startup.flags) -cp /opt/db-runner/runner.jar -version; }
runner_version() { image_java /opt/db-runner/bin/db-runner --version; }
runner_ping() { image_java /opt/db-runner/bin/db-runner ping; }
runner_noop() { image_java /opt/db-runner/bin/db-runner migrate --locations "filesystem:$MIGRATIONS"; }
flyway_version() { "$FLYWAY" -skipCheckForUpdate --version; }
flyway_noop() {
    "$FLYWAY" -skipCheckForUpdate -locations="filesystem:$MIGRATIONS" -user=postgres -password="$PASSWORD" \
        -url="jdbc:postgresql://localhost:$PORT/bench?sslmode=verify-full&sslrootcert=$WORK/ca.pem" migrate
}
runner_noop > "$WORK/first.log" 2>&1 || { cat "$WORK/first.log"; exit 1; }
flyway_noop > "$WORK/first-flyway.log" 2>&1 || { cat "$WORK/first-flyway.log"; exit 1; }
# The handshake the runner made, so that the table says what was measured.
runner_ping > "$WORK/ping.out" 2> /dev/null
grep -q "chain verified" "$WORK/ping.out" || { cat "$WORK/ping.out"; echo "TLS was not verified" >&2; exit 1; }

ms() { # command: wall milliseconds of one run, which must succeed
    local s e
    s=$(date +%s%N)
    "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
declare -A T
for _ in $(seq 1 "$PAIRS"); do
    for scenario in jvm version ping noop; do
        T[runner,$scenario]+="$(ms "runner_$scenario") "
        if declare -F "flyway_$scenario" > /dev/null; then T[flyway,$scenario]+="$(ms "flyway_$scenario") "; fi
    done
done

echo
echo "$(sed -n 1p "$WORK/ping.out")"
echo "PostgreSQL 15, fsync on, TLS verify-full, SCRAM; $PAIRS pairs; medians in ms; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| scenario | runner (image: jlinked JRE, AOT cache) | Flyway CLI $FLYWAY_VERSION | ratio |"
echo "|---|---|---|---|"
for scenario in jvm version ping noop; do
    r=$(tr ' ' '\n' <<< "${T[runner,$scenario]}" | grep . | median)
    if [[ -n ${T[flyway,$scenario]:-} ]]; then
        f=$(tr ' ' '\n' <<< "${T[flyway,$scenario]}" | grep . | median)
        printf '| %s | %d | %d | %.2fx |\n' "$scenario" "$r" "$f" "$(awk -v r="$r" -v f="$f" 'BEGIN {print r / f}')"
    else
        printf '| %s | %d | | |\n' "$scenario" "$r"
    fi
done
