package org.daadaar.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.codebuild.BuildInfo;
import org.daadaar.runner.codebuild.BuildOutcome;
import org.daadaar.runner.codebuild.Builds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start a build of the project that runs TASK with its options in the VPC, and print its id and"
                    + " console link.",
            "The task part is checked here first, with the task's own rules and exit codes; nothing is sent when"
                    + " it is wrong. Options of run go before TASK; everything from TASK on belongs to the tasks.",
            "The build gets the repo's buildspec.yml as its buildspec, TASK and the task options as plain-text"
                    + " environment overrides (ORGANIZATION_ID=..., DRY_RUN=true, ...), never a secret."
        })
final class CodeBuildRunCommand implements OperatorCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ProjectOption project = new ProjectOption();

    @Mixin
    FollowOptions following = new FollowOptions();

    @Option(
            names = "--buildspec",
            paramLabel = "PATH",
            description = "The buildspec to send (default: buildspec.yml in the working directory).")
    Path buildspec = Path.of("buildspec.yml");

    @Option(
            names = "--allow-concurrent",
            description = "Start even while another build of the project is in progress (else exit 4).")
    boolean allowConcurrent;

    @Option(names = "--dry-run", description = "The tasks report what they would do and change nothing. Env: DRY_RUN.")
    boolean dryRun;

    @Parameters(
            arity = "1..*",
            paramLabel = "TASK [task options]",
            description = "One or more tasks with their options.")
    List<String> task;

    @Override
    public int run(OperatorContext context) {
        String project = this.project.name();
        var interval = following.interval();
        ParseResult parsed = TaskOverrides.parse(task, context.out(), context.err());
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        String spec = readBuildspec();
        Map<String, String> overrides = TaskOverrides.of(parsed, spec, dryRun);
        try (Builds builds = Builds.connect(context.region(aws.region), context.env())) {
            if (!allowConcurrent) {
                refuseWhileRunning(builds, project);
            }
            BuildInfo build = builds.start(project, spec, overrides);
            context.line("started build " + build.id() + " of project " + project + ": "
                    + overrides.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")));
            context.line("console: " + BuildOutcome.consoleLink(build));
            if (!following.follow) {
                context.note("follow it with: java -jar runner.jar codebuild logs " + build.id() + " --follow");
                return ExitCode.OK;
            }
            return Following.toEnd(builds, build.id(), interval, context);
        }
    }

    private static void refuseWhileRunning(Builds builds, String project) {
        List<BuildInfo> running = builds.recent(project, 100).stream()
                .filter(BuildInfo::inProgress)
                .toList();
        if (!running.isEmpty()) {
            BuildInfo b = running.get(0);
            throw RunnerException.guardRefused("build " + b.id() + " of project " + project + " is in progress"
                    + (b.task().isEmpty() ? "" : " (" + b.task() + ")")
                    + (b.initiator() == null ? "" : ", started by " + b.initiator())
                    + (running.size() > 1 ? ", and " + (running.size() - 1) + " more" : "")
                    + ": wait for it (codebuild logs " + b.id() + " --follow), or pass --allow-concurrent");
        }
    }

    private String readBuildspec() {
        try {
            return Files.readString(buildspec);
        } catch (NoSuchFileException e) {
            throw RunnerException.badInput("no buildspec at " + buildspec.toAbsolutePath() + ": run from the"
                    + " repository's root, or pass --buildspec PATH");
        } catch (IOException e) {
            throw RunnerException.badInput("cannot read the buildspec " + buildspec.toAbsolutePath() + ": " + e, e);
        }
    }
}
