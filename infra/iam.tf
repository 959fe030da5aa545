# The service role's policy is the one `java -jar runner.jar iam-policy` prints for the same inputs
# (BuildRolePolicy.java): the same Sids, actions, resources and conditions, in the same shapes (a
# lone secret or key is a string, several are a list). check.sh renders both and compares them as
# JSON. Change one, change the other.
#
# Written with jsonencode, not data.aws_iam_policy_document, so that it is known at plan time and
# exact under the tests' mock provider, which would invent a data source's `json`.
locals {
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  rds_arn       = "arn:${local.partition}:rds:${local.region}:${local.account_id}:"
  # Both statement lists below are evaluated, the one not chosen too: no null in their strings.
  rds_instance_id = var.rds_instance_id == null ? "" : var.rds_instance_id
  rds_cluster_id  = var.rds_cluster_id == null ? "" : var.rds_cluster_id

  build_role_statements = concat(
    [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [local.log_group_arn, "${local.log_group_arn}:*"]
      },
      {
        # GetAuthorizationToken has no resource to scope it to; the pull itself is scoped below.
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid      = "EcrPull"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.name}"
      },
      {
        # The Describe* and Create/DeleteNetworkInterface actions of a VPC build take no resource-level scope.
        Sid    = "VpcNetworkInterfaces"
        Effect = "Allow"
        Action = [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeDhcpOptions",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeVpcs",
        ]
        Resource = "*"
      },
      {
        Sid      = "VpcNetworkInterfacePermission"
        Effect   = "Allow"
        Action   = ["ec2:CreateNetworkInterfacePermission"]
        Resource = "arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"
        Condition = {
          StringEquals = {
            "ec2:AuthorizedService" = "codebuild.amazonaws.com"
            "ec2:Subnet"            = [for id in var.subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${id}"]
          }
        }
      },
      {
        Sid    = "DatabaseSecret"
        Effect = "Allow"
        Action = ["secretsmanager:GetSecretValue"]
        # A lone secret is a string and several a list, as iam-policy prints them; a conditional
        # cannot return either type, a tuple indexed by a known number can.
        Resource = [local.secret_arns[0], local.secret_arns][length(local.secret_arns) == 1 ? 0 : 1]
      },
    ],
    length(var.secrets_kms_key_arns) == 0 ? [] : [
      {
        Sid      = "DatabaseSecretKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.secrets_kms_key_arns[0], var.secrets_kms_key_arns][length(var.secrets_kms_key_arns) == 1 ? 0 : 1]
        Condition = {
          StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" }
        }
      },
    ],
    length(local.iam_db_user_arns) == 0 ? [] : [
      {
        Sid      = "DatabaseIamLogin"
        Effect   = "Allow"
        Action   = ["rds-db:connect"]
        Resource = [local.iam_db_user_arns[0], local.iam_db_user_arns][length(local.iam_db_user_arns) == 1 ? 0 : 1]
      },
    ],
    # migrate's backup guard (iam/RdsBackupAccess.java): that instance or cluster, its automated
    # snapshots (rds:ID-*) and the runner's own (db-runner-*), nothing else. The statements differ
    # in shape (a lone resource is a string), so a conditional could not return them or none; a
    # tuple indexed by a known number can, as for Resource above.
    [[], [
      {
        Sid    = "RdsBackupCheck"
        Effect = "Allow"
        Action = ["rds:DescribeDBInstances", "rds:DescribeDBSnapshots"]
        Resource = [
          "${local.rds_arn}db:${local.rds_instance_id}",
          "${local.rds_arn}snapshot:rds:${local.rds_instance_id}-*",
          "${local.rds_arn}snapshot:db-runner-*",
        ]
      },
      {
        Sid      = "RdsSnapshotCreate"
        Effect   = "Allow"
        Action   = ["rds:CreateDBSnapshot"]
        Resource = ["${local.rds_arn}db:${local.rds_instance_id}", "${local.rds_arn}snapshot:db-runner-*"]
      },
      {
        # The snapshot is tagged as it is created, which RDS authorizes as AddTagsToResource on it.
        Sid      = "RdsSnapshotTag"
        Effect   = "Allow"
        Action   = ["rds:AddTagsToResource"]
        Resource = "${local.rds_arn}snapshot:db-runner-*"
      },
    ]][var.rds_instance_id == null ? 0 : 1],
    [[], [
      {
        Sid    = "RdsClusterBackupCheck"
        Effect = "Allow"
        Action = ["rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots"]
        Resource = [
          "${local.rds_arn}cluster:${local.rds_cluster_id}",
          "${local.rds_arn}cluster-snapshot:rds:${local.rds_cluster_id}-*",
          "${local.rds_arn}cluster-snapshot:db-runner-*",
        ]
      },
      {
        Sid      = "RdsClusterSnapshotCreate"
        Effect   = "Allow"
        Action   = ["rds:CreateDBClusterSnapshot"]
        Resource = ["${local.rds_arn}cluster:${local.rds_cluster_id}", "${local.rds_arn}cluster-snapshot:db-runner-*"]
      },
      {
        Sid      = "RdsClusterSnapshotTag"
        Effect   = "Allow"
        Action   = ["rds:AddTagsToResource"]
        Resource = "${local.rds_arn}cluster-snapshot:db-runner-*"
      },
    ]][var.rds_cluster_id == null ? 0 : 1],
  )

  # RDS checks rds-db:connect on the user of the database's resource id; the names, never "*".
  iam_db_user_arns = [for user in var.iam_db_users :
    "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${var.iam_db_resource_id}/${user}"
  ]

  build_role_policy_json = jsonencode({
    Version   = "2012-10-17"
    Statement = local.build_role_statements
  })
}

resource "aws_iam_role" "codebuild" {
  name = "${var.name}-codebuild"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Only this project, in this account, may use the role (the confused-deputy guard AWS
      # recommends for service roles).
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = local.project_arn }
      }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "build" {
  # The name `iam-policy --apply` uses by default, so that a later `iam-policy --apply --role`
  # with the same inputs finds nothing to change.
  name   = "db-runner-build"
  role   = aws_iam_role.codebuild.id
  policy = local.build_role_policy_json
}
