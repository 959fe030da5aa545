#!/usr/bin/env bash
# Benchmark of issue 4 (not a test): cleanup-test-users against the floor, and backfill-member-role,
# on demo data. Prints a Markdown table for README.md ("Benchmarks").
#
#   bench/cleanup.sh [SCALE]        SCALE demo users, default 1000000 (a tenth of them test users,
#                                   a tenth of those with reports, votes and media)
#
# The floor is the least work the database can do for the same result: one
#   DELETE FROM users WHERE email ILIKE ANY (the reserved patterns)
# in a single transaction, with the same ON DELETE cascades. The runner deletes in batches of 500,
# one transaction each, and reports counts per table; the targets are within 1.5x of the floor, no
# batch longer than 1 s (the longest any row lock is held), and a peak RSS under 256 MB.
#
# Database: BENCH_DATABASE_URL (a libpq URI whose user may create databases), else a throwaway
# PostgreSQL started with the runner's own --local --keep and stopped at the end.
# Needs: java 17, psql, /usr/bin/time; builds target/runner.jar when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${1:-1000000}
JAR=target/runner.jar
WORK=$(mktemp -d)
PATTERNS="array['%@example.com','%@example.net','%@example.org','%.test','%.example','%.invalid','%.localhost']"
LOCAL_PID=

