#!/usr/bin/env bash
# Builds the image from the real Dockerfile with Podman and checks it the way CodeBuild uses it:
# the tasks against a local PostgreSQL, non-root, the CDS archive in use, and the build phase of
# buildspec.yml (read from the file itself) with `docker` played by Podman. Needs root and apt-get.
#
# Prints the image size and start-up times for the README. Run after `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/db-runner-image.XXXXXX)
secret="CI-pa55-$(date +%s)-Zq7/leak"
secret_encoded=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$secret")
image=localhost/db-runner:check
base=localhost/db-runner-base:bookworm-jre17
local_pid=""
cleanup() {
  local status=$?
  if [[ -n "$local_pid" ]]; then
    kill "$local_pid" 2> /dev/null || true
    wait "$local_pid" 2> /dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "image-check FAILED: $*" >&2; exit 1; }

step "tools"
missing=()
for tool in podman buildah debootstrap runc psql; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if (( ${#missing[@]} )); then
  packages=("${missing[@]/psql/postgresql-client}")
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
fi
# Two settings that let Podman run containers here as root (see the issue that asked for this).
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"

step "base image: Debian bookworm (minbase) with openjdk-17-jre-headless"
if ! podman image exists "$base"; then
  # The mirror is the machine's own: read from its apt sources, never written into the repo.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -z "$mirror" ]] && mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* \
    "$work"/rootfs/usr/share/doc "$work"/rootfs/usr/share/man "$work"/rootfs/usr/share/locale
  tar -C "$work/rootfs" -c . | podman import --quiet - "$base" > /dev/null
  rm -rf "$work/rootfs"
fi

step "image from the Dockerfile"
[[ -f target/runner.jar ]] || fail "target/runner.jar is missing: run mvn package first"
podman build --quiet --build-arg BASE_IMAGE="$base" -t "$image" . > "$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log"; fail "podman build"; }

step "a local PostgreSQL for the container (the runner's own --local --keep)"
java -jar target/runner.jar --local --keep ping > "$work/local.out" 2> "$work/local.err" &
local_pid=$!
for _ in $(seq 1 120); do grep -q "kept running" "$work/local.out" 2>/dev/null && break; sleep 0.5; done
port=$(sed -n 's/.*@localhost:\([0-9]*\)\/.*/\1/p' "$work/local.out" | head -1)
[[ -n "$port" ]] || { cat "$work/local.err"; fail "the local PostgreSQL did not start"; }
# The server trusts local logins, so any password works; a distinctive one shows whether it leaks.
export DATABASE_URL="postgresql://postgres:${secret_encoded}@localhost:${port}/postgres"
sql() { psql -X -q -t -A -h localhost -p "$port" -U postgres -d postgres -c "$1"; }

run_image() { podman run --rm --network host -e DATABASE_URL "$image" "$@"; }
expect_no_secret() {
  if grep -F -q -e "$secret" -e "$secret_encoded" "$1"; then fail "the secret appears in $2"; fi
}

step "tasks in the container"
run_image migrate > "$work/migrate.out" 2>&1 || { cat "$work/migrate.out"; fail "migrate"; }
run_image seed > "$work/seed.out" 2>&1 || { cat "$work/seed.out"; fail "seed"; }
org=$(sql "select id from organizations order by id limit 1")
sql "insert into individuals (full_name) values ('Image Check Person')"
podman run --rm --network host -e DATABASE_URL -e ORGANIZATION_ID="$org" "$image" backfill-member-role \
  > "$work/backfill.out" 2>&1 || { cat "$work/backfill.out"; fail "backfill-member-role"; }
[[ $(sql "select count(*) from role_occupancy o join individuals i on i.id = o.individual_id where i.full_name = 'Image Check Person'") == 1 ]] \
  || fail "backfill-member-role did not give the individual the Member role"
run_image doctor > "$work/doctor.out" 2>&1 || { cat "$work/doctor.out"; fail "doctor"; }
grep -q "schema-up-to-date" "$work/doctor.out" || fail "doctor did not check the schema"
for f in migrate seed backfill doctor; do expect_no_secret "$work/$f.out" "the $f output"; done

step "non-root, and the CDS archive in use"
uid=$(podman run --rm --entrypoint id "$image" -u)
[[ "$uid" != 0 ]] || fail "the image runs as root"
shared=$(podman run --rm --entrypoint sh "$image" -c \
  'exec java $JAVA_FLAGS -XX:SharedArchiveFile=/opt/db-runner/runner.jsa -Xlog:class+load -jar /opt/db-runner/runner.jar --version' \
  | grep -E -c '(org\.daadaar|picocli)\..* source: shared objects file' || true)
(( shared > 50 )) || fail "the application CDS archive is not used ($shared of our and picocli's classes from it)"
echo "uid $uid; $shared of our and picocli's classes mapped from the application CDS archive"

step "buildspec.yml build phase, with docker played by Podman"
python3 - buildspec.yml > "$work/build-phase.sh" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
# The build phase's single "- |" block: from its first line to the end of its indentation.
start = next(i for i, l in enumerate(lines) if l.strip() == "build:")
block = next(i for i in range(start, len(lines)) if lines[i].strip() == "- |")
indent = len(lines[block + 1]) - len(lines[block + 1].lstrip())
for l in lines[block + 1:]:
    if l.strip() and len(l) - len(l.lstrip()) < indent:
        break
    print(l[indent:])
PY
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec podman "$@"\n' > "$work/bin/docker"
chmod +x "$work/bin/docker"
buildspec() {  # runs the build phase as CodeBuild would, tracing every command like its log
  env PATH="$work/bin:$PATH" IMAGE_URI="$image" "$@" bash -x "$work/build-phase.sh"
}
buildspec TASK=migrate > "$work/bs-migrate.out" 2>&1 || { cat "$work/bs-migrate.out"; fail "buildspec TASK=migrate"; }
buildspec RUN_MIGRATIONS=true RUN_SEED=true > "$work/bs-switches.out" 2>&1 || { cat "$work/bs-switches.out"; fail "buildspec RUN_MIGRATIONS RUN_SEED"; }
grep -q "running: migrate seed" "$work/bs-switches.out" || fail "RUN_MIGRATIONS + RUN_SEED did not run migrate then seed"
sql "insert into individuals (full_name) values ('Buildspec Person')"
person=$(sql "select id from individuals where full_name = 'Buildspec Person'")
buildspec TASK=backfill-member-role ORGANIZATION_ID="$org" INDIVIDUAL_ID="$person" > "$work/bs-backfill.out" 2>&1 \
  || { cat "$work/bs-backfill.out"; fail "buildspec backfill"; }
[[ $(sql "select count(*) from role_occupancy where individual_id = $person and end_date is null") == 1 ]] \
  || fail "the buildspec backfill did not give individual $person the Member role"
if buildspec > "$work/bs-none.out" 2>&1; then fail "the buildspec ran with neither TASK nor the switches"; fi
grep -q "set TASK" "$work/bs-none.out" || fail "the buildspec did not say what to set"
for f in bs-migrate bs-switches bs-backfill bs-none; do expect_no_secret "$work/$f.out" "the traced commands and output of $f"; done

step "measurements"
size=$(podman image inspect "$image" --format '{{.Size}}')
time_run() {  # median wall time of 5 runs, in ms
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 3p
}
nocds() { podman run --rm --network host -e DATABASE_URL --entrypoint sh "$image" -c 'exec java $JAVA_FLAGS -Xshare:auto -jar /opt/db-runner/runner.jar "$@"' runner "$@"; }
printf '| measure | with the application CDS archive | without it |\n|---|---|---|\n'
printf '| image size | %d MB | |\n' $(( size / 1000000 ))
printf '| `docker run IMAGE --version` | %s ms | %s ms |\n' "$(time_run run_image --version)" "$(time_run nocds --version)"
printf '| `docker run IMAGE migrate` (no-op) | %s ms | %s ms |\n' "$(time_run run_image migrate)" "$(time_run nocds migrate)"
echo "image-check passed"
