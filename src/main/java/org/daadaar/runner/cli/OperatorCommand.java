package org.daadaar.runner.cli;

/**
 * A command that works on AWS from an operator's machine (codebuild, iam-policy) and never
 * connects to a database, so {@link RootCommand} runs it alone, without the tasks' set-up.
 */
interface OperatorCommand {
    /** @return the exit code; failures are thrown as RunnerException */
    int run(OperatorContext context);
}
