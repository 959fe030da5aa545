#!/usr/bin/env bash
# Benchmark: a fresh database migrated from a drizzle-kit folder (issue 11), the runner against
# drizzle's own migrator and the Flyway CLI.
#
#   bench/drizzle.sh [repetitions]      (default 5; run from anywhere, after mvn package)
#
# Starts a throwaway PostgreSQL 15 from the Debian binaries with fsync ON (as RDS has it), writes
# about 200 drizzle-kit migrations (enums in DO blocks, tables, foreign keys in DO blocks,
# indexes, some data, breakpoints; a journal), installs drizzle-orm and pg with npm into
# bench/work (gitignored), fetches the Flyway CLI with Maven as bench/migrate.sh does, and
# measures, paired (every tool once per round, each on an empty database, in a rotating order):
#   drizzle        node: migrate() of drizzle-orm/node-postgres, what `bun drizzle/migrate.ts` does
#   runner         java -jar runner.jar migrate --locations drizzle:DIR
#   runner-image   the image's jar (target/runner-image.jar, its classes prepared as the image's
#                  build prepares them) with the Dockerfile's JVM_OPTIONS and its start-up cache
#                  (JRE 25 AOT cache when a JRE 25 is there, as the image's default base; else
#                  JRE 17 AppCDS), trained on this folder
#   flyway-cli     Flyway CLI migrate of drizzle-import's files
# Prints medians and ratios to drizzle's migrator, then a JFR profile of one runner run.
set -euo pipefail

REPS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/bench/work
JAR=$ROOT/target/runner.jar
IMAGE_JAR=$ROOT/target/runner-image.jar # what the image ships as /opt/db-runner/runner.jar
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${BENCH_PORT:-55440}
FLYWAY_VERSION=11.8.0
MIGRATIONS=${MIGRATIONS:-200}

[[ -f $JAR && -f $IMAGE_JAR ]] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
mkdir -p "$WORK"

# --- PostgreSQL, fsync on ---------------------------------------------------------------------
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
bench_postgres "$WORK/pg-fsync" fsync=on synchronous_commit=on

# --- drizzle's migrator, from the npm registry, into bench/work -------------------------------
NODE_DIR=$WORK/drizzle-node
if [[ ! -d $NODE_DIR/node_modules/drizzle-orm ]]; then
    mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund drizzle-orm pg >/dev/null)
fi
cat > "$NODE_DIR/migrate.mjs" <<'JS'
// What a drizzle project's migrate script does: drizzle-orm's node-postgres migrator on one client.
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
const client = new pg.Client({ connectionString: process.argv[2] });
await client.connect();
await migrate(drizzle(client), { migrationsFolder: process.argv[3] });
await client.end();
JS

# --- Flyway CLI, through Maven so no download URL is written here -----------------------------
bench_flyway "$FLYWAY_VERSION" "$WORK"

# --- about 200 drizzle-kit migrations -----------------------------------------------------------
DRIZZLE=$WORK/drizzle-$MIGRATIONS
if [[ ! -f $DRIZZLE/meta/_journal.json ]]; then
    rm -rf "$DRIZZLE" && mkdir -p "$DRIZZLE/meta"
    entries=""
    for i in $(seq 0 $((MIGRATIONS - 1))); do
        tag=$(printf '%04d_migration_%d' "$i" "$i")
        f=$DRIZZLE/$tag.sql
        : > "$f"
        if (( i % 5 == 0 )); then
            printf 'DO $$ BEGIN\n CREATE TYPE "public"."state_%d" AS ENUM('"'"'draft'"'"', '"'"'active'"'"', '"'"'archived'"'"');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n--> statement-breakpoint\n' "$i" >> "$f"
        fi
        printf 'CREATE TABLE IF NOT EXISTS "t%d" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" varchar(256) NOT NULL,\n\t"parent_id" integer,\n\t"note" text,\n\t"created_at" timestamp DEFAULT now() NOT NULL\n);\n' "$i" >> "$f"
        if (( i > 0 )); then
            printf -- '--> statement-breakpoint\nDO $$ BEGIN\n ALTER TABLE "t%d" ADD CONSTRAINT "t%d_parent_id_t%d_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."t%d"("id") ON DELETE cascade ON UPDATE no action;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n' "$i" "$i" "$((i - 1))" "$((i - 1))" >> "$f"
        fi
        printf -- '--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS "t%d_name_idx" ON "t%d" USING btree ("name");' "$i" "$i" >> "$f"
        if (( i % 10 == 3 )); then
            printf -- '--> statement-breakpoint\nINSERT INTO "t%d" ("name", "note") SELECT '"'"'row '"'"' || g, repeat('"'"'x'"'"', 40) FROM generate_series(1, 100) g;' "$i" >> "$f"
        fi
        printf '\n' >> "$f"
        [[ -n $entries ]] && entries+=","
        entries+=$(printf '\n    {\n      "idx": %d,\n      "version": "7",\n      "when": %d,\n      "tag": "%s",\n      "breakpoints": true\n    }' "$i" "$((1717000000000 + i * 60000))" "$tag")
    done
    printf '{\n  "version": "7",\n  "dialect": "postgresql",\n  "entries": [%s\n  ]\n}\n' "$entries" > "$DRIZZLE/meta/_journal.json"
