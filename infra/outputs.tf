output "project_name" {
  description = "The CodeBuild project: export CODEBUILD_PROJECT=<this> for `codebuild run`."
  value       = aws_codebuild_project.this.name
}

output "role_arn" {
  description = "The project's service role."
  value       = aws_iam_role.codebuild.arn
}

output "security_group_id" {
  description = "The builds' security group (the source the database's group allows 5432 from)."
  value       = aws_security_group.codebuild.id
}

output "repository_url" {
  description = "Where to push the runner's image: docker push <this>:<image_tag>."
  value       = aws_ecr_repository.this.repository_url
}

output "log_group_name" {
  description = "The builds' CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "build_role_policy_json" {
  description = "The service role's inline policy, the same document `iam-policy` prints for the same inputs; known at plan time."
  value       = local.build_role_policy_json
}
