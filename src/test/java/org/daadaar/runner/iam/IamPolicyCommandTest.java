package org.daadaar.runner.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** iam-policy through the real command line, and --apply through the real IAM client against WireMock. */
class IamPolicyCommandTest {
    private static final String SECRET =
            "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf";
    private static final String[] POLICY_ARGS = {
        "iam-policy",
        "--project",
        "db-runner",
        "--image-uri",
        "123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner:1.4.0",
        "--secret-arn",
        SECRET,
        "--subnet-id",
        "subnet-0123456789abcdef0"
    };

    private static final String EXPECTED =
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "Logs",
                  "Effect": "Allow",
                  "Action": [
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents"
                  ],
                  "Resource": [
                    "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/db-runner",
                    "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/db-runner:*"
                  ]
                },
                {
                  "Sid": "EcrLogin",
                  "Effect": "Allow",
                  "Action": [
                    "ecr:GetAuthorizationToken"
                  ],
                  "Resource": "*"
                },
                {
                  "Sid": "EcrPull",
                  "Effect": "Allow",
                  "Action": [
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage"
                  ],
                  "Resource": "arn:aws:ecr:eu-central-1:123456789012:repository/db-runner"
                },
                {
                  "Sid": "VpcNetworkInterfaces",
                  "Effect": "Allow",
                  "Action": [
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeVpcs"
                  ],
                  "Resource": "*"
                },
                {
                  "Sid": "VpcNetworkInterfacePermission",
                  "Effect": "Allow",
                  "Action": [
                    "ec2:CreateNetworkInterfacePermission"
                  ],
                  "Resource": "arn:aws:ec2:eu-central-1:123456789012:network-interface/*",
                  "Condition": {
                    "StringEquals": {
                      "ec2:AuthorizedService": "codebuild.amazonaws.com",
                      "ec2:Subnet": [
                        "arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-0123456789abcdef0"
                      ]
                    }
                  }
                },
                {
                  "Sid": "DatabaseSecret",
                  "Effect": "Allow",
                  "Action": [
                    "secretsmanager:GetSecretValue"
                  ],
                  "Resource": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-runner/database-url-AbCdEf"
                }
              ]
            }""";

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    @Test
    void prints_the_least_privilege_policy_without_calling_aws() {
        CliRun run = CliRun.run(aws.env(), POLICY_ARGS);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo(EXPECTED);
        assertThat(aws.all()).isEmpty();
    }

    @Test
    void rds_backup_access_is_added_for_that_instance_and_cluster_only_and_only_when_asked_for() {
        String[] args = concat(POLICY_ARGS, "--rds-instance-id", "orders-prod", "--rds-cluster-id", "orders");

        CliRun run = CliRun.run(aws.env(), args);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String rds = "arn:aws:rds:eu-central-1:123456789012:";
        assertThat(run.out())
                .as("the policy without them, then the RDS statements")
                .startsWith(
                        EXPECTED.substring(0, EXPECTED.lastIndexOf("  ]\n}")).stripTrailing() + ",")
                .contains(
                        """
                            {
                              "Sid": "RdsBackupCheck",
                              "Effect": "Allow",
                              "Action": [
                                "rds:DescribeDBInstances",
                                "rds:DescribeDBSnapshots"
                              ],
                              "Resource": [
                                "%1$sdb:orders-prod",
                                "%1$ssnapshot:rds:orders-prod-*",
                                "%1$ssnapshot:db-runner-*"
                              ]
                            },
                            {
                              "Sid": "RdsSnapshotCreate",
                              "Effect": "Allow",
                              "Action": [
                                "rds:CreateDBSnapshot"
                              ],
                              "Resource": [
                                "%1$sdb:orders-prod",
                                "%1$ssnapshot:db-runner-*"
                              ]
                            },
                            {
                              "Sid": "RdsSnapshotTag",
                              "Effect": "Allow",
                              "Action": [
                                "rds:AddTagsToResource"
                              ],
                              "Resource": "%1$ssnapshot:db-runner-*"
                            },
                        """
                                .formatted(rds))
                .contains("\"" + rds + "cluster:orders\"", "\"" + rds + "cluster-snapshot:rds:orders-*\"")
                .contains("\"rds:DescribeDBClusters\"", "\"rds:DescribeDBClusterSnapshots\"")
                .contains("\"rds:CreateDBClusterSnapshot\"")
                .doesNotContain("rds:*", rds + "db:*", "\"*\"\n      ]");
        assertThat(CliRun.run(aws.env(), POLICY_ARGS).out()).doesNotContain("rds:");
        assertThat(aws.all()).isEmpty();
    }

    @Test
    void an_rds_id_that_rds_would_not_store_as_given_is_bad_input() {
        String[] args = concat(POLICY_ARGS, "--rds-instance-id", "Orders");

        CliRun run = CliRun.run(aws.env(), args);

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--rds-instance-id must be an RDS identifier as RDS stores it")
                .contains("'Orders'");
    }

    @Test
    void a_secret_arn_without_its_suffix_or_no_secret_at_all_is_bad_input() {
        CliRun partial = CliRun.run(
                aws.env(),
                "iam-policy",
                "--image-uri",
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner:1.4.0",
                "--secret-arn",
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db");
        CliRun none = CliRun.run(
                aws.env(),
                "iam-policy",
                "--image-uri",
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/db-runner:1.4.0");

        assertThat(partial.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(partial.err()).contains("--secret-arn must be the full ARN", "six characters");
        assertThat(none.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("--secret-arn is required");
    }

    @Test
    void iam_login_is_granted_as_the_named_database_users_on_that_database_only() {
        String[] one =
                concat(POLICY_ARGS, "--iam-db-resource-id", "db-ABCDEFGHIJKL01234567890", "--iam-db-user", "app");
        String[] two = concat(one, "--iam-db-user", "app_migrator");

        CliRun single = CliRun.run(aws.env(), one);
        CliRun several = CliRun.run(aws.env(), two);

        assertThat(single.exitCode()).as(single.toString()).isZero();
        String arn = "arn:aws:rds-db:eu-central-1:123456789012:dbuser:db-ABCDEFGHIJKL01234567890/";
        assertThat(single.out().strip())
                .as("the policy without IAM login, and one statement more")
                .isEqualTo(EXPECTED.substring(0, EXPECTED.lastIndexOf("\n  ]"))
                        + String.join(
                                "\n",
                                ",",
                                "    {",
                                "      \"Sid\": \"DatabaseIamLogin\",",
                                "      \"Effect\": \"Allow\",",
                                "      \"Action\": [",
                                "        \"rds-db:connect\"",
                                "      ],",
                                "      \"Resource\": \"" + arn + "app\"",
                                "    }",
                                "  ]",
                                "}"));
        assertThat(several.out())
                .contains(String.join(
                        "\n",
                        "      \"Resource\": [",
                        "        \"" + arn + "app\",",
                        "        \"" + arn + "app_migrator\"",
                        "      ]"));
        assertThat(aws.all()).isEmpty();
    }

    @Test
    void iam_login_needs_both_inputs_a_resource_id_and_named_users() {
        Map<List<String>, String> refused = Map.of(
                List.of("--iam-db-user", "app"), "--iam-db-resource-id and --iam-db-user go together",
                List.of("--iam-db-resource-id", "db-ABCDEFGHIJKL01234567890"), "go together",
                List.of("--iam-db-resource-id", "orders-db", "--iam-db-user", "app"), "not its name",
                List.of("--iam-db-resource-id", "db-ABCDEFGHIJKL0123", "--iam-db-user", "*"), "not a pattern",
                List.of("--iam-db-resource-id", "db-ABCDEFGHIJKL0123", "--iam-db-user", "app/x"),
                        "a database user name");

        refused.forEach((words, reason) -> {
            CliRun run = CliRun.run(aws.env(), concat(POLICY_ARGS, words.toArray(String[]::new)));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).as(String.join(" ", words)).contains(reason);
        });
    }

    private static String[] concat(String[] first, String... rest) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(rest))
                .toArray(String[]::new);
    }

    @Test
    void apply_creates_the_inline_policy_when_the_role_has_none_and_sends_exactly_the_document() {
        stubIam(
                "GetRolePolicy",
                404,
                error("NoSuchEntity", "The role policy with name db-runner-build cannot be found."));
        stubIam(
                "PutRolePolicy",
                200,
                "<PutRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></PutRolePolicyResponse>");

        CliRun run = CliRun.run(aws.env(), apply("arn:aws:iam::123456789012:role/service-role/codebuild-db-runner"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "created inline policy db-runner-build on role codebuild-db-runner",
                        "+ DatabaseSecret: Allow secretsmanager:GetSecretValue on " + SECRET);
        Map<String, String> put = form(iamRequests("PutRolePolicy").get(0));
        assertThat(put)
                .containsEntry("RoleName", "codebuild-db-runner")
                .containsEntry("PolicyName", "db-runner-build")
                .containsEntry("Version", "2010-05-08");
        assertThat(put.get("PolicyDocument")).isEqualTo(EXPECTED);
        assertThat(aws.all())
                .as("signed for IAM's region in the aws partition, whatever AWS_REGION and the endpoint override say")
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.getHeader("Authorization"))
                        .containsPattern("Credential=AKIDEXAMPLE/\\d{8}/us-east-1/iam/aws4_request"));
    }

    @Test
    void the_region_is_the_flag_else_aws_region_else_aws_default_region_else_the_images() {
        Map<String, String> env = new java.util.HashMap<>(aws.env());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_DEFAULT_REGION", "us-west-2");
        CliRun fromAwsRegion = CliRun.run(env, POLICY_ARGS);
        env.remove("AWS_REGION");
        CliRun fromDefaultRegion = CliRun.run(env, POLICY_ARGS);
        List<String> withFlag = new java.util.ArrayList<>(List.of(POLICY_ARGS));
        withFlag.addAll(List.of("--region", "ap-south-1"));
        CliRun fromFlag = CliRun.run(env, withFlag.toArray(String[]::new));
        env.remove("AWS_DEFAULT_REGION");
        CliRun fromImage = CliRun.run(env, POLICY_ARGS);

        assertThat(List.of(fromAwsRegion, fromDefaultRegion, fromFlag, fromImage))
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isZero());
        assertThat(fromAwsRegion.out()).contains("arn:aws:logs:eu-west-1:123456789012:log-group:");
        assertThat(fromDefaultRegion.out()).contains("arn:aws:logs:us-west-2:123456789012:log-group:");
        assertThat(fromFlag.out()).contains("arn:aws:logs:ap-south-1:123456789012:log-group:");
        assertThat(fromImage.out()).contains("arn:aws:logs:eu-central-1:123456789012:log-group:");
        assertThat(fromAwsRegion.out())
                .as("the repository stays where the image is")
                .contains("arn:aws:ecr:eu-central-1:123456789012:repository/db-runner");
    }

    @Test
    void apply_prints_what_changed_against_the_current_policy() {
        String current = EXPECTED.replace(SECRET, SECRET.replace("database-url-AbCdEf", "old-url-XyZ123"))
                .replace("\"ecr:BatchGetImage\"", "\"ecr:BatchGetImage\",\n\"ecr:PutImage\"");
        stubIam("GetRolePolicy", 200, getRolePolicy(current));
        stubIam(
                "PutRolePolicy",
                200,
                "<PutRolePolicyResponse><ResponseMetadata><RequestId>r2</RequestId>"
                        + "</ResponseMetadata></PutRolePolicyResponse>");

        CliRun run = CliRun.run(aws.env(), apply("codebuild-db-runner"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "updated inline policy db-runner-build on role codebuild-db-runner:",
                        "  ~ EcrPull: - action ecr:PutImage",
                        "  ~ DatabaseSecret: + resource " + SECRET + "; - resource "
                                + SECRET.replace("database-url-AbCdEf", "old-url-XyZ123"));
    }

    @Test
    void apply_changes_nothing_when_the_role_already_has_the_policy() {
        stubIam("GetRolePolicy", 200, getRolePolicy(EXPECTED));

        CliRun run = CliRun.run(aws.env(), apply("codebuild-db-runner"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("nothing changed");
        assertThat(iamRequests("PutRolePolicy")).isEmpty();
    }

    @Test
    void apply_ignores_order_layout_and_single_values_written_without_a_list() {
        String handWritten =
                """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Logs", "Effect": "Allow",
                   "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                   "Resource": ["arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/db-runner",
                                "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/db-runner:*"]},
                  {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
                  {"Sid": "EcrPull", "Effect": "Allow",
                   "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                   "Resource": "arn:aws:ecr:eu-central-1:123456789012:repository/db-runner"},
                  {"Sid": "VpcNetworkInterfaces", "Effect": "Allow",
                   "Action": ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                              "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions",
                              "ec2:DescribeVpcs"], "Resource": "*"},
                  {"Sid": "VpcNetworkInterfacePermission", "Effect": "Allow",
                   "Action": "ec2:CreateNetworkInterfacePermission",
                   "Resource": "arn:aws:ec2:eu-central-1:123456789012:network-interface/*",
                   "Condition": {"StringEquals": {"ec2:AuthorizedService": "codebuild.amazonaws.com"}}},
                  {"Sid": "DatabaseSecret", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                   "Resource": "%s"}]}"""
                        .formatted(SECRET);
        stubIam("GetRolePolicy", 200, getRolePolicy(handWritten));
        stubIam(
                "PutRolePolicy",
                200,
                "<PutRolePolicyResponse><ResponseMetadata><RequestId>r2</RequestId>"
                        + "</ResponseMetadata></PutRolePolicyResponse>");

        CliRun run = CliRun.run(aws.env(), apply("codebuild-db-runner"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines())
                .as("only the subnet scope is new")
                .containsExactly(
                        "updated inline policy db-runner-build on role codebuild-db-runner:",
                        "  ~ VpcNetworkInterfacePermission: condition {StringEquals={ec2:AuthorizedService=codebuild.amazonaws.com}}"
                                + " -> {StringEquals={ec2:AuthorizedService=codebuild.amazonaws.com,"
                                + " ec2:Subnet=arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-0123456789abcdef0}}");
    }

    @Test
    void apply_denied_names_the_iam_action() {
        stubIam(
                "GetRolePolicy",
                403,
                error(
                        "AccessDenied",
                        "User: arn:aws:iam::123456789012:user/alice is not"
                                + " authorized to perform: iam:GetRolePolicy on resource: role codebuild-db-runner"));

        CliRun run = CliRun.run(aws.env(), apply("codebuild-db-runner"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("not allowed to call iam:GetRolePolicy on role codebuild-db-runner");
        assertThat(iamRequests("PutRolePolicy")).isEmpty();
    }

    @Test
    void apply_needs_a_role() {
        CliRun run = CliRun.run(aws.env(), apply(null));

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--apply needs --role");
        assertThat(aws.all()).isEmpty();
    }

    private static String[] apply(String role) {
        List<String> args = new java.util.ArrayList<>(List.of(POLICY_ARGS));
        args.add("--apply");
        if (role != null) {
            args.addAll(List.of("--role", role));
        }
        return args.toArray(String[]::new);
    }

    /** IAM speaks the Query protocol: a form-encoded POST naming the Action, answered in XML. */
    private void stubIam(String action, int status, String xml) {
        aws.server()
                .stubFor(post("/")
                        .withRequestBody(containing("Action=" + action))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "text/xml")
                                .withBody(xml)));
    }

    private List<LoggedRequest> iamRequests(String action) {
        return aws.all().stream()
                .filter(r -> r.getBodyAsString().contains("Action=" + action))
                .toList();
    }

    private static String getRolePolicy(String document) {
        // IAM sends the document URL-encoded.
        return "<GetRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRolePolicyResult>"
                + "<PolicyName>db-runner-build</PolicyName><RoleName>codebuild-db-runner</RoleName><PolicyDocument>"
                + URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20")
                + "</PolicyDocument></GetRolePolicyResult><ResponseMetadata><RequestId>r1</RequestId>"
                + "</ResponseMetadata></GetRolePolicyResponse>";
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>e1</RequestId></ErrorResponse>";
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
