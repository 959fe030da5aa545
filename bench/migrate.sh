#!/usr/bin/env bash
# Benchmark: the runner's migrate/info against the Flyway CLI and the psql floor (issue 3).
#
#   bench/migrate.sh [repetitions]      (default 5; run from anywhere, after mvn package)
#
# Starts a throwaway PostgreSQL from the Debian binaries (/usr/lib/postgresql/15, as a non-root
# user it creates when run as root), fetches the Flyway CLI with Maven, writes 200 small
# migrations, and measures, interleaved so that machine noise hits every tool alike:
#   noop    migrate on a database that already has the 200 migrations
#   info    info on that database
#   fresh   migrate of the 200 migrations into an empty database
# for: runner (plain java -jar), runner-image (the Dockerfile's JVM_OPTIONS, C1 only and SerialGC,
# and an AppCDS archive made the Dockerfile's way), the Flyway CLI (-skipCheckForUpdate), and psql (-1 -f of the same SQL for
# fresh; one query on the history table for noop/info). Prints medians and ratios to Flyway.
set -euo pipefail

REPS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/bench/work
JAR=$ROOT/target/runner.jar
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${BENCH_PORT:-55439}
FLYWAY_VERSION=11.8.0
MIGRATIONS=200

[[ -f $JAR ]] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
mkdir -p "$WORK"

# --- PostgreSQL -------------------------------------------------------------------------------
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
bench_postgres "$WORK/pg" fsync=off
jdbc() { echo "jdbc:postgresql://127.0.0.1:$PORT/$1"; }

# --- Flyway CLI, through Maven so no download URL is written here -----------------------------
bench_flyway "$FLYWAY_VERSION" "$WORK"

# --- 200 small migrations, and the same SQL as one file for psql -----------------------------
SQL=$WORK/migrations
if [[ ! -f $SQL/V$MIGRATIONS.0__table_$MIGRATIONS.sql ]]; then
    rm -rf "$SQL" && mkdir -p "$SQL"
    for i in $(seq 1 $MIGRATIONS); do
        printf 'create table t%d (id bigint generated always as identity primary key, name text not null,\n    created_at timestamptz not null default now());\ncreate index t%d_name_idx on t%d (name);\n' \
            "$i" "$i" "$i" > "$SQL/V$i.0__table_$i.sql"
    done
fi
cat $(ls "$SQL"/V*.sql | sort -V) > "$WORK/all.sql"

