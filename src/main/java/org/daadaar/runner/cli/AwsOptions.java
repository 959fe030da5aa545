package org.daadaar.runner.cli;

import picocli.CommandLine.Option;

/** The region option of the operator's commands. */
final class AwsOptions {
    @Option(
            names = "--region",
            paramLabel = "R",
            description = "AWS region, else the global --region, else the environment's, else the profile's.")
    String region;
}
