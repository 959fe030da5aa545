package org.daadaar.runner.codebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsCalls;
import org.daadaar.runner.aws.AwsClients;
import org.daadaar.runner.aws.AwsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.SortOrderType;

/**
 * The CodeBuild and CloudWatch Logs calls the operator's commands make, each named by its IAM
 * action for the messages, and answered in the runner's own types.
 */
public final class Builds implements AutoCloseable {
    private static final AwsClients.Timeouts TIMEOUTS =
            new AwsClients.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** BatchGetBuilds takes at most 100 ids, and the first page of ListBuildsForProject holds 100. */
    private static final int BATCH = 100;

    private final CodeBuildClient codeBuild;
    private final CloudWatchLogsClient logs;
    private final AwsCalls codeBuildCalls;
    private final AwsCalls logsCalls;

    private Builds(CodeBuildClient codeBuild, CloudWatchLogsClient logs) {
        this.codeBuild = codeBuild;
        this.logs = logs;
        this.codeBuildCalls = new AwsCalls(AwsClients.where(codeBuild, "CodeBuild"));
        this.logsCalls = new AwsCalls(AwsClients.where(logs, "CloudWatch Logs"));
    }

    /** @param region --region, or null for the environment and the SDK's chain */
    public static Builds connect(String region, Map<String, String> env) {
        CodeBuildClient codeBuild = AwsClients.build(
                CodeBuildClient.builder(), "CodeBuild", "AWS_ENDPOINT_URL_CODEBUILD", region, env, TIMEOUTS);
        CloudWatchLogsClient logs = AwsClients.build(
                CloudWatchLogsClient.builder(),
                "CloudWatch Logs",
                "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
                region,
                env,
                TIMEOUTS);
        return new Builds(codeBuild, logs);
    }

    /**
     * Starts a build with the buildspec and the environment given, every variable as PLAINTEXT:
     * what travels here is a task's options, never a secret.
     */
    public BuildInfo start(String project, String buildspec, Map<String, String> environment) {
        List<EnvironmentVariable> variables = environment.entrySet().stream()
                .map(e -> EnvironmentVariable.builder()
                        .name(e.getKey())
                        .value(e.getValue())
                        .type(EnvironmentVariableType.PLAINTEXT)
                        .build())
                .toList();
        Build build = codeBuildCalls
                .call(
                        "codebuild:StartBuild",
                        "project " + project,
                        () -> codeBuild.startBuild(r -> r.projectName(project)
                                .buildspecOverride(buildspec)
                                .environmentVariablesOverride(variables)))
                .build();
        return info(build);
    }

    public BuildInfo get(String buildId) {
        List<BuildInfo> found = get(List.of(buildId));
        if (found.isEmpty()) {
            throw RunnerException.badInput("no build " + buildId + " in this account and region: check the id"
                    + " (PROJECT:UUID, as codebuild list prints it) and --region");
        }
        return found.get(0);
    }

    /** The project's most recent builds, newest first. */
    public List<BuildInfo> recent(String project, int limit) {
        List<String> ids = codeBuildCalls
                .call(
                        "codebuild:ListBuildsForProject",
                        "project " + project,
                        () -> codeBuild.listBuildsForProject(
                                r -> r.projectName(project).sortOrder(SortOrderType.DESCENDING)))
                .ids();
        return get(ids.subList(0, Math.min(Math.min(limit, BATCH), ids.size())));
    }

    public void stop(String buildId) {
        codeBuildCalls.call("codebuild:StopBuild", "build " + buildId, () -> codeBuild.stopBuild(r -> r.id(buildId)));
    }

    /**
     * The events after {@code token} (from the head of the stream when it is null). A stream that
     * CodeBuild has named but not yet created reads as empty.
     */
    public LogPage logEvents(String group, String stream, String token) {
        GetLogEventsResponse response;
        try {
            response = logsCalls.call(
                    "logs:GetLogEvents",
                    "log group " + group,
                    () -> logs.getLogEvents(r -> r.logGroupName(group)
                            .logStreamName(stream)
                            .startFromHead(true)
                            .nextToken(token)));
        } catch (RunnerException e) {
            if (e.getCause() instanceof AwsServiceException aws
                    && "ResourceNotFoundException".equals(AwsFailures.errorCode(aws))) {
                return new LogPage(List.of(), token);
            }
            throw e;
        }
        List<String> lines =
                response.events().stream().map(e -> stripNewline(e.message())).toList();
        return new LogPage(lines, response.nextForwardToken());
    }

    private List<BuildInfo> get(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        BatchGetBuildsResponse response = codeBuildCalls.call(
                "codebuild:BatchGetBuilds",
                "build " + ids.get(0) + (ids.size() > 1 ? " and " + (ids.size() - 1) + " more" : ""),
                () -> codeBuild.batchGetBuilds(r -> r.ids(ids)));
        Map<String, Build> byId = new HashMap<>();
        response.builds().forEach(b -> byId.put(b.id(), b));
        List<BuildInfo> found = new ArrayList<>();
        ids.stream().map(byId::get).filter(Objects::nonNull).map(Builds::info).forEach(found::add);
        return found;
    }

    private static BuildInfo info(Build b) {
        Map<String, String> variables = new HashMap<>();
        if (b.environment() != null) {
            b.environment().environmentVariables().forEach(v -> {
                // Only plain text is shown: the value of any other type names where a secret lives.
                if (v.type() == null || v.type() == EnvironmentVariableType.PLAINTEXT) {
                    variables.put(v.name(), v.value());
                }
            });
        }
        List<BuildInfo.Phase> phases = b.phases().stream().map(Builds::phase).toList();
        String group = b.logs() == null ? null : b.logs().groupName();
        String stream = b.logs() == null ? null : b.logs().streamName();
        return new BuildInfo(
                b.id(),
                b.arn(),
                b.projectName(),
                b.buildStatusAsString(),
                Boolean.TRUE.equals(b.buildComplete()),
                b.currentPhase(),
                phases,
                group,
                stream,
                task(variables),
                b.initiator(),
                b.startTime(),
                b.endTime());
    }

    private static BuildInfo.Phase phase(BuildPhase p) {
        List<String> contexts = p.contexts().stream()
                .map(Builds::context)
                .filter(s -> !s.isBlank())
                .toList();
        return new BuildInfo.Phase(
                p.phaseTypeAsString(), p.phaseStatusAsString(), p.startTime(), p.endTime(), contexts);
    }

    private static String context(PhaseContext c) {
        String code = c.statusCode() == null ? "" : c.statusCode();
        String message = c.message() == null ? "" : c.message().strip();
        return code.isEmpty() || message.isEmpty() ? code + message : code + ": " + message;
    }

    /** What the build runs: TASK, else what the older switches of the buildspec stand for. */
    private static String task(Map<String, String> variables) {
        String task = variables.getOrDefault("TASK", "").strip();
        if (!task.isEmpty()) {
            return task;
        }
        List<String> tasks = new ArrayList<>();
        if ("true".equals(variables.get("RUN_MIGRATIONS"))) {
            tasks.add("migrate");
        }
        if ("true".equals(variables.get("RUN_SEED"))) {
            tasks.add("seed");
        }
        return String.join(" ", tasks);
    }

    private static String stripNewline(String message) {
        if (message == null) {
            return "";
        }
        int end = message.length();
        while (end > 0 && (message.charAt(end - 1) == '\n' || message.charAt(end - 1) == '\r')) {
            end--;
        }
        return message.substring(0, end);
    }

    @Override
    public void close() {
        codeBuild.close();
        logs.close();
    }
}