fi
IMPORTED=$WORK/drizzle-$MIGRATIONS-flyway
java -jar "$JAR" drizzle-import "$DRIZZLE" --to "$IMPORTED" >/dev/null

# --- the commands -------------------------------------------------------------------------------
read -r -a JAVA_FLAGS < <(sed -n 's/^ARG JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/Dockerfile")
[[ ${#JAVA_FLAGS[@]} -gt 0 ]] || { echo "no ARG JVM_OPTIONS line in the Dockerfile" >&2; exit 2; }
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1 || true)}
if [[ -n $JAVA25 ]]; then
    IMAGE_JAVA=$JAVA25
    CACHE=$WORK/drizzle-runner.aot
    IMAGE_FLAGS=("${JAVA_FLAGS[@]}" -XX:AOTCache=$CACHE)
    if [[ ! -f $CACHE || $CACHE -ot $IMAGE_JAR ]]; then
        # The jar as the image's build stage makes it (docker/train.sh): picocli's old class files
        # given stack maps, without which the AOT cache leaves them out and every start verifies
        # them; then a cache made as the image's is, without the method profiles only C2 reads.
        cp "$IMAGE_JAR" "$WORK/drizzle-runner.jar"
        "$JAVA25" "$ROOT/docker/ImageClasses.java" "$WORK/drizzle-runner.jar" >/dev/null
        fresh_db bench_train
        "$JAVA25" "${JAVA_FLAGS[@]}" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:AOTCacheOutput="$CACHE" \
            -Ddb-runner.crypto-warmup=false \
            -jar "$WORK/drizzle-runner.jar" --database-url "$(url bench_train)" \
            migrate info --locations "drizzle:$DRIZZLE" >/dev/null 2>&1
    fi
    IMAGE_JAR=$WORK/drizzle-runner.jar
else
    IMAGE_JAVA=java
    CACHE=$WORK/drizzle-runner.jsa
    IMAGE_FLAGS=("${JAVA_FLAGS[@]}" -XX:SharedArchiveFile=$CACHE -Xshare:auto)
    if [[ ! -f $CACHE || $CACHE -ot $IMAGE_JAR ]]; then
        fresh_db bench_train
        java "${JAVA_FLAGS[@]}" -XX:DumpLoadedClassList="$WORK/drizzle-classes.lst" -jar "$IMAGE_JAR" \
            --database-url "$(url bench_train)" migrate info --locations "drizzle:$DRIZZLE" >/dev/null 2>&1
        java "${JAVA_FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile="$WORK/drizzle-classes.lst" \
            -XX:SharedArchiveFile="$CACHE" -cp "$IMAGE_JAR" >/dev/null 2>&1
    fi
fi

run_tool() { # tool database
    case $1 in
        drizzle) node "$NODE_DIR/migrate.mjs" "$(url "$2")" "$DRIZZLE" ;;
        runner) java -jar "$JAR" --database-url "$(url "$2")" migrate --locations "drizzle:$DRIZZLE" ;;
        runner-image) "$IMAGE_JAVA" "${IMAGE_FLAGS[@]}" -jar "$IMAGE_JAR" --database-url "$(url "$2")" migrate \
            --locations "drizzle:$DRIZZLE" ;;
        flyway-cli) "$FLYWAY" -skipCheckForUpdate -url="jdbc:postgresql://127.0.0.1:$PORT/$2" -user=postgres \
            -locations="filesystem:$IMPORTED" migrate ;;
    esac
}

