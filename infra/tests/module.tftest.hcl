# The module's plan, offline: the AWS provider is mocked, and every id the assertions compare is
# fixed below (override_during = plan) so that a rule's source or destination can be checked by
# value instead of "known after apply".

mock_provider "aws" {
  # What the real provider answers from its configuration alone (region = "eu-central-1").
  mock_data "aws_region" {
    defaults = {
      name = "eu-central-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }
}

override_resource {
  target          = aws_security_group.codebuild
  override_during = plan
  values = {
    id = "sg-0cb0cb0cb0cb0cb0c"
  }
}

override_resource {
  target          = aws_security_group.endpoints
  override_during = plan
  values = {
    id = "sg-0e0e0e0e0e0e0e0e0"
  }
}

override_resource {
  target          = aws_vpc_endpoint.s3
  override_during = plan
  values = {
    prefix_list_id = "pl-6ea54007"
  }
}

override_resource {
  target          = aws_ecr_repository.this
  override_during = plan
  values = {
    repository_url = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner"
  }
}

override_resource {
  target          = aws_iam_role.codebuild
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/db-runner-codebuild"
  }
}

variables {
  vpc_id                     = "vpc-0a1b2c3d4e5f60708"
  subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  route_table_ids            = ["rtb-0123456789abcdef0"]
  database_security_group_id = "sg-0dbdbdbdbdbdbdbdb"
  database_url_secret_arn    = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf"
  image_tag                  = "1.4.0"
}

run "creates_the_four_interface_endpoints_and_the_s3_gateway_with_private_dns" {
  command = plan

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["secretsmanager", "logs", "ecr.api", "ecr.dkr"])
    error_message = "expected interface endpoints for secretsmanager, logs, ecr.api and ecr.dkr, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }

  assert {
    condition = alltrue([for k, e in aws_vpc_endpoint.interface :
      e.service_name == "com.amazonaws.eu-central-1.${k}" && e.vpc_endpoint_type == "Interface" && e.private_dns_enabled == true
      && e.vpc_id == "vpc-0a1b2c3d4e5f60708"
      && toset(e.subnet_ids) == toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"])
      && toset(e.security_group_ids) == toset(["sg-0e0e0e0e0e0e0e0e0"])
    ])
    error_message = "every interface endpoint must be the region's service, with private DNS, in subnet_ids, in the endpoints' group only"
  }

  assert {
    condition = (length(aws_vpc_endpoint.s3) == 1
      && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.eu-central-1.s3"
      && aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway"
    && toset(aws_vpc_endpoint.s3[0].route_table_ids) == toset(["rtb-0123456789abcdef0"]))
    error_message = "expected one S3 gateway endpoint on route_table_ids"
  }

  assert {
    condition     = length(aws_security_group.endpoints) == 1 && aws_security_group.endpoints[0].vpc_id == "vpc-0a1b2c3d4e5f60708"
    error_message = "expected the endpoints' security group in vpc_id"
  }
}

