terraform {
  # 1.9 for validations that name other variables; 1.11 for the tests' mocks during plan.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x renames data.aws_region's `name` to `region`; stay on 5.x until the module moves.
      version = ">= 5.100, < 6.0"
    }
  }
}
