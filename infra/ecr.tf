resource "aws_ecr_repository" "this" {
  name = var.name
  # A tag names one image for good: a build that ran 1.4.0 ran the same bytes as every other.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  tags = var.tags

  lifecycle {
    # The account of the policy's ARNs comes from the secret's ARN (plan reads nothing from AWS);
    # this is where a secret in another account, or a provider in another region, shows up.
    postcondition {
      condition     = self.repository_url == local.repository_url
      error_message = "The ECR repository is ${self.repository_url}, but database_url_secret_arn puts the project in account ${local.account_id}, region ${local.region} (${local.repository_url}): run with credentials of the secret's account."
    }
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.ecr_keep_images} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.ecr_keep_images
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}
