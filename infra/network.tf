# Security groups and VPC endpoints, as the runbook states them: the endpoints' group allows 443
# from the build's group; the build's group allows 443 out to the endpoints (and to S3's prefix
# list) and 5432 out to the database's group; the database's group gets 5432 in from the build's.
# Nothing wider: Terraform removes the allow-all egress rule AWS puts on a new group, and each
# rule below names a group or a prefix list, never a CIDR.
#
# The Amazon-provided DNS resolver (VPC base + 2), which resolves the endpoints' private names,
# is not subject to security group rules, so no rule for port 53 is needed.

locals {
  interface_endpoints = var.create_vpc_endpoints ? toset(concat(["secretsmanager", "logs", "ecr.api", "ecr.dkr"], var.create_rds_endpoint ? ["rds"] : [])) : toset([])

  endpoints_security_group_id = var.create_vpc_endpoints ? aws_security_group.endpoints[0].id : var.existing_endpoints_security_group_id
  s3_prefix_list_id           = var.create_vpc_endpoints ? aws_vpc_endpoint.s3[0].prefix_list_id : var.existing_s3_prefix_list_id
}

resource "aws_security_group" "codebuild" {
  name        = "${var.name}-codebuild"
  description = "db-runner builds: 443 to the VPC endpoints and S3, 5432 to the database"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-codebuild" })
}

resource "aws_security_group" "endpoints" {
  count = var.create_vpc_endpoints ? 1 : 0

  name        = "${var.name}-vpc-endpoints"
  description = "VPC interface endpoints for db-runner: 443 from the build's group"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-vpc-endpoints" })
}

# With existing endpoints (create_vpc_endpoints = false) the rule goes on their group.
resource "aws_vpc_security_group_ingress_rule" "endpoints_from_codebuild" {
  security_group_id            = local.endpoints_security_group_id
  description                  = "HTTPS from ${var.name} builds"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.codebuild.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "codebuild_to_endpoints" {
  security_group_id            = aws_security_group.codebuild.id
  description                  = "HTTPS to the VPC interface endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = local.endpoints_security_group_id
  tags                         = var.tags
}

# A gateway endpoint has no network interface and no security group: the build reaches S3's own
# addresses through a route, so the only rule that lets the image's layers in is one to the
# endpoint's prefix list (S3's address ranges in this region). It is still narrower than
# 0.0.0.0/0, and without it CodeBuild cannot pull the image.
resource "aws_vpc_security_group_egress_rule" "codebuild_to_s3" {
  security_group_id = aws_security_group.codebuild.id
  description       = "HTTPS to S3 through the gateway endpoint (ECR image layers)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = local.s3_prefix_list_id
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "codebuild_to_database" {
  security_group_id            = aws_security_group.codebuild.id
  description                  = "PostgreSQL to the database"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.database_security_group_id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "database_from_codebuild" {
  security_group_id            = var.database_security_group_id
  description                  = "PostgreSQL from ${var.name} builds"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.codebuild.id
  tags                         = var.tags
}

# Without a NAT gateway these are the build's only way to AWS; with private DNS, the SDK's and
# CodeBuild's default endpoint names resolve to them.
resource "aws_vpc_endpoint" "interface" {
  for_each = local.interface_endpoints

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  # An interface endpoint takes one subnet per Availability Zone.
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.endpoints[0].id]
  tags               = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_vpc_endpoint" "s3" {
  count = var.create_vpc_endpoints ? 1 : 0

  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
  tags              = merge(var.tags, { Name = "${var.name}-s3" })
}
