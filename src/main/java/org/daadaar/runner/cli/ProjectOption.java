package org.daadaar.runner.cli;

import org.daadaar.runner.RunnerException;
import picocli.CommandLine.Option;

/** Which CodeBuild project runs db-runner. */
final class ProjectOption {
    @Option(names = "--project", paramLabel = "NAME", description = "The CodeBuild project that runs db-runner.")
    String project;

    String name() {
        if (project == null || project.isBlank()) {
            throw RunnerException.badInput("no CodeBuild project given: use --project NAME or set CODEBUILD_PROJECT");
        }
        return project.strip();
    }
}