cleanup() {
    if [[ -n "$ADMIN_URL" ]]; then
        for db in bench_template bench_runner bench_floor; do
            psql -q "$ADMIN_URL" -c "drop database if exists $db" >/dev/null 2>&1 || true
        done
    fi
    if [[ -n "$LOCAL_PID" ]]; then
        kill "$LOCAL_PID" 2>/dev/null || true
        wait "$LOCAL_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
ADMIN_URL=
trap cleanup EXIT

[[ -f "$JAR" ]] || mvn -B -q package -DskipTests

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

if [[ -n "${BENCH_DATABASE_URL:-}" ]]; then
    ADMIN_URL=$BENCH_DATABASE_URL
else
    java -jar "$JAR" --local --keep ping >"$WORK/local.out" 2>"$WORK/local.err" &
    LOCAL_PID=$!
    for _ in $(seq 1 120); do
        grep -q "kept running at" "$WORK/local.out" 2>/dev/null && break
        sleep 1
    done
    port=$(sed -n 's/.*jdbc:postgresql:\/\/localhost:\([0-9]*\)\/.*/\1/p' "$WORK/local.out" | head -1)
    [[ -n "$port" ]] || { echo "the local PostgreSQL did not start:" >&2; cat "$WORK/local.err" >&2; exit 1; }
    ADMIN_URL="postgresql://postgres@localhost:$port/postgres"
fi
# A libpq URI whose database part is replaced: scheme://authority/DB?params
db_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$ADMIN_URL" "$1"; }
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$1" -c "$2"; }

echo "== demo data at scale $SCALE" >&2
sql "$ADMIN_URL" "drop database if exists bench_template" >/dev/null
sql "$ADMIN_URL" "create database bench_template"
# The application's tables only: the runner sets up its own schema (db_runner) on its first run.
psql -X -q -v ON_ERROR_STOP=1 "$(db_url bench_template)" -f db/migration/V1__initial_schema.sql >/dev/null
t0=$(now)
java -jar "$JAR" --database-url "$(db_url bench_template)" --statement-timeout 0 seed --demo --scale "$SCALE" >&2
demo_s=$(seconds "$t0" "$(now)")
sql "$(db_url bench_template)" "vacuum analyze" >/dev/null
test_users=$(sql "$(db_url bench_template)" "select count(*) from users where email ilike any ($PATTERNS)")
with_reports=$(sql "$(db_url bench_template)" "select count(distinct submitted_by_user_id) from reports r join users u on u.id = r.submitted_by_user_id where u.email ilike any ($PATTERNS)")
for db in bench_runner bench_floor; do
    sql "$ADMIN_URL" "create database $db template bench_template"
done

echo "== floor: one DELETE in one transaction" >&2
t0=$(now)
sql "$(db_url bench_floor)" "begin; delete from users where email ilike any ($PATTERNS); commit;" >/dev/null
floor_s=$(seconds "$t0" "$(now)")

echo "== runner: cleanup-test-users --max-users 200000" >&2
t0=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss" java -jar "$JAR" --database-url "$(db_url bench_runner)" --output json \
    cleanup-test-users --max-users 200000 >"$WORK/cleanup.json" 2>"$WORK/cleanup.log"
runner_s=$(seconds "$t0" "$(now)")
rss_mb=$(( $(tail -1 "$WORK/rss") / 1024 ))
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$WORK/cleanup.json"; }
deleted=$(sed -n 's/.*"deleted":{"users":\([0-9]*\).*/\1/p' "$WORK/cleanup.json")
task_ms=$(sed -n 's/.*cleanup-test-users: succeeded in \([0-9]*\) ms.*/\1/p' "$WORK/cleanup.log")
longest_ms=$(field longest_batch_ms)
batches=$(field batches)
left_runner=$(sql "$(db_url bench_runner)" "select count(*) from users")
left_floor=$(sql "$(db_url bench_floor)" "select count(*) from users")
[[ "$left_runner" == "$left_floor" ]] || { echo "runner left $left_runner users, floor $left_floor" >&2; exit 1; }

echo "== backfill-member-role on $SCALE individuals" >&2
# The candidate query of BackfillMemberRoleTask.LATEST_WITHOUT_OCCUPANCY, explained on the same data.
plan=$(sql "$(db_url bench_runner)" "explain (analyze, costs off, timing off, summary off)
    select i.id, i.full_name, i.full_name_en from individuals i
    where not exists (select 1 from role_occupancy o where o.individual_id = i.id)
    order by i.created_at desc, i.id desc limit 1")
echo "$plan" >&2
if grep -Eq "Seq Scan on (individuals|role_occupancy)" <<<"$plan"; then plan_ok="no: sequential scan"; else plan_ok="yes"; fi
org_without_member=$(sql "$(db_url bench_runner)" "select min(o.id) from organizations o where not exists
    (select 1 from roles r where r.organization_id = o.id and lower(r.title_en) = 'member')")
t0=$(now)
java -jar "$JAR" --database-url "$(db_url bench_runner)" backfill-member-role --organization-id "$org_without_member" \
    >"$WORK/backfill.out" 2>"$WORK/backfill.log"
backfill_s=$(seconds "$t0" "$(now)")
backfill_ms=$(sed -n 's/.*backfill-member-role: succeeded in \([0-9]*\) ms.*/\1/p' "$WORK/backfill.log")
cat "$WORK/backfill.out" >&2

ratio=$(awk -v r="$runner_s" -v f="$floor_s" 'BEGIN { printf "%.2f", r / f }')
task_ratio=$(awk -v r="$task_ms" -v f="$floor_s" 'BEGIN { printf "%.2f", r / 1000 / f }')
rate_runner=$(awk -v n="$deleted" -v s="$runner_s" 'BEGIN { printf "%d", n / s }')
rate_floor=$(awk -v n="$deleted" -v s="$floor_s" 'BEGIN { printf "%d", n / s }')
cat <<TABLE

Scale: $SCALE users and individuals, $test_users test users ($with_reports with reports, votes and media);
demo data generated in $demo_s s. $(nproc) cores, PostgreSQL $(sql "$ADMIN_URL" "show server_version").

| measure | floor (one DELETE) | runner (cleanup-test-users) | target |
|---|---|---|---|
| users deleted | $deleted | $deleted in $batches batches | |
| wall time | $floor_s s | $runner_s s (task $(awk -v m="$task_ms" 'BEGIN { printf "%.2f", m / 1000 }') s, rest is JVM start and connect) | |
| ratio to the floor | 1 | $ratio (task alone: $task_ratio) | <= 1.5 |
| users per second | $rate_floor | $rate_runner | |
| longest transaction (row locks held) | $floor_s s | $longest_ms ms | <= 1 s |
| peak RSS of the runner | | $rss_mb MB | < 256 MB |

| backfill-member-role | result |
|---|---|
| wall time (task) | $backfill_s s ($backfill_ms ms) |
| candidate query uses indexes only (no Seq Scan on individuals or role_occupancy) | $plan_ok |
TABLE
