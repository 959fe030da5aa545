resource "aws_codebuild_project" "this" {
  name          = var.name
  description   = "db-runner tasks (migrate, seed, ...) inside the database's VPC"
  service_role  = aws_iam_role.codebuild.arn
  build_timeout = var.build_timeout_minutes
  # The hard guard behind `codebuild run`'s own check for a build in progress: two migrations
  # never run at once, even when two operators start one in the same second.
  concurrent_build_limit = 1

  artifacts {
    type = "NO_ARTIFACTS"
  }

  # The repo's buildspec, packaged into the project; `codebuild run` sends the working copy's
  # buildspec.yml as an override, so both stay the same file.
  source {
    type      = "NO_SOURCE"
    buildspec = file("${path.module}/../buildspec.yml")
  }

  environment {
    type         = "LINUX_CONTAINER"
    compute_type = var.compute_type
    # The runner's own image is the build's environment: CodeBuild pulls it from ECR with the
    # service role, so the build needs no Docker, no privileged mode and no `docker login`.
    image                       = local.image_uri
    image_pull_credentials_type = "SERVICE_ROLE"
    privileged_mode             = false

    # CodeBuild reads the secret into the variable itself; its value never appears in the
    # project, the plan or the state.
    environment_variable {
      name  = "DATABASE_URL"
      type  = "SECRETS_MANAGER"
      value = var.database_url_secret_arn
    }

    dynamic "environment_variable" {
      for_each = var.db_password_secret_arn == null ? [] : [var.db_password_secret_arn]
      content {
        # The runner reads this secret itself (--password-secret-id): an id, not a value.
        name  = "DB_PASSWORD_SECRET_ID"
        type  = "PLAINTEXT"
        value = environment_variable.value
      }
    }

    dynamic "environment_variable" {
      for_each = var.iam_auth ? ["true"] : []
      content {
        # The runner's --iam-auth: a token per connection, no password.
        name  = "DB_IAM_AUTH"
        type  = "PLAINTEXT"
        value = environment_variable.value
      }
    }

    # So that migrate's backup guard and doctor know the database without --db-instance-id.
    dynamic "environment_variable" {
      for_each = { for k, v in { DB_INSTANCE_ID = var.rds_instance_id, DB_CLUSTER_ID = var.rds_cluster_id } : k => v if v != null }
      content {
        name  = environment_variable.key
        type  = "PLAINTEXT"
        value = environment_variable.value
      }
    }
  }

  vpc_config {
    vpc_id             = var.vpc_id
    subnets            = var.subnet_ids
    security_group_ids = [aws_security_group.codebuild.id]
  }

  logs_config {
    cloudwatch_logs {
      status     = "ENABLED"
      group_name = aws_cloudwatch_log_group.this.name
    }
    s3_logs {
      status = "DISABLED"
    }
  }

  tags = var.tags

  # CodeBuild checks the role's VPC permissions when the project is made, and pulls the image
  # at the first build: the policy, the repository and the way out must exist first.
  depends_on = [
    aws_iam_role_policy.build,
    aws_ecr_repository.this,
    aws_vpc_endpoint.interface,
    aws_vpc_endpoint.s3,
    aws_vpc_security_group_egress_rule.codebuild_to_endpoints,
    aws_vpc_security_group_egress_rule.codebuild_to_s3,
  ]
}
