#!/usr/bin/env bash
# Builds the image from the real Dockerfile with Podman, on local substitutes of its bases, and
# checks it the way CodeBuild uses it: what the Dockerfile adds (at most 80 MB), the tasks against
# a local PostgreSQL, --local refused as a laptop feature, non-root, the start-up cache in use, and
# buildspec.yml's phases (read from the file itself) both ways: with `docker` played by Podman, and
# directly in the image. Needs root and apt-get.
#
# Prints the image size and start-up times for the README. Run after `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/db-runner-image.XXXXXX)
secret="CI-pa55-$(date +%s)-Zq7/leak"
secret_encoded=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$secret")
# CHECK_IMAGE: another tag, for a check that must not replace the image another one is using.
image=${CHECK_IMAGE:-localhost/db-runner:check}
local_pid=""
rds_pid="" # the RDS stand-in, while one runs
cleanup() {
  local status=$?
  for pid in "$local_pid" "$rds_pid"; do
    if [[ -n "$pid" ]]; then
      kill "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
    fi
  done
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

step "local bases: Debian bookworm (minbase) as the runtime OS, and with Temurin 25 as the JDK of the build stage"
# No image registry is reachable here, so both of the Dockerfile's bases are substituted: the
# runtime base by a minimal Debian (the default is a busybox image with glibc, a few MB), the
# build stage's JDK by the same Debian with the machine's Temurin 25 in it.
os_base=localhost/db-runner-os:bookworm
jdk_base=localhost/db-runner-jdk:bookworm-25
jdk25=$(ls -d /usr/lib/jvm/temurin-25* 2> /dev/null | head -1 || true)
[[ -n "$jdk25" ]] || fail "no Temurin 25 under /usr/lib/jvm: the build stage needs a JDK 24+ (jlink from its own runtime)"
if ! podman image exists "$os_base"; then
  # The mirror is the machine's own: read from its apt sources, never written into the repo.
  # Debian's own stanza (Suites: bookworm), not a third-party repository's that sorts first.
  mirror=$(awk 'BEGIN {RS = ""} /Suites:[^\n]*bookworm([ \n]|$)/ {for (i = 1; i < NF; i++) if ($i == "URIs:") {print $(i + 1); exit}}' \
    /etc/apt/sources.list.d/*.sources 2> /dev/null || true)
  [[ -z "$mirror" && -f /etc/apt/sources.list ]] && mirror=$(awk '/^deb .* bookworm / {print $2; exit}' /etc/apt/sources.list)
  [[ -n "$mirror" ]] || fail "no Debian bookworm mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  # binutils: the build stage strips the runtime's native symbols with it.
  debootstrap --variant=minbase --include=binutils bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* \
    "$work"/rootfs/usr/share/doc "$work"/rootfs/usr/share/man "$work"/rootfs/usr/share/locale
  tar -C "$work/rootfs" -c . | podman import --quiet - "$os_base" > /dev/null
  rm -rf "$work/rootfs"
fi
# Made anew each time (a copy, seconds): the machine's JDK may have changed since the last check.
# Dereferenced, since a packaged JDK links files such as lib/security/cacerts out of its folder.
mkdir -p "$work/jdk"
cp -rL "$jdk25" "$work/jdk/jdk"
printf 'FROM %s\nCOPY jdk /opt/java\nENV PATH=/opt/java/bin:$PATH\n' "$os_base" > "$work/jdk/Containerfile"
podman build --quiet -t "$jdk_base" "$work/jdk" > "$work/jdk.log" 2>&1 || { tail -30 "$work/jdk.log"; fail "the JDK base"; }
rm -rf "$work/jdk"

step "image from the Dockerfile, on the local bases"
[[ -f target/runner.jar && -f target/runner-image.jar ]] || fail "target/runner.jar or runner-image.jar is missing: run mvn package first"
echo "runner-image.jar $(( $(stat -c %s target/runner-image.jar) / 1000000 )) MB (the image's), runner.jar" \
  "$(( $(stat -c %s target/runner.jar) / 1000000 )) MB (the laptop's)"
podman build --build-arg BUILD_IMAGE="$jdk_base" --build-arg RUNTIME_IMAGE="$os_base" -t "$image" . \
  > "$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "podman build"; }
images=("$image")
base_size=$(podman image inspect "$os_base" --format '{{.Size}}')
image_size=$(podman image inspect "$image" --format '{{.Size}}')
added=$(( image_size - base_size ))
added_mb=$(awk -v b="$added" 'BEGIN {printf "%.1f", b / 1000000}')
echo "the Dockerfile adds $added_mb MB to its runtime base ($(( base_size / 1000000 )) MB here):"
podman run --rm --entrypoint sh "$image" -c 'du -sk /opt/db-runner/java /opt/db-runner/runner.jar /opt/db-runner/runner.a* /opt/db-runner/runner.j*' \
  | awk '{printf "  %6.1f MB  %s\n", $1 / 1000, $2}'
(( added <= 80000000 )) || fail "the Dockerfile adds $added_mb MB to its base; the budget is 80 MB"

step "a local PostgreSQL for the container (the runner's own --local --keep)"
java -jar target/runner.jar --local --keep ping > "$work/local.out" 2> "$work/local.err" &
local_pid=$!
for _ in $(seq 1 120); do grep -q "kept running" "$work/local.out" 2>/dev/null && break; sleep 0.5; done
port=$(sed -n 's/.*@localhost:\([0-9]*\)\/.*/\1/p' "$work/local.out" | head -1)
[[ -n "$port" ]] || { cat "$work/local.err"; fail "the local PostgreSQL did not start"; }
# The server trusts local logins, so any password works; a distinctive one shows whether it leaks.
export DATABASE_URL="postgresql://postgres:${secret_encoded}@localhost:${port}/postgres"
sql() { psql -X -q -t -A -h localhost -p "$port" -U postgres -d postgres -c "$1"; }

expect_no_secret() {
  if grep -F -q -e "$secret" -e "$secret_encoded" "$1"; then fail "the secret appears in $2"; fi
}

exercise() {  # image: the tasks against a database of its own, non-root, the start-up cache in use
  local img=$1 db
  db="img_$(echo "$img" | tr -c 'a-z0-9\n' '_')"
  sql "create database $db"
  local url="postgresql://postgres:${secret_encoded}@localhost:${port}/$db"
  q() { psql -X -q -t -A -h localhost -p "$port" -U postgres -d "$db" -c "$1"; }
  run() { DATABASE_URL="$url" podman run --rm --network host -e DATABASE_URL "$@"; }

  step "tasks in $img"
  run "$img" migrate > "$work/migrate.out" 2>&1 || { cat "$work/migrate.out"; fail "migrate in $img"; }
  # The no-op: the packaged migrations read from the jar itself, Flyway not started.
  run "$img" migrate > "$work/noop.out" 2>&1 || { cat "$work/noop.out"; fail "the no-op migrate in $img"; }
  grep -q "Flyway not started" "$work/noop.out" || { cat "$work/noop.out"; fail "the no-op migrate in $img went through Flyway"; }
  run "$img" seed > "$work/seed.out" 2>&1 || { cat "$work/seed.out"; fail "seed in $img"; }
  local org
  org=$(q "select id from organizations order by id limit 1")
  q "insert into individuals (full_name) values ('Image Check Person')"
  run -e ORGANIZATION_ID="$org" "$img" backfill-member-role > "$work/backfill.out" 2>&1 \
    || { cat "$work/backfill.out"; fail "backfill-member-role in $img"; }
  [[ $(q "select count(*) from role_occupancy o join individuals i on i.id = o.individual_id where i.full_name = 'Image Check Person'") == 1 ]] \
    || fail "backfill-member-role in $img did not give the individual the Member role"
  run "$img" --dry-run cleanup-test-users > "$work/cleanup.out" 2>&1 || { cat "$work/cleanup.out"; fail "cleanup-test-users in $img"; }
  # The public suffix list (Guava's, of which the image's jar keeps only what it needs) is there.
  if run "$img" cleanup-test-users --email-pattern '%.com' > "$work/suffix.out" 2>&1; then fail "%.com was accepted in $img"; fi
  grep -q "public suffix" "$work/suffix.out" || { cat "$work/suffix.out"; fail "%.com in $img was not refused as a public suffix"; }
  run "$img" doctor > "$work/doctor.out" 2>&1 || { cat "$work/doctor.out"; fail "doctor in $img"; }
  grep -q "schema-up-to-date" "$work/doctor.out" || fail "doctor in $img did not check the schema"
  # An RDS call in the image (the backup guard's): the RDS API answers in XML, which the AWS SDK
  # reads through StAX, the part of java.xml that the image's runtime keeps (docker/jlink-excludes.sh).
  : > "$work/rds-requests.log" # this image's requests only
  python3 -u - "$work/rds-requests.log" > "$work/rds.port" 2> "$work/rds.err" <<'PY' &
import datetime, http.server, sys
log = open(sys.argv[1], "a")
now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=3)
XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/"
class Rds(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        log.write(body + "\n"); log.flush()
        if "Action=DescribeDBInstances" in body and "DBInstanceIdentifier=orders-prod" in body:
            status, answer = 200, ("<DescribeDBInstancesResponse xmlns=\"%s\"><DescribeDBInstancesResult><DBInstances>"
                "<DBInstance><DBInstanceIdentifier>orders-prod</DBInstanceIdentifier><Engine>postgres</Engine>"
                "<DBInstanceStatus>available</DBInstanceStatus><Endpoint><Address>orders-prod.c.eu-central-1.rds.amazonaws.com"
                "</Address><Port>5432</Port></Endpoint><BackupRetentionPeriod>7</BackupRetentionPeriod>"
                "<LatestRestorableTime>%s</LatestRestorableTime></DBInstance></DBInstances></DescribeDBInstancesResult>"
                "<ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata>"
                "</DescribeDBInstancesResponse>") % (XMLNS, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        elif "Action=DescribeDBSnapshots" in body:
            status, answer = 200, ("<DescribeDBSnapshotsResponse xmlns=\"%s\"><DescribeDBSnapshotsResult><DBSnapshots/>"
                "</DescribeDBSnapshotsResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                "</DescribeDBSnapshotsResponse>") % XMLNS
        else:
            status, answer = 400, ("<ErrorResponse xmlns=\"%s\"><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                "<Message>not stubbed</Message></Error><RequestId>1</RequestId></ErrorResponse>") % XMLNS
        data = answer.encode()
        self.send_response(status); self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Rds)
print(server.server_port)
server.serve_forever()
PY
  rds_pid=$!
  for _ in $(seq 1 50); do [[ -s "$work/rds.port" ]] && break; sleep 0.1; done
  [[ -s "$work/rds.port" ]] || { cat "$work/rds.err"; fail "the RDS stand-in did not start"; }
  # On a database of its own: the guard asks only when there is something to apply.
  sql "create database ${db}_rds"
  DATABASE_URL="postgresql://postgres:${secret_encoded}@localhost:${port}/${db}_rds" podman run --rm --network host \
    -e DATABASE_URL -e AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$work/rds.port")" -e AWS_REGION=eu-central-1 \
    -e AWS_ACCESS_KEY_ID=AKIDIMAGECHECK -e AWS_SECRET_ACCESS_KEY="$secret" \
    "$img" migrate --require-backup-within 1h --db-instance-id orders-prod > "$work/rds.out" 2>&1 \
    || { cat "$work/rds.out"; fail "migrate --require-backup-within in $img"; }
  kill "$rds_pid"; wait "$rds_pid" 2> /dev/null || true
  rds_pid=""
  grep -q "db instance orders-prod: newest backup" "$work/rds.out" || { cat "$work/rds.out"; fail "the backup guard in $img did not read RDS's answer"; }
  grep -q "Action=DescribeDBInstances" "$work/rds-requests.log" || fail "the backup guard in $img did not call RDS"
  for f in migrate noop seed backfill cleanup suffix doctor rds; do expect_no_secret "$work/$f.out" "the $f output of $img"; done
  if run "$img" --local ping > "$work/local-in-image.out" 2>&1; then fail "--local ran in $img"; fi
  grep -q "laptop feature" "$work/local-in-image.out" || { cat "$work/local-in-image.out"; fail "--local in $img did not say it is a laptop feature"; }

  step "non-root, and the start-up cache in use, in $img"
  local uid shared
  uid=$(podman run --rm --entrypoint id "$img" -u)
  [[ "$uid" != 0 ]] || fail "$img runs as root"
  shared=$(podman run --rm --entrypoint sh "$img" -c \
    'exec java $(cat /opt/db-runner/startup.flags) -Xlog:class+load -jar /opt/db-runner/runner.jar --version' \
    | grep -E -c '(org\.daadaar|picocli)\..* source: shared objects file' || true)
  (( shared > 50 )) || fail "the start-up cache of $img is not used ($shared of our and picocli's classes from it)"
  echo "uid $uid; $(podman run --rm --entrypoint cat "$img" /opt/db-runner/startup.flags);" \
    "$shared of our and picocli's classes mapped from it"
}
for img in "${images[@]}"; do exercise "$img"; done

# The buildspec and the measurements use the image built on the Dockerfile's default JRE when
# there is one.
image=${images[-1]}
run_image() { podman run --rm --network host -e DATABASE_URL "$image" "$@"; }
step "buildspec.yml's phases, both ways: docker (played by Podman) and direct (in the runner's image)"
extract_phase() {  # phase: the commands of its single "- |" block, as sh reads them
  python3 - buildspec.yml "$1" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.strip() == sys.argv[2] + ":")
block = next(i for i in range(start, len(lines)) if lines[i].strip() == "- |")
indent = len(lines[block + 1]) - len(lines[block + 1].lstrip())
for l in lines[block + 1:]:
    if l.strip() and len(l) - len(l.lstrip()) < indent:
        break
    print(l[indent:])
PY
}
extract_phase pre_build > "$work/pre-build.sh"
extract_phase build > "$work/build-phase.sh"
mkdir -p "$work/bin"
# docker mode's pre_build logs in and pulls: here the image is local, so those two only check it.
cat > "$work/bin/docker" <<'SH'
#!/bin/sh
case "$1" in
  login) cat > /dev/null; echo "Login Succeeded (stand-in)";;
  pull) podman image exists "$2" && echo "pulled $2 (stand-in: local image)";;
  *) exec podman "$@";;