run "every_security_group_rule_names_a_group_or_the_s3_prefix_list_and_one_port" {
  command = plan

  # The endpoints' group: 443 in from the build's group.
  assert {
    condition = (aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.security_group_id == "sg-0e0e0e0e0e0e0e0e0"
      && aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.referenced_security_group_id == "sg-0cb0cb0cb0cb0cb0c"
      && aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.ip_protocol == "tcp"
      && aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.from_port == 443
    && aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.to_port == 443)
    error_message = "the endpoints' group must allow TCP 443 from the build's group"
  }

  # The build's group: 443 out to the endpoints' group and to S3's prefix list, 5432 to the database's group.
  assert {
    condition = (aws_vpc_security_group_egress_rule.codebuild_to_endpoints.security_group_id == "sg-0cb0cb0cb0cb0cb0c"
      && aws_vpc_security_group_egress_rule.codebuild_to_endpoints.referenced_security_group_id == "sg-0e0e0e0e0e0e0e0e0"
      && aws_vpc_security_group_egress_rule.codebuild_to_endpoints.ip_protocol == "tcp"
      && aws_vpc_security_group_egress_rule.codebuild_to_endpoints.from_port == 443
    && aws_vpc_security_group_egress_rule.codebuild_to_endpoints.to_port == 443)
    error_message = "the build's group must allow TCP 443 out to the endpoints' group"
  }

  assert {
    condition = (aws_vpc_security_group_egress_rule.codebuild_to_s3.security_group_id == "sg-0cb0cb0cb0cb0cb0c"
      && aws_vpc_security_group_egress_rule.codebuild_to_s3.prefix_list_id == "pl-6ea54007"
      && aws_vpc_security_group_egress_rule.codebuild_to_s3.referenced_security_group_id == null
      && aws_vpc_security_group_egress_rule.codebuild_to_s3.ip_protocol == "tcp"
      && aws_vpc_security_group_egress_rule.codebuild_to_s3.from_port == 443
    && aws_vpc_security_group_egress_rule.codebuild_to_s3.to_port == 443)
    error_message = "the build's group must allow TCP 443 out to the S3 gateway endpoint's prefix list"
  }

  assert {
    condition = (aws_vpc_security_group_egress_rule.codebuild_to_database.security_group_id == "sg-0cb0cb0cb0cb0cb0c"
      && aws_vpc_security_group_egress_rule.codebuild_to_database.referenced_security_group_id == "sg-0dbdbdbdbdbdbdbdb"
      && aws_vpc_security_group_egress_rule.codebuild_to_database.ip_protocol == "tcp"
      && aws_vpc_security_group_egress_rule.codebuild_to_database.from_port == 5432
    && aws_vpc_security_group_egress_rule.codebuild_to_database.to_port == 5432)
    error_message = "the build's group must allow TCP 5432 out to the database's group"
  }

  # The database's group: 5432 in from the build's group.
  assert {
    condition = (aws_vpc_security_group_ingress_rule.database_from_codebuild.security_group_id == "sg-0dbdbdbdbdbdbdbdb"
      && aws_vpc_security_group_ingress_rule.database_from_codebuild.referenced_security_group_id == "sg-0cb0cb0cb0cb0cb0c"
      && aws_vpc_security_group_ingress_rule.database_from_codebuild.ip_protocol == "tcp"
      && aws_vpc_security_group_ingress_rule.database_from_codebuild.from_port == 5432
    && aws_vpc_security_group_ingress_rule.database_from_codebuild.to_port == 5432)
    error_message = "the database's group must allow TCP 5432 from the build's group"
  }

  # Nothing wider: no rule has an address range, and the groups carry no inline rules.
  assert {
    condition = alltrue([for r in [
      aws_vpc_security_group_ingress_rule.endpoints_from_codebuild,
      aws_vpc_security_group_ingress_rule.database_from_codebuild,
      aws_vpc_security_group_egress_rule.codebuild_to_endpoints,
      aws_vpc_security_group_egress_rule.codebuild_to_s3,
      aws_vpc_security_group_egress_rule.codebuild_to_database,
    ] : r.cidr_ipv4 == null && r.cidr_ipv6 == null])
    error_message = "no security group rule may name a CIDR"
  }

  assert {
    condition     = length(aws_security_group.codebuild.ingress) == 0 && length(aws_security_group.codebuild.egress) == 0 && length(aws_security_group.endpoints[0].egress) == 0
    error_message = "the groups must have no inline rules (and so not AWS's default allow-all egress)"
  }

  assert {
    condition     = aws_security_group.codebuild.vpc_id == "vpc-0a1b2c3d4e5f60708"
    error_message = "the build's group must be in vpc_id"
  }
}

run "skips_every_endpoint_and_points_the_rules_at_the_existing_ones" {
  command = plan

  variables {
    create_vpc_endpoints                 = false
    route_table_ids                      = []
    existing_endpoints_security_group_id = "sg-0aaaaaaaaaaaaaaaa"
    existing_s3_prefix_list_id           = "pl-0123abcd"
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_vpc_endpoint.s3) == 0 && length(aws_security_group.endpoints) == 0
    error_message = "create_vpc_endpoints = false must create no endpoint and no endpoints' group"
  }

  assert {
    condition = (aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.security_group_id == "sg-0aaaaaaaaaaaaaaaa"
      && aws_vpc_security_group_ingress_rule.endpoints_from_codebuild.referenced_security_group_id == "sg-0cb0cb0cb0cb0cb0c"
    && aws_vpc_security_group_egress_rule.codebuild_to_endpoints.referenced_security_group_id == "sg-0aaaaaaaaaaaaaaaa")
    error_message = "with existing endpoints, their group must get 443 from the build's group, and the build's group 443 out to it"
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.codebuild_to_s3.prefix_list_id == "pl-0123abcd"
    error_message = "with existing endpoints, the build's group must allow 443 out to existing_s3_prefix_list_id"
  }
}