# --- the commands -----------------------------------------------------------------------------
CDS=$WORK/runner.jsa
# The image's JVM flags, read from the Dockerfile so that the two cannot drift apart.
read -r -a JAVA_FLAGS < <(sed -n 's/^ARG JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/Dockerfile")
[[ ${#JAVA_FLAGS[@]} -gt 0 ]] || { echo "no ARG JVM_OPTIONS line in the Dockerfile" >&2; exit 2; }
IMAGE_FLAGS=("${JAVA_FLAGS[@]}" -XX:SharedArchiveFile=$CDS -Xshare:auto)
runner() { java -jar "$JAR" --database-url "$(url "$1")" "${@:2}" --locations "filesystem:$SQL"; }
runner_image() { java "${IMAGE_FLAGS[@]}" -jar "$JAR" --database-url "$(url "$1")" "${@:2}" --locations "filesystem:$SQL"; }
# The image on its default base, a JRE 25: the same flags and an AOT cache instead of the archive.
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2> /dev/null | head -1 || true)}
AOT=$WORK/runner.aot
IMAGE25_FLAGS=("${JAVA_FLAGS[@]}" -XX:AOTCache=$AOT)
runner_image25() { "$JAVA25" "${IMAGE25_FLAGS[@]}" -jar "$JAR" --database-url "$(url "$1")" "${@:2}" --locations "filesystem:$SQL"; }
flyway() { "$FLYWAY" -skipCheckForUpdate -url="$(jdbc "$1")" -user=postgres -locations="filesystem:$SQL" "$2"; }
psql_floor() {
    if [[ $2 == fresh ]]; then "${PSQL[@]}" -d "$1" -1 -f "$WORK/all.sql"
    else "${PSQL[@]}" -d "$1" -c "select count(*) from flyway_schema_history" ; fi
}

# The AppCDS archive, made as the Dockerfile makes it (same flags for the training run and the
# dump): the classes that one training run (migrate, then info) loads, dumped as a static archive. Not -XX:ArchiveClassesAtExit: JDK 17's dynamic archive skips classes compiled
# for Java 5, which all of picocli is, so the command line would still be loaded and verified
# from the jar on every start (about 20 ms here).
if [[ ! -f $CDS || $CDS -ot $JAR ]]; then
    fresh_db bench_train
    java "${JAVA_FLAGS[@]}" -XX:DumpLoadedClassList="$WORK/classes.lst" -jar "$JAR" \
        --database-url "$(url bench_train)" migrate info --locations "filesystem:$SQL" >/dev/null 2>&1
    java "${JAVA_FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile="$WORK/classes.lst" -XX:SharedArchiveFile="$CDS" \
        -cp "$JAR" >"$WORK/cds-dump.log" 2>&1
fi

# The AOT cache, made as the Dockerfile makes it on a JRE 25: one training run, -XX:AOTCacheOutput.
if [[ -n $JAVA25 && ( ! -f $AOT || $AOT -ot $JAR ) ]]; then
    fresh_db bench_train
    "$JAVA25" "${JAVA_FLAGS[@]}" -XX:AOTCacheOutput="$AOT" -jar "$JAR" \
        --database-url "$(url bench_train)" migrate info --locations "filesystem:$SQL" >/dev/null 2>&1
fi

fresh_db bench_noop
runner bench_noop migrate >/dev/null 2>&1

declare -A TIMES CPU
measure() { # tool scenario
    local tool=$1 scenario=$2 db=bench_noop cmd=migrate
    [[ $scenario == info ]] && cmd=info
    if [[ $scenario == fresh ]]; then db=bench_fresh; fresh_db $db; fi
    # Wall time and the client's CPU time (user + sys): on a shared machine the second is steadier.
    /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" bash -c "$(declare -f runner runner_image flyway psql_floor url jdbc);
        $(declare -f runner_image25); $(declare -p JAR SQL FLYWAY PSQL IMAGE_FLAGS IMAGE25_FLAGS JAVA25 PORT WORK);
        case $tool in
            runner) runner $db $cmd ;;
            runner-image) runner_image $db $cmd ;;
            runner-image-jre25) runner_image25 $db $cmd ;;
            flyway-cli) flyway $db $cmd ;;
            psql) psql_floor $db $scenario ;;
        esac" >"$WORK/last.log" 2>&1 || { echo "$tool $scenario failed:" >&2; cat "$WORK/last.log" >&2; exit 1; }
    read -r wall user sys < <(tail -1 "$WORK/time.txt")
    TIMES[$tool,$scenario]+="$(awk -v w="$wall" 'BEGIN {printf "%d", w * 1000}') "
    CPU[$tool,$scenario]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}') "
}

TOOLS=(runner runner-image flyway-cli psql)
[[ -n $JAVA25 ]] && TOOLS=(runner runner-image runner-image-jre25 flyway-cli psql)
SCENARIOS=(noop info fresh)
# One warm-up round (page cache, JIT of nothing: each run is a new JVM), then the measured ones.
for scenario in "${SCENARIOS[@]}"; do for tool in "${TOOLS[@]}"; do measure "$tool" "$scenario"; done; done
TIMES=() CPU=()
for rep in $(seq 1 "$REPS"); do
    for scenario in "${SCENARIOS[@]}"; do for tool in "${TOOLS[@]}"; do measure "$tool" "$scenario"; done; done
    echo "round $rep/$REPS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
table() { # title array-name
    local -n data=$2
    local tool s row ratio
    declare -A med
    for tool in "${TOOLS[@]}"; do for s in "${SCENARIOS[@]}"; do med[$tool,$s]=$(echo "${data[$tool,$s]}" | median); done; done
    echo
    echo "$1"
    echo
    printf '| %-18s | %-15s | %-15s | %-15s |\n' tool "no-op migrate" info "200 fresh"
    echo "|--------------------|-----------------|-----------------|-----------------|"
    for tool in "${TOOLS[@]}"; do
        row="| $(printf '%-18s' "$tool") |"
        for s in "${SCENARIOS[@]}"; do
            ratio=$(awk -v a="${med[$tool,$s]}" -v b="${med[flyway-cli,$s]}" 'BEGIN {printf "%.2fx", (b > 0 ? a / b : 0)}')
            row+=" $(printf '%-15s' "${med[$tool,$s]} ($ratio)") |"
        done
        echo "$row"
    done
}
table "Wall time, median of $REPS runs, ms (ratio to the Flyway CLI $FLYWAY_VERSION); $(nproc) cores" TIMES
table "Client CPU time (user + sys), median of $REPS runs, ms (ratio to the Flyway CLI); psql's excludes the server" CPU
echo
echo "targets: no-op migrate <= 0.35x, 200 fresh <= 0.65x the Flyway CLI (wall time)"