esac
SH
printf '#!/bin/sh\necho stand-in-ecr-password\n' > "$work/bin/aws"
chmod +x "$work/bin/docker" "$work/bin/aws"
# docker mode: the phases on this machine's sh, tracing every command as CodeBuild's log does.
buildspec_docker() {
  env PATH="$work/bin:$PATH" IMAGE_URI="$image" AWS_REGION=eu-central-1 "$@" sh -x "$work/pre-build.sh" \
    && env PATH="$work/bin:$PATH" IMAGE_URI="$image" "$@" sh -x "$work/build-phase.sh"
}
# direct mode: the phases run inside the runner's image, as a CodeBuild project whose environment
# image it is runs them: its own shell, its own user, the build's variables in the environment.
buildspec_direct() {
  local vars=()
  for assignment in "$@"; do vars+=(-e "$assignment"); done
  podman run --rm --network host --entrypoint sh -e DATABASE_URL -e LOG_FORMAT=json "${vars[@]}" "$image" \
    -x -c "$(cat "$work/pre-build.sh")" \
    && podman run --rm --network host --entrypoint sh -e DATABASE_URL -e LOG_FORMAT=json "${vars[@]}" "$image" \
      -x -c "$(cat "$work/build-phase.sh")"
}
for mode in docker direct; do
  buildspec() { "buildspec_$mode" "$@"; }
  buildspec TASK=migrate > "$work/bs-$mode-migrate.out" 2>&1 || { cat "$work/bs-$mode-migrate.out"; fail "buildspec ($mode) TASK=migrate"; }
  if [[ $mode == direct ]]; then
    grep -q "the tasks run in it directly" "$work/bs-$mode-migrate.out" || fail "the direct mode was not detected in the runner's image"
    if grep -q -e "docker " -e "aws ecr" "$work/bs-$mode-migrate.out"; then fail "the direct mode ran docker or the AWS CLI"; fi
  else
    grep -q "docker pull" "$work/bs-$mode-migrate.out" || fail "the docker mode did not pull the image"
  fi
  # As codebuild run sends them: the runner's global options lead TASK.
  buildspec TASK="--lock-timeout 30s --statement-timeout 10m info" > "$work/bs-$mode-options.out" 2>&1 \
    || { cat "$work/bs-$mode-options.out"; fail "buildspec ($mode) TASK with the runner's options first"; }
  buildspec RUN_MIGRATIONS=true RUN_SEED=true > "$work/bs-$mode-switches.out" 2>&1 || { cat "$work/bs-$mode-switches.out"; fail "buildspec ($mode) RUN_MIGRATIONS RUN_SEED"; }
  grep -q "running: migrate seed" "$work/bs-$mode-switches.out" || fail "RUN_MIGRATIONS + RUN_SEED ($mode) did not run migrate then seed"
  org=$(sql "select id from organizations order by id limit 1")
  sql "insert into individuals (full_name) values ('Buildspec Person $mode')"
  person=$(sql "select id from individuals where full_name = 'Buildspec Person $mode'")
  buildspec TASK=backfill-member-role ORGANIZATION_ID="$org" INDIVIDUAL_ID="$person" > "$work/bs-$mode-backfill.out" 2>&1 \
    || { cat "$work/bs-$mode-backfill.out"; fail "buildspec ($mode) backfill"; }
  [[ $(sql "select count(*) from role_occupancy where individual_id = $person and end_date is null") == 1 ]] \
    || fail "the buildspec backfill ($mode) did not give individual $person the Member role"
  if buildspec > "$work/bs-$mode-none.out" 2>&1; then fail "the buildspec ($mode) ran with neither TASK nor the switches"; fi
  grep -q "set TASK" "$work/bs-$mode-none.out" || fail "the buildspec ($mode) did not say what to set"
  for f in migrate options switches backfill none; do
    expect_no_secret "$work/bs-$mode-$f.out" "the traced commands and output of the buildspec ($mode, $f)"
  done
  echo "buildspec, $mode mode: migrate, runner options, the two switches, a backfill, and neither: as expected"
done

step "measurements"
time_run() {  # median wall time of 5 runs, in ms
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 3p
}
with_cache() { podman run --rm --network host -e DATABASE_URL "$img" "$@"; }
without_cache() {
  podman run --rm --network host -e DATABASE_URL --entrypoint sh "$img" \
    -c 'exec java -jar /opt/db-runner/runner.jar "$@"' runner "$@"
}
printf '| image | size | `docker run IMAGE --version`, with / without the start-up cache | `docker run IMAGE migrate` (no-op), with / without |\n|---|---|---|---|\n'
for img in "${images[@]}"; do
  size=$(podman image inspect "$img" --format '{{.Size}}')
  java_version=$(podman run --rm --entrypoint java "$img" -version 2>&1 | sed -n 1p)
  printf '| %s (%s) | %d MB | %s / %s ms | %s / %s ms |\n' "$img" "$java_version" $(( size / 1000000 )) \
    "$(time_run with_cache --version)" "$(time_run without_cache --version)" \
    "$(time_run with_cache migrate)" "$(time_run without_cache migrate)"
done
echo "image-check passed"