run "the_repository_scans_on_push_keeps_tags_immutable_and_keeps_the_last_n_images" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.name == "db-runner" && aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push == true
    error_message = "the repository must be db-runner, with immutable tags and scan on push"
  }

  assert {
    condition = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules == [{
      rulePriority = 1
      description  = "Keep the last 20 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 20 }
      action       = { type = "expire" }
    }]
    error_message = "the lifecycle policy must expire all but the last 20 images by default: ${aws_ecr_lifecycle_policy.this.policy}"
  }
}

run "keeps_as_many_images_as_asked_and_logs_as_long_as_asked" {
  command = plan

  variables {
    ecr_keep_images    = 5
    log_retention_days = 14
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[0].selection.countNumber == 5
    error_message = "ecr_keep_images = 5 must keep 5 images"
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 14
    error_message = "log_retention_days = 14 must set the log group's retention"
  }
}

run "the_log_group_is_codebuilds_default_with_a_retention" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/codebuild/db-runner" && aws_cloudwatch_log_group.this.retention_in_days == 90
    error_message = "the log group must be /aws/codebuild/db-runner, kept 90 days by default"
  }
}

run "the_project_runs_the_runner_image_unprivileged_in_the_vpc_one_build_at_a_time" {
  command = plan

  assert {
    condition = (aws_codebuild_project.this.name == "db-runner"
      && aws_codebuild_project.this.service_role == "arn:aws:iam::123456789012:role/db-runner-codebuild"
      && aws_codebuild_project.this.concurrent_build_limit == 1
    && aws_codebuild_project.this.build_timeout == 60)
    error_message = "the project must be db-runner, on the module's role, one build at a time, 60 minutes by default"
  }

  assert {
    condition = (aws_codebuild_project.this.environment[0].image == "123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner:1.4.0"
      && aws_codebuild_project.this.environment[0].image_pull_credentials_type == "SERVICE_ROLE"
      && aws_codebuild_project.this.environment[0].privileged_mode == false
    && aws_codebuild_project.this.environment[0].type == "LINUX_CONTAINER")
    error_message = "the environment must be the repository's image_tag, pulled with the service role, privileged mode off"
  }

  assert {
    condition = [for v in aws_codebuild_project.this.environment[0].environment_variable : v] == [{
      name  = "DATABASE_URL"
      type  = "SECRETS_MANAGER"
      value = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf"
    }]
    error_message = "DATABASE_URL must be the project's only variable, of type SECRETS_MANAGER, from the secret's ARN"
  }

  assert {
    condition = (aws_codebuild_project.this.vpc_config[0].vpc_id == "vpc-0a1b2c3d4e5f60708"
      && toset(aws_codebuild_project.this.vpc_config[0].subnets) == toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"])
    && toset(aws_codebuild_project.this.vpc_config[0].security_group_ids) == toset(["sg-0cb0cb0cb0cb0cb0c"]))
    error_message = "the project must run in vpc_id, subnet_ids, the build's group only"
  }

  assert {
    condition     = aws_codebuild_project.this.source[0].type == "NO_SOURCE" && aws_codebuild_project.this.source[0].buildspec == file("../buildspec.yml")
    error_message = "the project's buildspec must be the repo's buildspec.yml"
  }

  assert {
    condition     = aws_codebuild_project.this.logs_config[0].cloudwatch_logs[0].group_name == "/aws/codebuild/db-runner" && aws_codebuild_project.this.logs_config[0].cloudwatch_logs[0].status == "ENABLED"
    error_message = "the project must log to the module's log group"
  }
}

