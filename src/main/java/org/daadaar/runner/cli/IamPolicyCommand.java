package org.daadaar.runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsEnvironment;
import org.daadaar.runner.iam.BuildRolePolicy;
import org.daadaar.runner.iam.DatabaseLogin;
import org.daadaar.runner.iam.PolicyDiff;
import org.daadaar.runner.iam.RdsBackupAccess;
import org.daadaar.runner.iam.RolePolicies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

@Command(
        name = "iam-policy",
        mixinStandardHelpOptions = true,
        description = {
            "Print the least-privilege policy of the CodeBuild project's service role: its log group, pull"
                    + " from the image's ECR repository, the network interfaces of a VPC build, and GetSecretValue on"
                    + " exactly the secrets given; with --iam-db-resource-id and --iam-db-user, rds-db:connect as"
                    + " those database users.",
            "With --apply --role NAME, put it on the role as an inline policy and print what changed."
        })
final class IamPolicyCommand implements OperatorCommand, RunsAlone {
    @Override
    public CommandGroup group() {
        return CommandGroup.FROM_A_LAPTOP;
    }

    @Override
    public int runAlone(RootCommand root, ParseResult self) {
        return root.operate(this);
    }

    private static final String ROLE_NAME = "[\\w+=,.@-]{1,64}";

    @Mixin
    ProjectOption project = new ProjectOption();

    @Option(
            names = "--region",
            paramLabel = "R",
            description = "The project's region, else the global --region, else the environment's, else the image's.")
    String region;

    @Option(
            names = "--image-uri",
            paramLabel = "URI",
            description = "The runner's image in ECR, ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG.")
    String imageUri;

    @Option(names = "--account-id", paramLabel = "ID", description = "The project's account (default: the image's).")
    String accountId;

    @Option(
            names = "--log-group",
            paramLabel = "NAME",
            description = "The project's log group (default: /aws/codebuild/PROJECT, CodeBuild's own).")
    String logGroup;

    @Option(
            names = "--secret-arn",
            paramLabel = "ARN",
            required = false,
            description = "A secret the build reads, full ARN; repeat for each (the database URL's, the password's).")
    List<String> secretArns = new ArrayList<>();

    @Option(
            names = "--kms-key-arn",
            paramLabel = "ARN",
            description =
                    "A customer-managed KMS key of those secrets; repeat for each. Not needed for aws/secretsmanager.")
    List<String> kmsKeyArns = new ArrayList<>();

    @Option(
            names = "--subnet-id",
            paramLabel = "ID",
            description = "A subnet of the project's VPC configuration; repeat for each. Scopes the network-interface"
                    + " permission to them.")
    List<String> subnetIds = new ArrayList<>();

    @Option(
            names = "--iam-db-resource-id",
            paramLabel = "ID",
            description = "For --iam-auth: the database's resource id (db-..., an Aurora cluster's cluster-...,"
                    + " a proxy's prx-...), with --iam-db-user; grants rds-db:connect as those users only.")
    String iamDbResourceId;

    @Option(
            names = "--iam-db-user",
            paramLabel = "USER",
            description = "For --iam-auth: a database user the build logs in as by IAM token; repeat for each.")
    List<String> iamDbUsers = new ArrayList<>();

    @Option(
            names = "--rds-instance-id",
            paramLabel = "ID",
            description = "Also allow migrate --require-backup-within / --snapshot-first on this RDS instance:"
                    + " describe it and its snapshots, create and tag snapshots named db-runner-*.")
    String rdsInstanceId;

    @Option(
            names = "--rds-cluster-id",
            paramLabel = "ID",
            description = "The same for an Aurora cluster (its describe and cluster-snapshot actions).")
    String rdsClusterId;

    @Option(names = "--apply", description = "Put the policy on --role as an inline policy, and print what changed.")
    boolean apply;

    @Option(names = "--role", paramLabel = "NAME", description = "The project's service role (name or ARN).")
    String role;

    @Option(
            names = "--policy-name",
            paramLabel = "NAME",
            description = "The inline policy's name (default db-runner-build).")
    String policyName = "db-runner-build";

    @Override
    public int run(OperatorContext context) {
        BuildRolePolicy policy = BuildRolePolicy.of(
                        project.name(),
                        imageUri,
                        AwsEnvironment.region(context.region(region), context.env()),
                        accountId,
                        logGroup,
                        secretArns,
                        kmsKeyArns,
                        subnetIds)
                .withDatabaseLogin(DatabaseLogin.of(iamDbResourceId, iamDbUsers))
                .withRdsBackup(new RdsBackupAccess(rdsInstanceId, rdsClusterId));
        String document = policy.json();
        if (!apply) {
            if (role != null) {
                throw RunnerException.badInput("--role only applies with --apply");
            }
            context.line(document);
            return ExitCode.OK;
        }
        String roleName = roleName();
        if (!policyName.matches("[\\w+=,.@-]{1,128}")) {
            throw RunnerException.badInput(
                    "--policy-name may hold letters, digits and +=,.@-_ only (was '" + policyName + "')");
        }
        try (RolePolicies iam = RolePolicies.connect(context.env(), policy.partition())) {
            Optional<String> current = iam.current(roleName, policyName);
            List<String> changes = PolicyDiff.between(current.orElse(null), document);
            if (current.isPresent() && changes.isEmpty()) {
                context.line("role " + roleName + " already has inline policy " + policyName + " as it should be;"
                        + " nothing changed");
                return ExitCode.OK;
            }
            iam.put(roleName, policyName, document);
            context.line((current.isPresent() ? "updated" : "created") + " inline policy " + policyName + " on role "
                    + roleName + ":");
            changes.forEach(line -> context.line("  " + line));
            return ExitCode.OK;
        }
    }

    /** A role ARN (arn:aws:iam::123456789012:role/path/name) names the role by its last segment. */
    private String roleName() {
        if (role == null || role.isBlank()) {
            throw RunnerException.badInput("--apply needs --role NAME: the project's service role");
        }
        String name = role.strip().startsWith("arn:") ? role.substring(role.lastIndexOf('/') + 1) : role.strip();
        if (!name.matches(ROLE_NAME)) {
            throw RunnerException.badInput("--role must be a role name or ARN (was '" + role + "')");
        }
        return name;
    }
}
