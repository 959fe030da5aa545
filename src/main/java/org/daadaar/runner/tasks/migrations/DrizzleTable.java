package org.daadaar.runner.tasks.migrations;

import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;

/**
 * drizzle's history table, SCHEMA.TABLE as drizzle's migrator names it (migrationsSchema,
 * migrationsTable; by default drizzle.__drizzle_migrations). drizzle quotes both names as given,
 * so they are quoted here as given too, after a check that keeps the name a plain identifier.
 */
public record DrizzleTable(String schema, String table) {
    public static final String DEFAULT = "drizzle.__drizzle_migrations";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    public static DrizzleTable parse(String name) {
        String[] parts = name == null ? new String[0] : name.split("\\.", -1);
        if (parts.length != 2
                || !IDENTIFIER.matcher(parts[0]).matches()
                || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw RunnerException.badInput("--drizzle-table must be SCHEMA.TABLE of plain identifiers, such as "
                    + DEFAULT + " (was '" + name + "')");
        }
        return new DrizzleTable(parts[0], parts[1]);
    }

    String quoted() {
        return '"' + schema + "\".\"" + table + '"';
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
