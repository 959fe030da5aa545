#!/usr/bin/env bash
# The project's test command (README; .ci/run calls exactly this):
#   1. mvn -B verify: every unit and integration test against a real PostgreSQL;
#   2. scripts/image-check.sh: the container image built and exercised with Podman. It installs
#      what it needs with apt-get, so it runs where that is possible (root on Debian, as in CI)
#      and says so plainly where it is not.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B verify
if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
  scripts/image-check.sh
else
  echo "image check not run: it needs root and apt-get to install Podman (run scripts/image-check.sh as root)"
fi
