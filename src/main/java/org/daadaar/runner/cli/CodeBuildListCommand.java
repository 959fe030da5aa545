package org.daadaar.runner.cli;

import java.time.Instant;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.codebuild.BuildInfo;
import org.daadaar.runner.codebuild.BuildTable;
import org.daadaar.runner.codebuild.Builds;
import org.daadaar.runner.output.Json;
import org.daadaar.runner.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "The project's recent builds, newest first: id, status, task, initiator, start, duration.")
final class CodeBuildListCommand implements OperatorCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ProjectOption project = new ProjectOption();

    @Option(names = "--limit", paramLabel = "N", description = "How many builds (1 to 100, default 20).")
    int limit = 20;

    @Option(
            names = "--output",
            paramLabel = "text|json",
            description = "A table, or one JSON object per build per line.")
    String output = "text";

    @Override
    public int run(OperatorContext context) {
        String project = this.project.name();
        if (limit < 1 || limit > 100) {
            throw RunnerException.badInput("--limit must be between 1 and 100 (was " + limit + ")");
        }
        boolean json = RootCommand.format("--output", output) == OutputFormat.JSON;
        try (Builds builds = Builds.connect(context.region(aws.region), context.env())) {
            List<BuildInfo> recent = builds.recent(project, limit);
            Instant now = Instant.now();
            if (json) {
                recent.forEach(b -> context.line(Json.write(BuildTable.json(b, now))));
            } else if (recent.isEmpty()) {
                context.line("no builds of project " + project + " yet");
            } else {
                BuildTable.lines(recent, now).forEach(context::line);
            }
            return ExitCode.OK;
        }
    }
}
