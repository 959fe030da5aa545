# The CodeBuild set-up of db-runner: the build runs the runner's image as its environment image,
# inside the database's VPC, with no way out but the VPC endpoints and the database's port.
#
# Nothing here reads from AWS when it plans: data.aws_region and data.aws_partition are answered
# from the provider's configuration and its built-in partition table (data.aws_region stopped
# calling EC2 DescribeRegions in provider 1.9.0, hashicorp/terraform-provider-aws#3157), and the
# account comes from the secret's ARN instead of STS. check.sh proves it with a plan against the
# real provider with no network.

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  # Not data.aws_caller_identity, which would call STS at plan time. The ECR repository's
  # postcondition checks, once it exists, that the provider's account and this one agree.
  account_id = split(":", var.database_url_secret_arn)[4]
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix

  # CodeBuild's default group name, which `iam-policy` assumes when --log-group is not given.
  log_group_name = "/aws/codebuild/${var.name}"

  # What aws_ecr_repository.repository_url will be, known at plan time so that the project's
  # image and the role's policy can be reviewed in the plan.
  repository_url = "${local.account_id}.dkr.ecr.${local.region}.${local.dns_suffix}/${var.name}"
  image_uri      = "${local.repository_url}:${var.image_tag}"

  # Written out, not taken from aws_codebuild_project.arn: the role's trust policy names it
  # before the project exists.
  project_arn = "arn:${local.partition}:codebuild:${local.region}:${local.account_id}:project/${var.name}"

  secret_arns = compact([var.database_url_secret_arn, var.db_password_secret_arn])
}
