# A root module for check.sh: plans the module with the REAL AWS provider and no AWS access, to
# show that a plan reads nothing from AWS, and renders build_role_policy_json for each case for
# the comparison with `iam-policy`. check.sh gives it placeholder credentials and a proxy that
# refuses every connection, so any call to AWS would fail the plan. All cases go into one plan
# (one provider start, which is most of a plan's time); two regions, since the region in the
# ARNs comes from the provider here and from the image URI in iam-policy.

variable "cases" {
  type = map(object({
    region                  = string
    subnet_ids              = list(string)
    database_url_secret_arn = string
    db_password_secret_arn  = optional(string)
    secrets_kms_key_arns    = optional(list(string), [])
    image_tag               = string
    iam_db_resource_id      = optional(string)
    iam_db_users            = optional(list(string), [])
    rds_instance_id         = optional(string)
    rds_cluster_id          = optional(string)
  }))
}

provider "aws" {
  alias  = "eu_central_1"
  region = "eu-central-1"
  # No STS call to check the credentials or to learn the account, no instance metadata.
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
  # No STS call to check the credentials or to learn the account, no instance metadata.
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "eu_central_1" {
  source    = "../.."
  for_each  = { for name, c in var.cases : name => c if c.region == "eu-central-1" }
  providers = { aws = aws.eu_central_1 }

  name                       = each.key
  vpc_id                     = "vpc-0a1b2c3d4e5f60708"
  subnet_ids                 = each.value.subnet_ids
  route_table_ids            = ["rtb-0123456789abcdef0"]
  database_security_group_id = "sg-0dbdbdbdbdbdbdbdb"
  database_url_secret_arn    = each.value.database_url_secret_arn
  db_password_secret_arn     = each.value.db_password_secret_arn
  secrets_kms_key_arns       = each.value.secrets_kms_key_arns
  image_tag                  = each.value.image_tag
  iam_db_resource_id         = each.value.iam_db_resource_id
  iam_db_users               = each.value.iam_db_users
  rds_instance_id            = each.value.rds_instance_id
  rds_cluster_id             = each.value.rds_cluster_id
}

module "us_east_1" {
  source    = "../.."
  for_each  = { for name, c in var.cases : name => c if c.region == "us-east-1" }
  providers = { aws = aws.us_east_1 }

  name                       = each.key
  vpc_id                     = "vpc-0a1b2c3d4e5f60708"
  subnet_ids                 = each.value.subnet_ids
  route_table_ids            = ["rtb-0123456789abcdef0"]
  database_security_group_id = "sg-0dbdbdbdbdbdbdbdb"
  database_url_secret_arn    = each.value.database_url_secret_arn
  db_password_secret_arn     = each.value.db_password_secret_arn
  secrets_kms_key_arns       = each.value.secrets_kms_key_arns
  image_tag                  = each.value.image_tag
  iam_db_resource_id         = each.value.iam_db_resource_id
  iam_db_users               = each.value.iam_db_users
  rds_instance_id            = each.value.rds_instance_id
  rds_cluster_id             = each.value.rds_cluster_id
}

output "build_role_policy_json" {
  value = merge(
    { for name, m in module.eu_central_1 : name => m.build_role_policy_json },
    { for name, m in module.us_east_1 : name => m.build_role_policy_json },
  )
}
