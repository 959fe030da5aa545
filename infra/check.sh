#!/usr/bin/env bash
# Checks the Terraform module in infra/, offline: format, init from the filesystem mirror,
# validate, `terraform test` on a mock provider, then plans with the REAL provider and no AWS
# access (placeholder credentials, every connection refused) to show that a plan reads nothing
# from AWS, that bad inputs fail at plan time naming the input, that no security group rule is
# wider than the runbook's, and that build_role_policy_json is the document
# `java -jar target/runner.jar iam-policy` prints for the same inputs, compared as JSON.
#
#   infra/check.sh              (from anywhere; needs target/runner.jar: mvn package first)
#
# About a minute on two busy cores; most of it is starting the provider plugin.
#
# Environment: TERRAFORM (default: terraform on PATH, else /usr/local/bin/terraform).
# A missing tool is a failure, never a skip: it prints BLOCKED and exits 1.
set -euo pipefail

infra="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$infra")"
# The mirror infra/terraform.rc names; change both together.
mirror=/opt/tf-plugins
provider_version="5.100.0"

blocked() {
    echo "BLOCKED: $*" >&2
    exit 1
}
step() { echo "== $*"; }

export TF_CLI_CONFIG_FILE="$infra/terraform.rc"
terraform_bin="${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}"
[ -x "$terraform_bin" ] || blocked "terraform not found (looked for ${TERRAFORM:-terraform on PATH and /usr/local/bin/terraform}); install Terraform 1.11+ or set TERRAFORM"
version="$("$terraform_bin" version -json | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')"
python3 - "$version" <<'EOF' || blocked "terraform $version is too old: the tests need 1.11 or newer (mocks during plan)"
import sys
major, minor = (int(p) for p in sys.argv[1].split(".")[:2])
sys.exit(0 if (major, minor) >= (1, 11) else 1)
EOF
# The mirror's layout is HOSTNAME/NAMESPACE/TYPE/VERSION.
compgen -G "$mirror/*/hashicorp/aws/$provider_version" >/dev/null \
    || blocked "no hashicorp/aws $provider_version in the provider mirror $mirror (infra/terraform.rc reads providers from there only)"
command -v java >/dev/null || blocked "java not found: the policy comparison runs target/runner.jar"
jar="$repo/target/runner.jar"
[ -f "$jar" ] || blocked "$jar not found: run mvn -B package -DskipTests first"

export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
# Offline for real: placeholder credentials, no profile or metadata, and a proxy on a closed
# port, so a provider that tried to call AWS would fail here even on a machine with a network.
export AWS_ACCESS_KEY_ID=offline-check AWS_SECRET_ACCESS_KEY=offline-check
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tf() { "$terraform_bin" "$@"; }

step "terraform fmt -check -recursive"
tf -chdir="$infra" fmt -check -recursive -diff

step "terraform init (from $mirror) and validate"
export TF_DATA_DIR="$work/module"
tf -chdir="$infra" init -backend=false -no-color >"$work/init.log" 2>&1 || {
    cat "$work/init.log" >&2
    blocked "terraform init could not install hashicorp/aws from the mirror $mirror"
}
tf -chdir="$infra" validate -no-color

step "terraform test (mock provider)"
tf -chdir="$infra" test -no-color

step "terraform plan with the real provider and no AWS access"
plan_dir="$infra/tests/offline-plan"
export TF_DATA_DIR="$work/plan"
tf -chdir="$plan_dir" init -backend=false -no-color >"$work/init-plan.log" 2>&1 || {
    cat "$work/init-plan.log" >&2
    exit 1
}

