variable "name" {
  description = "Name of the CodeBuild project, the ECR repository and the role's prefix; the log group is /aws/codebuild/NAME."
  type        = string
  default     = "db-runner"
  nullable    = false

  validation {
    # The strictest of the three: an ECR repository name, which is also a valid project name.
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{1,54}$", var.name))
    error_message = "name must be 2 to 55 lower-case letters, digits, '-' or '_', starting with a letter or digit (it names the ECR repository and the CodeBuild project)."
  }
}

variable "vpc_id" {
  description = "The database's VPC, where the build runs."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the VPC for the build and the interface endpoints (one per Availability Zone)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "subnet_ids must name at least one private subnet of vpc_id: the build and the VPC endpoints need one."
  }

  validation {
    # The same pattern as `iam-policy --subnet-id`, so both renderings accept the same inputs.
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must hold subnet ids such as subnet-0123456789abcdef0."
  }

  validation {
    condition     = length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids must not name a subnet twice."
  }
}

variable "database_security_group_id" {
  description = "The database's security group; it gets TCP 5432 in from the build's group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.database_security_group_id))
    error_message = "database_security_group_id must be a security group id such as sg-0123456789abcdef0."
  }
}

variable "database_url_secret_arn" {
  description = "Full ARN of the Secrets Manager secret holding DATABASE_URL (with the six characters Secrets Manager appends). Its account is the account of every ARN in the role's policy."
  type        = string
  nullable    = false

  validation {
    # The same pattern as `iam-policy --secret-arn`. A partial ARN (without the suffix) would
    # make a policy statement that matches no secret.
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$", var.database_url_secret_arn))
    error_message = "database_url_secret_arn must be a Secrets Manager secret's full ARN, with the six characters Secrets Manager appends, such as arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf."
  }
}

variable "db_password_secret_arn" {
  description = "Optional full ARN of a secret holding only the database password (DB_PASSWORD_SECRET_ID); the role may read it too."
  type        = string
  default     = null

  validation {
    condition     = var.db_password_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$", var.db_password_secret_arn))
    error_message = "db_password_secret_arn must be null or a Secrets Manager secret's full ARN, with the six characters Secrets Manager appends, such as arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/password-AbCdEf."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys of those secrets, if any (as `iam-policy --kms-key-arn`); not needed for aws/secretsmanager."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.secrets_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-f0-9-]+$", arn))])
    error_message = "secrets_kms_key_arns must hold key ARNs such as arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab."
  }
}

variable "image_tag" {
  description = "Tag of the runner's image in the module's ECR repository, the project's environment image. Tags are immutable: a new image needs a new tag."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be an image tag such as 1.4.0 (letters, digits, '_', '.', '-'; at most 128)."
  }
}

variable "create_vpc_endpoints" {
  description = "Create the interface endpoints (secretsmanager, logs, ecr.api, ecr.dkr) and the S3 gateway endpoint. Set false for a VPC that already has them, and give existing_endpoints_security_group_id and existing_s3_prefix_list_id."
  type        = bool
  default     = true
  nullable    = false
}

variable "route_table_ids" {
  description = "Route tables of subnet_ids, for the S3 gateway endpoint (ECR's image layers come from S3; a gateway endpoint is a route, not an interface). Required when create_vpc_endpoints is true."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = !var.create_vpc_endpoints || length(var.route_table_ids) > 0
    error_message = "route_table_ids must name the route tables of subnet_ids when create_vpc_endpoints is true: the S3 gateway endpoint, through which the image's layers come, is reached by a route."
  }

  validation {
    condition     = alltrue([for id in var.route_table_ids : can(regex("^rtb-[0-9a-f]{8,17}$", id))])
    error_message = "route_table_ids must hold route table ids such as rtb-0123456789abcdef0."
  }
}

variable "existing_endpoints_security_group_id" {
  description = "With create_vpc_endpoints = false: the security group of the VPC's existing interface endpoints. It gets TCP 443 in from the build's group, and the build's group 443 out to it."
  type        = string
  default     = null

  validation {
    condition     = var.create_vpc_endpoints || var.existing_endpoints_security_group_id != null
    error_message = "existing_endpoints_security_group_id is required when create_vpc_endpoints is false: the build reaches the existing endpoints through 443 to their group."
  }

  validation {
    condition     = var.existing_endpoints_security_group_id == null || can(regex("^sg-[0-9a-f]{8,17}$", var.existing_endpoints_security_group_id))
    error_message = "existing_endpoints_security_group_id must be a security group id such as sg-0123456789abcdef0."
  }
}

variable "existing_s3_prefix_list_id" {
  description = "With create_vpc_endpoints = false: the prefix list of the VPC's S3 gateway endpoint (pl-...), the one destination the build's group allows 443 to outside the endpoints' group."
  type        = string
  default     = null

  validation {
    condition     = var.create_vpc_endpoints || var.existing_s3_prefix_list_id != null
    error_message = "existing_s3_prefix_list_id is required when create_vpc_endpoints is false: the image's layers come from S3 through the gateway endpoint, whose prefix list the build's group must allow 443 to."
  }

  validation {
    condition     = var.existing_s3_prefix_list_id == null || can(regex("^pl-[0-9a-f]{8,17}$", var.existing_s3_prefix_list_id))
    error_message = "existing_s3_prefix_list_id must be a prefix list id such as pl-6ea54007."
  }
}

