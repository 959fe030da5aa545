package org.daadaar.runner.tasks.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.db.Transaction;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;

/**
 * Applies the reference data of db/seed, and with --demo generates demo data on top, all in one
 * transaction: a failure leaves nothing behind, and a dry run rolls the same work back to report
 * exactly what it would have inserted.
 */
public final class SeedTask implements Task {
    public static final int MAX_SCALE = 10_000_000;

    private final boolean demo;
    private final int scale;
    private final boolean allowRemoteDemo;

    private SeedTask(boolean demo, int scale, boolean allowRemoteDemo) {
        this.demo = demo;
        this.scale = scale;
        this.allowRemoteDemo = allowRemoteDemo;
    }

    public static SeedTask reference() {
        return new SeedTask(false, 0, false);
    }

    /** @param scale the number of demo users, 1 to {@link #MAX_SCALE}, checked by the caller */
    public static SeedTask withDemo(int scale, boolean allowRemoteDemo) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale out of range: " + scale);
        }
        return new SeedTask(true, scale, allowRemoteDemo);
    }

    @Override
    public String name() {
        return "seed";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("demo", demo);
        if (demo) {
            p.put("scale", scale);
            p.put("allow_remote_demo", allowRemoteDemo);
        }
        return p;
    }

    @Override
    public TaskResult run(TaskContext context) throws Exception {
        String host = context.settings().url().host();
        if (demo && !allowRemoteDemo && !SslPolicy.isLoopback(host)) {
            throw RunnerException.badInput("seed --demo is refused for " + host + ", which is not a loopback address:"
                    + " demo data belongs in a throwaway database; add --allow-remote-demo if this one is");
        }
        ReferenceData reference = ReferenceData.packaged();
        Outcome outcome = Transaction.run(context.dataSource(), !context.dryRun(), c -> {
            Map<String, Long> inserted = reference.apply(c);
            boolean demoPresent = demo && DemoData.present(c);
            Map<String, Long> demoInserted = demo && !demoPresent ? DemoData.generate(c, scale) : Map.of();
            return new Outcome(inserted, demoPresent, demoInserted);
        });
        return result(context.dryRun(), reference.scriptNames(), outcome);
    }

    private record Outcome(Map<String, Long> reference, boolean demoAlreadyPresent, Map<String, Long> demo) {
        long total() {
            return reference.values().stream().mapToLong(Long::longValue).sum()
                    + demo.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private TaskResult result(boolean dryRun, List<String> scripts, Outcome outcome) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scripts", scripts);
        details.put("inserted", outcome.reference());
        List<String> lines = new ArrayList<>();
        String verb = Wording.did(dryRun, "inserted", "insert");
        String prefix = Wording.prefix(name(), dryRun);
        if (outcome.reference().values().stream().allMatch(n -> n == 0)) {
            lines.add(
                    prefix + "reference data already present, nothing to insert (" + String.join(", ", scripts) + ")");
        } else {
            lines.add(prefix + verb + " reference data: " + describe(outcome.reference()));
        }
        if (demo) {
            details.put("demo_scale", scale);
            details.put("demo_inserted", outcome.demo());
            details.put("demo_already_present", outcome.demoAlreadyPresent());
            lines.add(
                    outcome.demoAlreadyPresent()
                            ? prefix + "demo data already present (user " + DemoData.MARKER
                                    + " exists), nothing generated;" + " use a fresh database for another scale"
                            : prefix + verb + " demo data at scale " + scale + ": " + describe(outcome.demo()));
        }
        TaskStatus status =
                dryRun ? TaskStatus.DRY_RUN : outcome.total() == 0 ? TaskStatus.NOTHING_TO_DO : TaskStatus.SUCCEEDED;
        return new TaskResult(name(), status, details, lines);
    }

    private static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