# The cases cover each shape iam-policy prints: one secret or two, no KMS key, one or two, one
# subnet or several, two regions and accounts, project names other than the default, and IAM
# database login for no user, one user of an instance, or two users of a cluster, and the
# backup guard's RDS statements for none, an instance, or an instance and a cluster.
cat >"$work/cases.tfvars.json" <<'EOF'
{"cases": {
  "db-runner": {
    "region": "eu-central-1", "image_tag": "1.4.0",
    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
    "database_url_secret_arn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf"
  },
  "orders-db": {
    "region": "us-east-1", "image_tag": "2026.12.01-abc",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1"],
    "rds_instance_id": "orders-prod",
    "database_url_secret_arn": "arn:aws:secretsmanager:us-east-1:210987654321:secret:orders/url-Q1w2E3",
    "db_password_secret_arn": "arn:aws:secretsmanager:us-east-1:210987654321:secret:orders/password-Z9x8C7",
    "secrets_kms_key_arns": ["arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    "iam_db_resource_id": "db-ABCDEFGHIJKL01234567890", "iam_db_users": ["orders_migrator"]
  },
  "iam-login": {
    "region": "eu-central-1", "image_tag": "3",
    "subnet_ids": ["subnet-0eeeeeeeeeeeeeee5"],
    "database_url_secret_arn": "arn:aws:secretsmanager:eu-central-1:444444444444:secret:iam/db-url-Pq4Rs5",
    "iam_db_resource_id": "cluster-ZYXWVUTSRQPON98765", "iam_db_users": ["app", "app_migrator"]
  },
  "billing": {
    "region": "eu-central-1", "image_tag": "7",
    "subnet_ids": ["subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"],
    "rds_instance_id": "billing-1", "rds_cluster_id": "billing",
    "database_url_secret_arn": "arn:aws:secretsmanager:eu-central-1:333333333333:secret:billing-db-url-aB3dE5",
    "secrets_kms_key_arns": [
      "arn:aws:kms:eu-central-1:333333333333:key/aaaa1111-2222-3333-4444-555566667777",
      "arn:aws:kms:eu-central-1:333333333333:key/bbbb1111-2222-3333-4444-555566667777"
    ]
  }
}}
EOF
tf -chdir="$plan_dir" plan -no-color -lock=false -var-file="$work/cases.tfvars.json" -out="$work/cases.tfplan" >"$work/plan.log" 2>&1 || {
    cat "$work/plan.log" >&2
    echo "FAIL: terraform plan failed with no AWS access (see above)" >&2
    exit 1
}
tf -chdir="$plan_dir" show -json "$work/cases.tfplan" >"$work/plan.json"

step "build_role_policy_json against iam-policy, and every security group rule in the plan"
python3 - "$work/cases.tfvars.json" "$work/plan.json" "$jar" <<'EOF'
import difflib, json, os, subprocess, sys

cases_path, plan_path, jar = sys.argv[1:]
cases = json.load(open(cases_path))["cases"]
plan = json.load(open(plan_path))
failures = []

# One policy, two renderings, parsed so that key order and whitespace do not matter.
rendered = plan["planned_values"]["outputs"]["build_role_policy_json"]["value"]
if sorted(rendered) != sorted(cases):
    failures.append(f"build_role_policy_json rendered for {sorted(rendered)}, expected {sorted(cases)}")
for name, case in sorted(cases.items()):
    if name not in rendered:
        continue
    account = case["database_url_secret_arn"].split(":")[4]
    args = ["--project", name, "--image-uri", f"{account}.dkr.ecr.{case['region']}.amazonaws.com/{name}:{case['image_tag']}"]
    for arn in [case["database_url_secret_arn"], case.get("db_password_secret_arn")]:
        if arn:
            args += ["--secret-arn", arn]
    for arn in case.get("secrets_kms_key_arns", []):
        args += ["--kms-key-arn", arn]
    for subnet in case["subnet_ids"]:
        args += ["--subnet-id", subnet]
    if case.get("iam_db_resource_id"):
        args += ["--iam-db-resource-id", case["iam_db_resource_id"]]
    for user in case.get("iam_db_users", []):
        args += ["--iam-db-user", user]
    if case.get("rds_instance_id"):
        args += ["--rds-instance-id", case["rds_instance_id"]]
    if case.get("rds_cluster_id"):
        args += ["--rds-cluster-id", case["rds_cluster_id"]]
    # A clean environment: iam-policy reads CODEBUILD_PROJECT, IMAGE_URI and AWS_REGION too.
    java = subprocess.run(["java", "-jar", jar, "iam-policy", *args], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")})
    if java.returncode != 0:
        failures.append(f"{name}: iam-policy exited {java.returncode}: {java.stderr.strip()}")
        continue
    java_policy = json.loads(java.stdout)
    terraform_policy = json.loads(rendered[name])
    if terraform_policy != java_policy:
        a = json.dumps(java_policy, indent=2, sort_keys=True).splitlines()
        b = json.dumps(terraform_policy, indent=2, sort_keys=True).splitlines()
        failures.append(f"{name}: build_role_policy_json differs from iam-policy's:\n" + "\n".join(
            difflib.unified_diff(a, b, "iam-policy", "terraform", lineterm="")))
    else:
        print(f"{name}: build_role_policy_json == iam-policy {' '.join(args)} ({len(java_policy['Statement'])} statements)")

# Every security group rule the plan creates, whatever resource type it uses: exactly the
# runbook's five per module, none with a CIDR, and no group with inline rules.
rule_types = {"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_security_group_rule"}
expected = sorted([
    ("egress", "tcp", 443, 443, "codebuild_to_endpoints"),
    ("egress", "tcp", 443, 443, "codebuild_to_s3"),
    ("egress", "tcp", 5432, 5432, "codebuild_to_database"),
    ("ingress", "tcp", 443, 443, "endpoints_from_codebuild"),
    ("ingress", "tcp", 5432, 5432, "database_from_codebuild"),
])
by_module = {}
for change in plan["resource_changes"]:
    after = change["change"]["after"] or {}
    if change["type"] in rule_types:
        by_module.setdefault(change.get("module_address"), []).append(
            (change["type"].split("_")[-2], after.get("ip_protocol"), after.get("from_port"), after.get("to_port"), change["name"]))
        if after.get("cidr_ipv4") or after.get("cidr_ipv6"):
            failures.append(f"{change['address']} names a CIDR")
    if change["type"] == "aws_security_group" and (after.get("ingress") or after.get("egress")):
        failures.append(f"{change['address']} has inline rules")
if len(by_module) != len(cases):
    failures.append(f"security group rules planned in {sorted(by_module)}, expected one set per case")
for module, rules in sorted(by_module.items()):
    if sorted(rules) != expected:
        failures.append(f"{module}: security group rules {sorted(rules)}, expected {expected}")
for wide in ("0.0.0.0/0", "::/0"):
    if wide in json.dumps(plan):
        failures.append(f"the plan mentions {wide}")

if failures:
    print("FAIL:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"{len(by_module)} modules planned offline, each with the 5 security group rules and nothing wider")
EOF

step "bad inputs fail at plan time, naming the input"
# One plan with three bad cases (Terraform reports every failed validation at once): each must
# be refused with a message that names the input.
cat >"$work/bad.tfvars.json" <<'EOF'
{"cases": {
  "no-subnets": {"region": "eu-central-1", "image_tag": "1", "subnet_ids": [],
    "database_url_secret_arn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-url-AbCdEf"},
  "ssm-arn": {"region": "eu-central-1", "image_tag": "1", "subnet_ids": ["subnet-0123456789abcdef0"],
    "database_url_secret_arn": "arn:aws:ssm:eu-central-1:123456789012:parameter/db-url"},
  "partial-arn": {"region": "us-east-1", "image_tag": "1", "subnet_ids": ["subnet-0123456789abcdef0"],
    "database_url_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-url"}
}}
EOF
if tf -chdir="$plan_dir" plan -no-color -lock=false -var-file="$work/bad.tfvars.json" >"$work/bad.log" 2>&1; then
    echo "FAIL: a plan with an empty subnet list and bad secret ARNs succeeded; it must be refused" >&2
    exit 1
fi
python3 - "$work/bad.log" <<'EOF'
import sys
log = open(sys.argv[1]).read()
# Each error block shows the variable and its value, and the module's message, which names the input.
blocks = log.split("Error: ")[1:]
expected = {
    "no-subnets": ("var.subnet_ids is empty", "subnet_ids must name at least one private subnet"),
    "ssm-arn": ('is "arn:aws:ssm:eu-central-1:123456789012:parameter/db-url"',
                "database_url_secret_arn must be a Secrets Manager secret's full ARN"),
    "partial-arn": ('is "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-url"',
                    "database_url_secret_arn must be a Secrets Manager secret's full ARN"),
}
missing = []
for case, (value, message) in expected.items():
    found = any(value in b and message in " ".join(b.split()) for b in blocks)
    print(("refused" if found else "NOT refused"), f"{case}: {message}")
    if not found:
        missing.append(case)
if len(blocks) != len(expected):
    missing.append(f"{len(blocks)} errors, expected {len(expected)}")
if missing:
    print(log, file=sys.stderr)
    print("FAIL: bad inputs not refused as expected:", missing, file=sys.stderr)
    sys.exit(1)
EOF

echo "infra: all checks passed"