variable "rds_instance_id" {
  description = "Optional RDS instance for migrate --require-backup-within / --snapshot-first (as `iam-policy --rds-instance-id`): the role may describe it and its snapshots and create and tag snapshots named db-runner-*, and the project gets DB_INSTANCE_ID."
  type        = string
  default     = null

  validation {
    # The same rule as `iam-policy --rds-instance-id`: RDS's identifier as RDS stores it (lower case).
    condition     = var.rds_instance_id == null || can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.rds_instance_id)) && length(var.rds_instance_id == null ? "" : var.rds_instance_id) <= 63
    error_message = "rds_instance_id must be null or an RDS instance identifier as RDS stores it: up to 63 lower-case letters, digits and hyphens, a letter first, no hyphen last or twice in a row."
  }
}

variable "rds_cluster_id" {
  description = "Optional Aurora cluster for the same (as `iam-policy --rds-cluster-id`): describe it and its cluster snapshots, create and tag cluster snapshots named db-runner-*; the project gets DB_CLUSTER_ID."
  type        = string
  default     = null

  validation {
    condition     = var.rds_cluster_id == null || can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.rds_cluster_id)) && length(var.rds_cluster_id == null ? "" : var.rds_cluster_id) <= 63
    error_message = "rds_cluster_id must be null or an Aurora cluster identifier as RDS stores it: up to 63 lower-case letters, digits and hyphens, a letter first, no hyphen last or twice in a row."
  }
}

variable "create_rds_endpoint" {
  description = "Also create an interface VPC endpoint for the RDS API (com.amazonaws.REGION.rds), which migrate's backup guard calls; without a NAT gateway the build has no other way to it. Needs create_vpc_endpoints (with existing endpoints, add rds to them)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.create_rds_endpoint || var.create_vpc_endpoints
    error_message = "create_rds_endpoint needs create_vpc_endpoints = true: with the VPC's existing endpoints, add an rds endpoint to them instead."
  }
}

variable "ecr_keep_images" {
  description = "How many images the ECR lifecycle policy keeps; older ones expire."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.ecr_keep_images >= 1 && floor(var.ecr_keep_images) == var.ecr_keep_images
    error_message = "ecr_keep_images must be a whole number of at least 1."
  }
}

variable "log_retention_days" {
  description = "Retention of the project's CloudWatch log group, in days."
  type        = number
  default     = 90
  nullable    = false

  validation {
    # The values CloudWatch Logs accepts (PutRetentionPolicy).
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "build_timeout_minutes" {
  description = "The project's build timeout, in minutes: how long a task may run before CodeBuild stops it (TIMED_OUT, exit 3 for `codebuild run --follow`)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.build_timeout_minutes >= 5 && var.build_timeout_minutes <= 2160 && floor(var.build_timeout_minutes) == var.build_timeout_minutes
    error_message = "build_timeout_minutes must be a whole number from 5 to 2160 (CodeBuild's bounds)."
  }
}

variable "compute_type" {
  description = "The project's compute type; the runner needs little (one JVM, one connection)."
  type        = string
  default     = "BUILD_GENERAL1_SMALL"
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
  nullable    = false
}

# RDS IAM database authentication (the runner's --iam-auth): the same grant as
# `iam-policy --iam-db-resource-id ID --iam-db-user USER`.
variable "iam_db_resource_id" {
  description = "For IAM database login: the database's resource id, not its name (an instance's DbiResourceId db-..., an Aurora cluster's cluster-..., an RDS Proxy's prx-...). With iam_db_users, the role may rds-db:connect as those users on it."
  type        = string
  default     = null

  validation {
    # The same pattern as `iam-policy --iam-db-resource-id`.
    condition     = var.iam_db_resource_id == null || can(regex("^(db|cluster|prx)-[A-Z0-9]{4,64}$", var.iam_db_resource_id))
    error_message = "iam_db_resource_id must be null or a database's resource id such as db-ABCDEFGHIJKL01234567890 (aws rds describe-db-instances --query 'DBInstances[].DbiResourceId'), cluster-... or prx-..., not its name."
  }
}

variable "iam_db_users" {
  description = "For IAM database login: the database users the build may log in as by IAM token (the user of DATABASE_URL), each by name. Each needs GRANT rds_iam TO <user> in the database."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    # The same pattern as `iam-policy --iam-db-user`: a name, never a wildcard.
    condition     = alltrue([for user in var.iam_db_users : can(regex("^[A-Za-z_][A-Za-z0-9_.$-]{0,62}$", user))])
    error_message = "iam_db_users must hold database user names such as app_migrator; no wildcard, which would let the build log in as any user."
  }

  validation {
    condition     = (var.iam_db_resource_id == null) == (length(var.iam_db_users) == 0)
    error_message = "iam_db_users and iam_db_resource_id go together: the grant names the database by its resource id and each user the build logs in as."
  }
}

variable "iam_auth" {
  description = "Builds log in by RDS IAM token instead of a password: DB_IAM_AUTH=true in the project's environment (the runner's --iam-auth). Needs iam_db_resource_id and iam_db_users, and a DATABASE_URL secret without a password."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.iam_auth || length(var.iam_db_users) > 0
    error_message = "iam_auth = true needs iam_db_resource_id and iam_db_users: without rds-db:connect the role's tokens are refused."
  }
}
