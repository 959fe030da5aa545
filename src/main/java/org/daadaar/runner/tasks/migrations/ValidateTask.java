package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.ReadOnlyTask;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Checks that the applied migrations are the ones given: same checksums, descriptions and types,
 * none missing. Pending migrations are not a difference (they are what migrate is for); they are
 * counted in the report.
 */
public final class ValidateTask implements ReadOnlyTask {
    private final MigrationSource source;

    public ValidateTask(MigrationSource source) {
        this.source = requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public TaskResult run(TaskContext context) {
        ValidateResult result;
        int applied = 0;
        int pending = 0;
        try {
            var flyway = FlywaySetup.load(FlywaySetup.configure(context, source).ignoreMigrationPatterns("*:pending"));
            result = flyway.validateWithResult();
            if (result.validationSuccessful) {
                MigrationInfoService info = flyway.info();
                applied = info.applied().length;
                pending = info.pending().length;
            }
        } catch (FlywayException e) {
            throw FlywayFailures.classify(name(), e, Optional.empty(), context);
        }
        if (!result.validationSuccessful) {
            List<String> differences = new ArrayList<>();
            for (ValidateOutput invalid : result.invalidMigrations) {
                differences.add(difference(invalid));
            }
            if (differences.isEmpty() && result.errorDetails != null) {
                differences.add(FlywayFailures.oneLine(result.errorDetails.errorMessage));
            }
            throw RunnerException.taskFailed(
                    "validate: " + Wording.count(differences.size(), "difference")
                            + " between the applied migrations and the ones given: " + String.join("; ", differences),
                    null);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("applied", applied);
        details.put("pending", pending);
        return new TaskResult(
                name(),
                TaskStatus.SUCCEEDED,
                details,
                List.of("validate: the "
                        + Wording.count(applied, "applied migration matches", "applied migrations match")
                        + " the given ones"
                        + (pending == 0 ? "" : " (" + pending + " pending, not yet applied)")));
    }

    private static String difference(ValidateOutput invalid) {
        String what = invalid.version == null || invalid.version.isEmpty()
                ? "repeatable " + invalid.description
                : "V" + invalid.version + " " + invalid.description;
        String file = invalid.filepath == null || invalid.filepath.isEmpty() ? "" : " (" + invalid.filepath + ")";
        String problem =
                invalid.errorDetails == null ? "differs" : FlywayFailures.advice(invalid.errorDetails.errorMessage);
        if (invalid.errorDetails != null && invalid.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH) {
            boolean versioned = invalid.version != null && !invalid.version.isEmpty();
            problem = "checksum drift, the file changed after it was applied (" + problem + "); restore what was"
                    + " applied and put the change in a new migration"
                    + (versioned
                            ? ", or accept the file as it is now with repair --accept-checksum " + invalid.version
                            : "");
        }
        return what + file + ": " + problem;
    }
}
