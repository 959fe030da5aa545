package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the database holds of the runner's own schema and what this role may do with it, read
 * from the catalogs in one query (the catalogs are readable without any privilege on the schema,
 * unlike to_regclass, which needs USAGE), so that a refusal comes before anything changes.
 *
 * @param database the database, quoted as an identifier for a GRANT line
 * @param role the current user, quoted likewise
 * @param oldTable the old V2 table (schema.runner_audit, in the schema Flyway migrated) or null
 */
record RunnerSchemaState(
        String database,
        String role,
        boolean schemaExists,
        boolean mayCreateSchema,
        boolean usage,
        boolean mayCreateInSchema,
        boolean auditInsert,
        boolean historyUnreadable,
        String appliedVersion,
        String oldTable,
        boolean ownsOldTable) {

    private static final String SQL =
            """
            with s as (select oid from pg_namespace where nspname = ?),
                 audit as (select c.oid from pg_class c join s on c.relnamespace = s.oid where c.relname = 'audit'),
                 old as (select c.oid, c.relowner from pg_class c
                         where c.relname = 'runner_audit' and c.relkind = 'r'
                           and c.relnamespace = (select oid from pg_namespace where nspname = current_schema()))
            select quote_ident(current_database()), quote_ident(current_user),
                   exists (select 1 from s),
                   has_database_privilege(current_database(), 'CREATE'),
                   coalesce((select has_schema_privilege(oid, 'USAGE') from s), false),
                   coalesce((select has_schema_privilege(oid, 'CREATE') from s), false),
                   coalesce((select has_table_privilege(oid, 'INSERT') from audit), false),
                   exists (select 1 from pg_class c join s on c.relnamespace = s.oid
                           where c.relname = 'flyway_schema_history'),
                   coalesce((select not has_table_privilege(c.oid, 'SELECT') from pg_class c join s
                             on c.relnamespace = s.oid where c.relname = 'flyway_schema_history'), false),
                   (select quote_ident(current_schema()) || '.runner_audit' from old),
                   coalesce((select pg_has_role(relowner, 'USAGE') from old), false)
            """;

    static RunnerSchemaState read(Connection c) throws SQLException {
        boolean history;
        RunnerSchemaState state;
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            st.setString(1, RunnerSchema.SCHEMA);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                history = rs.getBoolean(8);
                state = new RunnerSchemaState(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getBoolean(4),
                        rs.getBoolean(5),
                        rs.getBoolean(6),
                        rs.getBoolean(7),
                        rs.getBoolean(9),
                        null,
                        rs.getString(10),
                        rs.getBoolean(11));
            }
        }
        if (!history || !state.usage() || state.historyUnreadable()) {
            return state;
        }
        try (PreparedStatement st = c.prepareStatement("select max(version::int)::text from "
                        + RunnerSchema.SCHEMA + "." + RunnerSchema.HISTORY_TABLE
                        + " where success and version ~ '^[0-9]+$'");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return state.withAppliedVersion(rs.getString(1));
        }
    }

    private RunnerSchemaState withAppliedVersion(String version) {
        return new RunnerSchemaState(
                database,
                role,
                schemaExists,
                mayCreateSchema,
                usage,
                mayCreateInSchema,
                auditInsert,
                historyUnreadable,
                version,
                oldTable,
                ownsOldTable);
    }

    boolean upToDate() {
        return RunnerSchema.LATEST_VERSION.equals(appliedVersion);
    }

    /** Up to date, nothing to move, and the audit row can be written: no change is needed. */
    boolean ready() {
        return upToDate() && oldTable == null && auditInsert;
    }

    /** Why this role cannot set the schema up, with what an administrator runs; empty when it can. */
    Optional<String> refusal() {
        String fix;
        if (!schemaExists && !mayCreateSchema) {
            fix = "the schema " + RunnerSchema.SCHEMA + " does not exist and role " + role + " may not create it in"
                    + " database " + database + "; an administrator runs GRANT CREATE ON DATABASE " + database
                    + " TO " + role + "; or CREATE SCHEMA " + RunnerSchema.SCHEMA + " AUTHORIZATION " + role + ";";
        } else if (schemaExists && !usage) {
            fix = "role " + role + " may not use the schema " + RunnerSchema.SCHEMA + "; an administrator runs GRANT"
                    + " USAGE ON SCHEMA " + RunnerSchema.SCHEMA + " TO " + role + ";";
        } else if (historyUnreadable) {
            fix = "role " + role + " may not read " + RunnerSchema.SCHEMA + "." + RunnerSchema.HISTORY_TABLE
                    + ", which says whether the schema is up to date; an administrator runs GRANT SELECT ON "
                    + RunnerSchema.SCHEMA + "." + RunnerSchema.HISTORY_TABLE + " TO " + role + ";";
        } else if (schemaExists && !upToDate() && !mayCreateInSchema) {
            fix = "role " + role + " may not create the runner's tables in the schema " + RunnerSchema.SCHEMA
                    + "; an administrator runs GRANT CREATE ON SCHEMA " + RunnerSchema.SCHEMA + " TO " + role + ";";
        } else if (upToDate() && !auditInsert) {
            fix = "role " + role + " may not write to " + RunnerSchema.AUDIT_TABLE + "; an administrator runs GRANT"
                    + " INSERT ON " + RunnerSchema.AUDIT_TABLE + " TO " + role + ";";
        } else if (oldTable != null && !ownsOldTable) {
            fix = "role " + role + " does not own " + oldTable + ", whose rows move to " + RunnerSchema.AUDIT_TABLE
                    + "; an administrator runs ALTER TABLE " + oldTable + " OWNER TO " + role + ";";
        } else {
            return Optional.empty();
        }
        return Optional.of("the runner's audit trail lives in its own schema " + RunnerSchema.SCHEMA + ", but " + fix
                + " or run with --no-audit to run without a record. Nothing was changed.");
    }
}
