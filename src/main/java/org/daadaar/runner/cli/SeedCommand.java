package org.daadaar.runner.cli;

import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.seed.SeedTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the reference data in db/seed (packaged in the jar) in one transaction. Idempotent: a second run"
                    + " inserts nothing and says so.",
            "With --demo, also generate demo data inside PostgreSQL, for rehearsals and benchmarks; refused for a"
                    + " host that is not loopback unless --allow-remote-demo."
        })
final class SeedCommand implements TaskCommand {
    private static final int DEFAULT_SCALE = 10_000;

    @Option(
            names = "--demo",
            description = "Also generate demo data: users (10%% test users), individuals,"
                    + " organizations, roles, occupancies, reports, votes, media.")
    boolean demo;

    @Option(
            names = "--scale",
            paramLabel = "N",
            description = "Demo users to generate (default 10000, at most 10000000).")
    Integer scale;

    @Option(names = "--allow-remote-demo", description = "Allow --demo on a host that is not loopback.")
    boolean allowRemoteDemo;

    @Override
    public Task task() {
        if (!demo) {
            if (scale != null || allowRemoteDemo) {
                throw RunnerException.badInput("--scale and --allow-remote-demo only apply with --demo");
            }
            return SeedTask.reference();
        }
        int users = scale == null ? DEFAULT_SCALE : OptionValues.inRange(scale, 1, SeedTask.MAX_SCALE, "--scale");
        return SeedTask.withDemo(users, allowRemoteDemo);
    }
}
