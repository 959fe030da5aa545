package org.daadaar.runner.tasks.lint;

import java.util.List;

/** What the recogniser made of one statement: the shapes the rules look at, or why it could not tell. */
sealed interface Ddl {
    /** A relation's name as written: {@code sql} for to_regclass (quotes kept), {@code shown} for people. */
    record Name(String sql, String shown) {
        @Override
        public String toString() {
            return shown;
        }
    }

    record CreateIndex(Name table, boolean concurrently) implements Ddl {}

    record CreateTable(Name table) implements Ddl {}

    record AlterTable(Name table, List<Action> actions) implements Ddl {}

    record DropTables(List<Name> tables) implements Ddl {}

    record Truncate(List<Name> tables) implements Ddl {}

    /** @param tables empty for the whole database */
    record Vacuum(boolean full, List<Name> tables) implements Ddl {}

    /** @param table null for CLUSTER without a table, which reclusters every table clustered before */
    record Cluster(Name table) implements Ddl {}

    /** @param kind index, table, schema, database or system */
    record Reindex(String kind, Name target, boolean concurrently) implements Ddl {}

    record LockTable(List<Name> tables, String mode) implements Ddl {}

    record AlterTypeAddValue(Name type) implements Ddl {}

    /** A statement PostgreSQL never runs inside a transaction block, whatever its table. */
    record OutsideTransactionOnly(String what) implements Ddl {}

    /** A statement the recogniser knows and that no rule is about (a new table, a type, a grant...). */
    record NoRule(String what) implements Ddl {}

    record NotUnderstood(String why) implements Ddl {}

    sealed interface Action {}

    /**
     * @param defaultExpression the DEFAULT's tokens, or null without one
     * @param implicitDefault serial, identity or a stored generated column: a volatile default
     *     that PostgreSQL computes for every existing row, whatever the expression
     */
    record AddColumn(
            String column, String type, List<SqlToken> defaultExpression, boolean notNull, String implicitDefault)
            implements Action {}

    record AlterColumnType(String column, String type, boolean using) implements Action {}

    record SetNotNull(String column) implements Action {}

    /**
     * @param kind foreign key, check, unique, primary key or exclude
     * @param check the column that a {@code CHECK (col IS NOT NULL)} covers, else null
     */
    record AddConstraint(String name, String kind, boolean notValid, boolean usingIndex, String check, Name references)
            implements Action {}

    record ValidateConstraint(String name) implements Action {}

    record DropColumn(String column) implements Action {}

    record RenameTable(String to) implements Action {}

    record RenameColumn(String from, String to) implements Action {}

    /** Catalog-only changes: DROP NOT NULL, SET/DROP DEFAULT, DROP CONSTRAINT, SET STATISTICS... */
    record CatalogOnly(String what) implements Action {}
}