run "a_password_secret_and_a_timeout_reach_the_project_and_the_policy" {
  command = plan

  variables {
    db_password_secret_arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/password-XyZ123"
    build_timeout_minutes  = 15
  }

  assert {
    condition     = aws_codebuild_project.this.build_timeout == 15
    error_message = "build_timeout_minutes = 15 must set the project's timeout"
  }

  assert {
    condition = contains([for v in aws_codebuild_project.this.environment[0].environment_variable : v], {
      name  = "DB_PASSWORD_SECRET_ID"
      type  = "PLAINTEXT"
      value = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/password-XyZ123"
    })
    error_message = "db_password_secret_arn must reach the runner as DB_PASSWORD_SECRET_ID (an id, not a value)"
  }

  assert {
    condition = [for s in jsondecode(output.build_role_policy_json).Statement : s.Resource if s.Sid == "DatabaseSecret"] == [[
      "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf",
      "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/password-XyZ123",
    ]]
    error_message = "the role must read both secrets and no other"
  }
}

run "the_role_is_for_this_project_only_and_carries_the_build_policy" {
  command = plan

  assert {
    condition = jsondecode(aws_iam_role.codebuild.assume_role_policy).Statement == [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = "123456789012" }
        ArnLike      = { "aws:SourceArn" = "arn:aws:codebuild:eu-central-1:123456789012:project/db-runner" }
      }
    }]
    error_message = "only CodeBuild, for this project in the secret's account, may assume the role"
  }

  assert {
    condition     = aws_iam_role_policy.build.name == "db-runner-build" && aws_iam_role_policy.build.policy == output.build_role_policy_json
    error_message = "the role's inline policy must be db-runner-build, the document of build_role_policy_json"
  }

  assert {
    condition     = [for s in jsondecode(output.build_role_policy_json).Statement : s.Sid] == ["Logs", "EcrLogin", "EcrPull", "VpcNetworkInterfaces", "VpcNetworkInterfacePermission", "DatabaseSecret"]
    error_message = "the policy's statements must be iam-policy's, in its order"
  }
}

run "a_secret_in_another_account_than_the_provider_fails_on_the_repository" {
  command = plan

  override_resource {
    target          = aws_ecr_repository.this
    override_during = plan
    values = {
      repository_url = "210987654321.dkr.ecr.eu-central-1.amazonaws.com/db-runner"
    }
  }

  expect_failures = [aws_ecr_repository.this]
}

run "an_empty_subnet_list_fails_naming_subnet_ids" {
  command = plan

  variables {
    subnet_ids = []
  }

  expect_failures = [var.subnet_ids]
}

run "an_ssm_parameter_arn_is_not_a_secret" {
  command = plan

  variables {
    database_url_secret_arn = "arn:aws:ssm:eu-central-1:123456789012:parameter/prod/db-runner/database-url"
  }

  expect_failures = [var.database_url_secret_arn]
}

run "a_secret_arn_without_its_six_character_suffix_fails" {
  command = plan

  variables {
    database_url_secret_arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url"
  }

  expect_failures = [var.database_url_secret_arn]
}

run "a_bad_password_secret_arn_fails_naming_db_password_secret_arn" {
  command = plan

  variables {
    db_password_secret_arn = "prod/db-runner/password"
  }

  expect_failures = [var.db_password_secret_arn]
}

run "skipping_the_endpoints_needs_the_existing_ones" {
  command = plan

  variables {
    create_vpc_endpoints = false
  }

  expect_failures = [var.existing_endpoints_security_group_id, var.existing_s3_prefix_list_id]
}

run "creating_the_endpoints_needs_route_tables_for_the_s3_gateway" {
  command = plan

  variables {
    route_table_ids = []
  }

  expect_failures = [var.route_table_ids]
}

run "iam_login_grants_rds_db_connect_as_the_named_users_and_sets_db_iam_auth" {
  command = plan

  variables {
    iam_db_resource_id = "db-ABCDEFGHIJKL01234567890"
    iam_db_users       = ["app_migrator"]
    iam_auth           = true
  }

  assert {
    condition = [for s in jsondecode(output.build_role_policy_json).Statement : s if s.Sid == "DatabaseIamLogin"] == [{
      Sid      = "DatabaseIamLogin"
      Effect   = "Allow"
      Action   = ["rds-db:connect"]
      Resource = "arn:aws:rds-db:eu-central-1:123456789012:dbuser:db-ABCDEFGHIJKL01234567890/app_migrator"
    }]
    error_message = "the role must rds-db:connect as app_migrator on that database only"
  }

  assert {
    condition = contains([for v in aws_codebuild_project.this.environment[0].environment_variable : v], {
      name  = "DB_IAM_AUTH"
      type  = "PLAINTEXT"
      value = "true"
    })
    error_message = "iam_auth = true must reach the runner as DB_IAM_AUTH=true"
  }
}

