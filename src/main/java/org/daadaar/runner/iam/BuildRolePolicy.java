package org.daadaar.runner.iam;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.Json;

/**
 * The least-privilege policy of the CodeBuild project's service role, as AWS documents it for a
 * project in a VPC that pulls a private ECR image: its own log group, pull from one repository,
 * the network-interface actions of a VPC build, GetSecretValue on exactly the secrets given, and
 * rds-db:connect as the database users named for IAM login ({@link DatabaseLogin}), if any.
 * Made from its inputs alone, without a call to AWS, so that it can be reviewed before it is applied.
 */
public record BuildRolePolicy(
        String partition,
        String region,
        String account,
        String logGroup,
        String repository,
        String repositoryAccount,
        String repositoryRegion,
        List<String> secretArns,
        List<String> kmsKeyArns,
        List<String> subnetIds,
        DatabaseLogin databaseLogin,
        RdsBackupAccess rdsBackup) {

    /** ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/REPOSITORY[:TAG|@DIGEST] */
    private static final Pattern IMAGE_URI = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([a-z0-9][a-z0-9._/-]*?)(?::[\\w][\\w.-]*|@sha256:[0-9a-f]{64})?");
    /** A full secret ARN ends in the hyphen and six characters that Secrets Manager appends to the name. */
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}");

    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-f0-9-]+");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public BuildRolePolicy {
        requireNonNull(partition, "partition");
        requireNonNull(region, "region");
        requireNonNull(account, "account");
        requireNonNull(logGroup, "logGroup");
        requireNonNull(repository, "repository");
        secretArns = List.copyOf(secretArns);
        kmsKeyArns = List.copyOf(kmsKeyArns);
        subnetIds = List.copyOf(subnetIds);
        rdsBackup = rdsBackup == null ? RdsBackupAccess.NONE : rdsBackup;
    }

    /** The same policy, with migrate's backup guard allowed on that instance or cluster. */
    public BuildRolePolicy withRdsBackup(RdsBackupAccess access) {
        return with(databaseLogin, access);
    }

    /** The same policy, which also lets the build log in by IAM token as {@code login}'s users (null: none). */
    public BuildRolePolicy withDatabaseLogin(DatabaseLogin login) {
        return with(login, rdsBackup);
    }

    private BuildRolePolicy with(DatabaseLogin login, RdsBackupAccess access) {
        return new BuildRolePolicy(
                partition,
                region,
                account,
                logGroup,
                repository,
                repositoryAccount,
                repositoryRegion,
                secretArns,
                kmsKeyArns,
                subnetIds,
                login,
                access);
    }

    /**
     * Checks every input and fills what the image URI tells: the repository, and the account and
     * region when they are not given.
     *
     * @param region null for the image's region
     * @param account null for the image's account
     * @param logGroup null for CodeBuild's default, /aws/codebuild/PROJECT
     */
    public static BuildRolePolicy of(
            String project,
            String imageUri,
            String region,
            String account,
            String logGroup,
            List<String> secretArns,
            List<String> kmsKeyArns,
            List<String> subnetIds) {
        if (project == null || project.isBlank()) {
            throw RunnerException.badInput(
                    "--project (CODEBUILD_PROJECT) is required: the policy names the" + " project's log group");
        }
        if (imageUri == null || imageUri.isBlank()) {
            throw RunnerException.badInput("--image-uri (IMAGE_URI) is required: the policy allows pulling from"
                    + " that image's ECR repository only");
        }
        Matcher image = IMAGE_URI.matcher(imageUri.strip());
        if (!image.matches()) {
            throw RunnerException.badInput("--image-uri must be an ECR image such as"
                    + " 123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner:1.4.0 (was '" + imageUri + "')");
        }
        if (secretArns.isEmpty()) {
            throw RunnerException.badInput("--secret-arn is required at least once: the build reads DATABASE_URL"
                    + " from Secrets Manager, and the policy allows exactly the secrets named");
        }
        secretArns.forEach(arn -> check(
                SECRET_ARN,
                arn,
                "--secret-arn",
                "the full ARN, with the six characters"
                        + " Secrets Manager appends (arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-AbCdEf);"
                        + " without them the statement matches nothing"));
        kmsKeyArns.forEach(arn -> check(
                KMS_KEY_ARN,
                arn,
                "--kms-key-arn",
                "a key ARN such as arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        subnetIds.forEach(id -> check(SUBNET, id, "--subnet-id", "a subnet id such as subnet-0123456789abcdef0"));
        String chosenAccount = account == null || account.isBlank() ? image.group(1) : account.strip();
        check(ACCOUNT, chosenAccount, "--account-id", "twelve digits");
        String partition = image.group(3) == null ? "aws" : "aws-cn";
        String chosenRegion = region == null || region.isBlank() ? image.group(2) : region.strip();
        String group = logGroup == null || logGroup.isBlank() ? "/aws/codebuild/" + project.strip() : logGroup.strip();
        return new BuildRolePolicy(
                partition,
                chosenRegion,
                chosenAccount,
                group,
                image.group(4),
                image.group(1),
                image.group(2),
                secretArns,
                kmsKeyArns,
                subnetIds,
                null,
                RdsBackupAccess.NONE);
    }

    public Map<String, Object> document() {
        List<Object> statements = new ArrayList<>();
        String logGroupArn = arn("logs", region, account, "log-group:" + logGroup);
        statements.add(statement(
                "Logs",
                List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logGroupArn, logGroupArn + ":*"),
                null));
        // GetAuthorizationToken has no resource to scope it to; the pull itself is scoped below.
        statements.add(statement("EcrLogin", List.of("ecr:GetAuthorizationToken"), "*", null));
        statements.add(statement(
                "EcrPull",
                List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"),
                arn("ecr", repositoryRegion, repositoryAccount, "repository/" + repository),
                null));
        // The Describe* and Create/DeleteNetworkInterface actions of a VPC build take no resource-level scope.
        statements.add(statement(
                "VpcNetworkInterfaces",
                List.of(
                        "ec2:CreateNetworkInterface",
                        "ec2:DescribeDhcpOptions",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DeleteNetworkInterface",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeVpcs"),
                "*",
                null));
        Map<String, Object> equals = new LinkedHashMap<>();
        equals.put("ec2:AuthorizedService", "codebuild.amazonaws.com");
        if (!subnetIds.isEmpty()) {
            equals.put(
                    "ec2:Subnet",
                    subnetIds.stream()
                            .map(s -> arn("ec2", region, account, "subnet/" + s))
                            .toList());
        }
        statements.add(statement(
                "VpcNetworkInterfacePermission",
                List.of("ec2:CreateNetworkInterfacePermission"),
                arn("ec2", region, account, "network-interface/*"),
                Map.of("StringEquals", equals)));
        statements.add(
                statement("DatabaseSecret", List.of("secretsmanager:GetSecretValue"), oneOrList(secretArns), null));
        if (!kmsKeyArns.isEmpty()) {
            statements.add(statement(
                    "DatabaseSecretKey",
                    List.of("kms:Decrypt"),
                    oneOrList(kmsKeyArns),
                    Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager." + region + ".amazonaws.com"))));
        }
        if (databaseLogin != null) {
            statements.add(databaseLogin.statement(partition, region, account));
        }
        statements.addAll(rdsBackup.statements(partition, region, account));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return document;
    }

    public String json() {
        return Json.pretty(document());
    }

    private String arn(String service, String inRegion, String inAccount, String resource) {
        return "arn:" + partition + ":" + service + ":" + inRegion + ":" + inAccount + ":" + resource;
    }

    /** One resource as a string, several as a list, as IAM's documents and infra/iam.tf write them. */
    static Object oneOrList(List<String> resources) {
        return resources.size() == 1 ? resources.get(0) : resources;
    }

    /** @param condition null for none */
    static Map<String, Object> statement(
            String sid, List<String> actions, Object resource, Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resource);
        if (condition != null) {
            statement.put("Condition", condition);
        }
        return statement;
    }

    private static void check(Pattern pattern, String value, String option, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw RunnerException.badInput(option + " must be " + expected + " (was '" + value + "')");
        }
    }
}