declare -A TIMES
measure() { # tool
    local db=bench_${1//-/_}
    fresh_db "$db"
    local start end
    start=$(date +%s%N)
    run_tool "$1" "$db" >"$WORK/last-$1.log" 2>&1 || { echo "$1 failed:" >&2; cat "$WORK/last-$1.log" >&2; exit 1; }
    end=$(date +%s%N)
    TIMES[$1]+="$(( (end - start) / 1000000 )) "
    if [[ $1 == runner-image ]]; then
        grep -h "^migrate: schema version\|^migrate: total" "$WORK/last-$1.log" >> "$WORK/runner-split.txt" || true
        phases "$start" "$end" "$WORK/last-$1.log" >> "$WORK/runner-phases.txt"
    fi
}

# phases START_NS END_NS LOG: milliseconds of each phase of one run, from its log's timestamps
# (HH:MM:SS.mmm, UTC): JVM and command line; pool and db_runner schema; migrate's checks and
# Flyway's set-up up to its history table; the migrations' transaction, report and audit row; exit.
phases() {
    local s_ms=$(( $1 / 1000000 )) e_ms=$(( $2 / 1000000 ))
    awk -v s="$s_ms" -v e="$e_ms" '
        function ms(t, a) { split(t, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
        BEGIN { day = int(s / 86400000) * 86400000 }
        /INFO  Connecting to/ { c = ms($1) + day }
        /INFO  migrate: starting/ { m = ms($1) + day }
        /Creating Schema History table "public"/ { h = ms($1) + day }
        /INFO  migrate: succeeded/ { d = ms($1) + day }
        END { if (c && m && h && d) print c - s, m - c, h - m, d - h, e - d }' "$3"
}

TOOLS=(drizzle runner runner-image flyway-cli)
for tool in "${TOOLS[@]}"; do measure "$tool"; done # warm-up round: page cache, npm's module cache
TIMES=()
: > "$WORK/runner-split.txt"
: > "$WORK/runner-phases.txt"
for rep in $(seq 1 "$REPS"); do
    # Rotated so that no tool always runs right after another's checkpoint-heavy run.
    for k in $(seq 0 $((${#TOOLS[@]} - 1))); do measure "${TOOLS[$(( (k + rep) % ${#TOOLS[@]} ))]}"; done
    echo "round $rep/$REPS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
declare -A MED
for tool in "${TOOLS[@]}"; do MED[$tool]=$(echo "${TIMES[$tool]}" | median); done
echo
echo "Fresh database, $MIGRATIONS drizzle migrations, fsync on; wall time, median of $REPS paired runs, ms (ratio to drizzle's migrator); $(nproc) cores"
echo
printf '| %-14s | %-16s | %-40s |\n' tool "median (ratio)" "all runs"
echo "|----------------|------------------|------------------------------------------|"
for tool in "${TOOLS[@]}"; do
    ratio=$(awk -v a="${MED[$tool]}" -v b="${MED[drizzle]}" 'BEGIN {printf "%.2fx", (b > 0 ? a / b : 0)}')
    printf '| %-14s | %-16s | %-40s |\n' "$tool" "${MED[$tool]} ($ratio)" "${TIMES[$tool]}"
done
echo
echo "runner-image's own report (sum of the migrations' execution times, then the whole task):"
sort "$WORK/runner-split.txt" | uniq -c | sed -n 1,4p >/dev/null
grep -o "in [0-9]* ms" "$WORK/runner-split.txt" | awk '{print $2}' | median | sed 's/^/  migrations executing, median ms: /'
grep -o "total [0-9]* ms" "$WORK/runner-split.txt" | awk '{print $2}' | median | sed 's/^/  migrate task total, median ms: /'

for k in 1 2 3 4 5; do
    label=("JVM and command line, to connecting" "pool and the db_runner schema" \
        "migrate's checks and Flyway's set-up" "the migrations' transaction, report, audit row" "exit")
    awk -v k=$k '{print $k}' "$WORK/runner-phases.txt" | median | sed "s/^/  ${label[$((k - 1))]}, median ms: /"
done

# --- where the time goes: one profiled run (JFR, in the JDK) -----------------------------------
# Without the start-up cache: a JVM with JFR does not map an AOT cache made without it.
fresh_db bench_jfr
JFR_FILE=$WORK/drizzle-runner.jfr
"$IMAGE_JAVA" "${JAVA_FLAGS[@]}" -XX:StartFlightRecording:filename="$JFR_FILE",settings=profile,dumponexit=true \
    -jar "$IMAGE_JAR" --database-url "$(url bench_jfr)" migrate --locations "drizzle:$DRIZZLE" >/dev/null 2>&1
JFR_TOOL=$(dirname "$(readlink -f "$(command -v "$IMAGE_JAVA")")")/jfr
echo
echo "JFR, $JFR_FILE: hot methods (execution samples of Java code; time waiting on the server is not sampled)"
if "$JFR_TOOL" view --help >/dev/null 2>&1; then
    "$JFR_TOOL" view --width 160 hot-methods "$JFR_FILE" | sed -n 1,30p
else
    "$JFR_TOOL" print --events jdk.ExecutionSample "$JFR_FILE" | grep -A1 "stackTrace = \[" | grep -v "stackTrace\|--" \
        | sed 's/line:.*//' | sort | uniq -c | sort -rn | sed -n 1,25p
fi