run "without_iam_login_there_is_no_grant_and_no_db_iam_auth" {
  command = plan

  assert {
    condition     = length([for s in jsondecode(output.build_role_policy_json).Statement : s if s.Sid == "DatabaseIamLogin"]) == 0
    error_message = "no rds-db:connect unless iam_db_users are named"
  }

  assert {
    condition     = length([for v in aws_codebuild_project.this.environment[0].environment_variable : v if v.name == "DB_IAM_AUTH"]) == 0
    error_message = "no DB_IAM_AUTH unless iam_auth = true"
  }
}

run "iam_db_users_need_the_resource_id_and_no_wildcard" {
  command = plan

  variables {
    iam_db_users = ["*"]
  }

  expect_failures = [var.iam_db_users]
}

run "iam_auth_needs_the_grant" {
  command = plan

  variables {
    iam_auth = true
  }

  expect_failures = [var.iam_auth]
}

run "the_rds_endpoint_is_one_more_interface_endpoint_when_asked_for" {
  command = plan

  variables {
    create_rds_endpoint = true
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["secretsmanager", "logs", "ecr.api", "ecr.dkr", "rds"])
    error_message = "create_rds_endpoint must add the rds interface endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }

  assert {
    condition = (aws_vpc_endpoint.interface["rds"].service_name == "com.amazonaws.eu-central-1.rds"
      && aws_vpc_endpoint.interface["rds"].private_dns_enabled == true
    && toset(aws_vpc_endpoint.interface["rds"].security_group_ids) == toset(["sg-0e0e0e0e0e0e0e0e0"]))
    error_message = "the rds endpoint must be the region's RDS API, with private DNS, in the endpoints' group"
  }
}

run "no_rds_endpoint_and_no_rds_statement_by_default" {
  command = plan

  assert {
    condition     = !contains(keys(aws_vpc_endpoint.interface), "rds")
    error_message = "the rds endpoint is created only when create_rds_endpoint is true"
  }

  assert {
    condition     = length([for s in jsondecode(output.build_role_policy_json).Statement : s if startswith(s.Sid, "Rds")]) == 0
    error_message = "no RDS permission unless rds_instance_id or rds_cluster_id is given"
  }
}

run "an_rds_instance_gets_describe_and_snapshot_on_it_only_and_reaches_the_project" {
  command = plan

  variables {
    rds_instance_id = "orders-prod"
  }

  assert {
    condition = {
      for s in jsondecode(output.build_role_policy_json).Statement : s.Sid => s.Resource if startswith(s.Sid, "Rds")
      } == {
      RdsBackupCheck = [
        "arn:aws:rds:eu-central-1:123456789012:db:orders-prod",
        "arn:aws:rds:eu-central-1:123456789012:snapshot:rds:orders-prod-*",
        "arn:aws:rds:eu-central-1:123456789012:snapshot:db-runner-*",
      ]
      RdsSnapshotCreate = [
        "arn:aws:rds:eu-central-1:123456789012:db:orders-prod",
        "arn:aws:rds:eu-central-1:123456789012:snapshot:db-runner-*",
      ]
      RdsSnapshotTag = "arn:aws:rds:eu-central-1:123456789012:snapshot:db-runner-*"
    }
    error_message = "the RDS statements must name that instance, its automated snapshots and the runner's own only"
  }

  assert {
    condition = contains([for v in aws_codebuild_project.this.environment[0].environment_variable : v], {
      name  = "DB_INSTANCE_ID"
      type  = "PLAINTEXT"
      value = "orders-prod"
    })
    error_message = "rds_instance_id must reach the runner as DB_INSTANCE_ID"
  }
}

run "an_rds_id_that_rds_would_not_store_as_given_fails_naming_it" {
  command = plan

  variables {
    rds_instance_id = "Orders_Prod"
  }

  expect_failures = [var.rds_instance_id]
}

run "the_rds_endpoint_needs_the_modules_endpoints" {
  command = plan

  variables {
    create_vpc_endpoints                 = false
    existing_endpoints_security_group_id = "sg-0e0e0e0e0e0e0e0e1"
    existing_s3_prefix_list_id           = "pl-6ea54007"
    create_rds_endpoint                  = true
  }

  expect_failures = [var.create_rds_endpoint]
}
