package org.daadaar.runner.tasks.lint;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.daadaar.runner.tasks.lint.Ddl.Name;

/**
 * The rules, applied to one recognised statement with the live catalog. Severity by size, where a
 * rule is about a lock held while rows are read or written: error on a big table (the settings'
 * threshold), warning on a smaller one with rows, nothing on an empty table or one that a
 * pending migration creates. The rules that are not about time (destructive, rename, a statement
 * that cannot run in a transaction, NOT NULL without a default) do not depend on size.
 */
final class Rules {
    /** Words before a parenthesis that are SQL syntax, not functions in pg_proc. */
    private static final Set<String> NOT_FUNCTIONS = Set.of(
            "cast",
            "coalesce",
            "nullif",
            "greatest",
            "least",
            "array",
            "row",
            "extract",
            "position",
            "substring",
            "trim",
            "overlay",
            "in",
            "exists",
            "any",
            "all",
            "some",
            "values",
            "over",
            "filter",
            "within",
            "and",
            "or",
            "not",
            "then",
            "else",
            "when",
            "case",
            "is");

    private static final String NON_TRANSACTIONAL_FIX = Linter.NON_TRANSACTIONAL_FIX;

    /** Where a statement is, and how Flyway runs its script. */
    record Where(String file, int line, String statement, boolean inTransaction, String whyTransaction) {}

    private final LiveCatalog catalog;
    private final LintSettings settings;
    private final Set<String> createdTables = new HashSet<>();
    /** Validated CHECK (col IS NOT NULL), by table and column, added by an earlier pending statement. */
    private final Set<String> notNullChecks = new HashSet<>();
    /** The same checks added NOT VALID, by constraint name, until a VALIDATE CONSTRAINT. */
    private final Map<String, String> unvalidatedChecks = new HashMap<>();

    Rules(LiveCatalog catalog, LintSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    List<Finding> check(Ddl ddl, Where where) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        outsideTransaction(ddl).ifPresent(what -> {
            if (where.inTransaction()) {
                findings.add(finding(
                        where,
                        Rule.NON_TRANSACTIONAL_IN_TRANSACTION,
                        Severity.ERROR,
                        what + " cannot run inside a transaction block, and Flyway would run this one in a"
                                + " transaction (" + where.whyTransaction() + "): PostgreSQL stops it with"
                                + " SQLSTATE 25001",
                        null,
                        null,
                        null,
                        NON_TRANSACTIONAL_FIX));
            }
        });
        if (ddl instanceof Ddl.CreateIndex index) {
            createIndex(index, where, findings);
        } else if (ddl instanceof Ddl.CreateTable table) {
            createdTables.add(key(table.table()));
        } else if (ddl instanceof Ddl.AlterTable alter) {
            for (Ddl.Action action : alter.actions()) {
                alterTable(alter.table(), action, where, findings);
            }
        } else if (ddl instanceof Ddl.DropTables drop) {
            for (Name table : drop.tables()) {
                destructive(table, "DROP TABLE " + table + " deletes the table and its rows", where, findings);
            }
        } else if (ddl instanceof Ddl.Truncate truncate) {
            for (Name table : truncate.tables()) {
                destructive(table, "TRUNCATE " + table + " deletes every row", where, findings);
            }
        } else if (ddl instanceof Ddl.Vacuum vacuum) {
            vacuum(vacuum, where, findings);
        } else if (ddl instanceof Ddl.Cluster cluster) {
            rewriteLock(
                    cluster.table(),
                    Rule.CLUSTER,
                    "CLUSTER rewrites the table in index order",
                    "the rewrite and sort of the table and its indexes",
                    "pg_repack --order-by rebuilds it online with a brief lock at the end; or leave it: the order"
                            + " decays with every write anyway",
                    where,
                    findings);
        } else if (ddl instanceof Ddl.Reindex reindex) {
            reindex(reindex, where, findings);
        } else if (ddl instanceof Ddl.LockTable lock) {
            lockTable(lock, where, findings);
        } else if (ddl instanceof Ddl.NotUnderstood nope) {
            findings.add(finding(
                    where,
                    Rule.NOT_CHECKED,
                    Severity.NOT_CHECKED,
                    "not checked: the linter does not understand " + nope.why(),
                    null,
                    null,
                    null,
                    "check it by hand against the rules in docs/migrations.md (lint)"));
        }
        return findings;
    }

    private Optional<String> outsideTransaction(Ddl ddl) {
        if (ddl instanceof Ddl.CreateIndex index && index.concurrently()) {
            return Optional.of("CREATE INDEX CONCURRENTLY");
        }
        if (ddl instanceof Ddl.Reindex reindex) {
            if (reindex.concurrently()) {
                return Optional.of("REINDEX CONCURRENTLY");
            }
            if (!reindex.kind().equals("index") && !reindex.kind().equals("table")) {
                return Optional.of("REINDEX " + reindex.kind().toUpperCase());
            }
        }
        if (ddl instanceof Ddl.Vacuum) {
            return Optional.of("VACUUM");
        }
        if (ddl instanceof Ddl.OutsideTransactionOnly what) {
            return Optional.of(what.what());
        }
        if (ddl instanceof Ddl.AlterTypeAddValue && catalog.serverVersion() < 120000) {
            return Optional.of("ALTER TYPE ... ADD VALUE (before PostgreSQL 12)");
        }
        return Optional.empty();
    }

    private void createIndex(Ddl.CreateIndex index, Where where, List<Finding> findings) throws SQLException {
        if (index.concurrently()) {
            return;
        }
        Optional<LiveCatalog.Table> table = existing(index.table());
        if (table.isPresent() && big(table.get())) {
            LiveCatalog.Table t = table.get();
            findings.add(finding(
                    where,
                    Rule.INDEX_WITHOUT_CONCURRENTLY,
                    Severity.ERROR,
                    "CREATE INDEX without CONCURRENTLY on a big table",
                    t,
                    "SHARE on " + t.name() + ": blocks INSERT, UPDATE and DELETE (reads go on)",
                    HoldEstimate.of("the whole index build", t, t.heapBytes()),
                    "CREATE INDEX CONCURRENTLY, in " + NON_TRANSACTIONAL_FIX + "; start it with DROP INDEX"
                            + " CONCURRENTLY IF EXISTS so that a rerun after a failed build drops the INVALID"
                            + " index it left"));
        }
    }

    private void alterTable(Name name, Ddl.Action action, Where where, List<Finding> findings) throws SQLException {
        if (action instanceof Ddl.AddColumn add) {
            addColumn(name, add, where, findings);
        } else if (action instanceof Ddl.AlterColumnType change) {
            alterType(name, change, where, findings);
        } else if (action instanceof Ddl.SetNotNull set) {
            setNotNull(name, set, where, findings);
        } else if (action instanceof Ddl.AddConstraint constraint) {
            addConstraint(name, constraint, where, findings);
        } else if (action instanceof Ddl.ValidateConstraint validate) {
            String column = unvalidatedChecks.remove(key(name) + "/" + validate.name());
            if (column != null) {
                notNullChecks.add(key(name) + "/" + column);
            }
        } else if (action instanceof Ddl.DropColumn drop) {
            destructive(
                    name,
                    "DROP COLUMN " + drop.column() + " deletes the column's data (the application must no longer"
                            + " read it)",
                    where,
                    findings);
        } else if (action instanceof Ddl.RenameTable rename) {
            rename(name, "RENAME TO " + rename.to(), where, findings);
        } else if (action instanceof Ddl.RenameColumn rename) {
            rename(name, "RENAME COLUMN " + rename.from() + " TO " + rename.to(), where, findings);
        }
    }

    private void addColumn(Name name, Ddl.AddColumn add, Where where, List<Finding> findings) throws SQLException {
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        LiveCatalog.Table t = table.get();
        boolean hasDefault =
                add.defaultExpression() != null && !add.defaultExpression().isEmpty();
        if (add.notNull() && !hasDefault && add.implicitDefault() == null) {
            findings.add(finding(
                    where,
                    Rule.NOT_NULL_WITHOUT_DEFAULT,
                    Severity.ERROR,
                    "ADD COLUMN " + add.column() + " NOT NULL without a default fails on a table with rows"
                            + " (SQLSTATE 23502)",
                    t,
                    "ACCESS EXCLUSIVE on " + t.name() + " until it fails",
                    "briefly",
                    "give it a constant default (no rewrite since PostgreSQL 11), or add it nullable, backfill"
                            + " it in batches, then add CHECK (" + add.column() + " IS NOT NULL) NOT VALID,"
                            + " VALIDATE it and SET NOT NULL"));
        }
        String rewrite = add.implicitDefault() != null
                ? add.implicitDefault() + " gives every existing row a new value"
                : hasDefault ? volatileDefault(add.defaultExpression()) : null;
        if (rewrite != null) {
            findings.add(finding(
                    where,
                    Rule.VOLATILE_DEFAULT,
                    sized(t),
                    "ADD COLUMN " + add.column() + " rewrites the table: " + rewrite,
                    t,
                    "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                    HoldEstimate.of("the rewrite of the table and its indexes", t, t.totalBytes()),
                    "add the column without a default (or with a constant one, which PostgreSQL 11+ stores"
                            + " without a rewrite), SET DEFAULT for new rows, and backfill the existing rows in"
                            + " batches"));
        }
    }

    /** Why a DEFAULT rewrites, or null: before PostgreSQL 11 any default does, since then only a volatile one. */
    private String volatileDefault(List<SqlToken> expression) throws SQLException {
        if (catalog.serverVersion() < 110000) {
            return "before PostgreSQL 11 every default is written into every row";
        }
        for (int i = 0; i + 1 < expression.size(); i++) {
            SqlToken word = expression.get(i);
            if (word.kind() == SqlToken.Kind.WORD
                    && expression.get(i + 1).isPunct("(")
                    && !NOT_FUNCTIONS.contains(word.text())
                    && (i == 0 || !expression.get(i - 1).isPunct("::"))) {
                Optional<Character> volatility = catalog.volatility(word.text());
                if (volatility.isEmpty()) {
                    return word.text() + "() is not in pg_proc (a pending migration may create it), so it counts"
                            + " as volatile";
                }
                if (volatility.get() == 'v') {
                    return "the default calls " + word.text() + "(), which is volatile (pg_proc), so each row gets"
                            + " its own value";
                }
            }
        }
        return null;
    }

    private void alterType(Name name, Ddl.AlterColumnType change, Where where, List<Finding> findings)
            throws SQLException {
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        Optional<LiveCatalog.Column> column = catalog.column(name, change.column());
        if (column.isEmpty()) {
            return;
        }
        Optional<String> why = TypeChange.rewrites(catalog, column.get(), change.type(), change.using());
        if (why.isPresent()) {
            LiveCatalog.Table t = table.get();
            findings.add(finding(
                    where,
                    Rule.TYPE_CHANGE_REWRITES,
                    sized(t),
                    "ALTER COLUMN " + change.column() + " TYPE " + change.type() + " rewrites the table: " + why.get(),
                    t,
                    "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                    HoldEstimate.of("the rewrite of the table and the rebuild of its indexes", t, t.totalBytes()),
                    "expand/contract: add a column of the new type, fill it in batches (and keep it in step with a"
                            + " trigger or the application), switch the application over, drop the old column;"
                            + " varchar(n) to a longer varchar or to text does not rewrite"));
        }
    }

    private void setNotNull(Name name, Ddl.SetNotNull set, Where where, List<Finding> findings) throws SQLException {
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        boolean modern = catalog.serverVersion() >= 120000;
        if (modern
                && (notNullChecks.contains(key(name) + "/" + set.column())
                        || catalog.hasValidatedNotNullCheck(name, set.column()))) {
            return;
        }
        LiveCatalog.Table t = table.get();
        findings.add(finding(
                where,
                Rule.SET_NOT_NULL_WITHOUT_CHECK,
                sized(t),
                "SET NOT NULL on " + set.column() + " scans the whole table: no validated CHECK (" + set.column()
                        + " IS NOT NULL) is there to prove it",
                t,
                "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                HoldEstimate.of("a full scan of the table", t, t.heapBytes()),
                modern
                        ? "ADD CONSTRAINT c CHECK (" + set.column() + " IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT"
                                + " c in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes go on); then"
                                + " SET NOT NULL uses it and skips the scan; drop the check after"
                        : "before PostgreSQL 12 SET NOT NULL always scans: keep the CHECK (" + set.column()
                                + " IS NOT NULL) constraint, added NOT VALID and validated, instead"));
    }

    private void addConstraint(Name name, Ddl.AddConstraint c, Where where, List<Finding> findings)
            throws SQLException {
        if (c.check() != null) {
            if (c.notValid() && c.name() != null) {
                unvalidatedChecks.put(key(name) + "/" + c.name(), c.check());
            } else if (!c.notValid()) {
                notNullChecks.add(key(name) + "/" + c.check());
            }
        }
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        LiveCatalog.Table t = table.get();
        switch (c.kind()) {
            case "foreign key", "check" -> {
                if (c.notValid()) {
                    return;
                }
                boolean fk = c.kind().equals("foreign key");
                findings.add(finding(
                        where,
                        Rule.CONSTRAINT_WITHOUT_NOT_VALID,
                        sized(t),
                        "ADD " + c.kind().toUpperCase() + " without NOT VALID checks every existing row while it"
                                + " holds its lock",
                        t,
                        fk
                                ? "SHARE ROW EXCLUSIVE on " + t.name() + " and on " + c.references()
                                        + ": blocks writes to both"
                                : "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                        HoldEstimate.of("a full scan of the table", t, t.heapBytes()),
                        "ADD CONSTRAINT ... NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT in a later"
                                + " migration (SHARE UPDATE EXCLUSIVE: reads and writes go on)"));
            }
            case "unique", "primary key", "exclude" -> {
                if (c.usingIndex() || !big(t)) {
                    return;
                }
                findings.add(finding(
                        where,
                        Rule.INDEX_WITHOUT_CONCURRENTLY,
                        Severity.ERROR,
                        "ADD " + c.kind().toUpperCase() + " builds its index on a big table while it holds its lock",
                        t,
                        "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                        HoldEstimate.of("the whole index build", t, t.heapBytes()),
                        c.kind().equals("exclude")
                                ? "no concurrent form exists: run it when the table may be locked for that long"
                                : "CREATE UNIQUE INDEX CONCURRENTLY in " + NON_TRANSACTIONAL_FIX
                                        + "; then ADD CONSTRAINT ... "
                                        + c.kind().toUpperCase()
                                        + " USING INDEX (a brief lock)"));
            }
            default -> {}
        }
    }

    private void destructive(Name name, String what, Where where, List<Finding> findings) throws SQLException {
        Optional<LiveCatalog.Table> table = existing(name);
        if (table.isEmpty()) {
            return;
        }
        LiveCatalog.Table t = table.get();
        Finding f = finding(
                where,
                Rule.DESTRUCTIVE,
                Severity.ERROR,
                what + "; no rollback brings the data back",
                t,
                "ACCESS EXCLUSIVE on " + t.name(),
                "briefly",
                "deploy the application without it first and keep a copy of what may be needed; then run with"
                        + " --allow-destructive, or allow it in the migration with a reason");
        findings.add(settings.allowDestructive() ? f.allowed("--allow-destructive") : f);
    }

    private void rename(Name name, String what, Where where, List<Finding> findings) throws SQLException {
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        LiveCatalog.Table t = table.get();
        findings.add(finding(
                where,
                Rule.RENAME,
                Severity.WARNING,
                what + ": the running application keeps using the old name until it is redeployed, and its"
                        + " queries fail in between (SQLSTATE 42P01 or 42703)",
                t,
                "ACCESS EXCLUSIVE on " + t.name(),
                "briefly",
                "expand/contract: add the new name beside the old (a view, or a new column the application"
                        + " writes too), move the application to it, drop the old name in a later migration"));
    }

    private void vacuum(Ddl.Vacuum vacuum, Where where, List<Finding> findings) throws SQLException {
        if (!vacuum.full()) {
            return;
        }
        String fix = "pg_repack rebuilds a table online with a brief lock at the end; plain VACUUM takes SHARE"
                + " UPDATE EXCLUSIVE and blocks no reads or writes";
        if (vacuum.tables().isEmpty()) {
            findings.add(finding(
                    where,
                    Rule.VACUUM_FULL,
                    Severity.ERROR,
                    "VACUUM FULL without a table rewrites every table of the database",
                    null,
                    "ACCESS EXCLUSIVE on each table in turn: blocks every read and write of it",
                    "for the rewrite of each table",
                    fix));
            return;
        }
        for (Name table : vacuum.tables()) {
            rewriteLock(
                    table,
                    Rule.VACUUM_FULL,
                    "VACUUM FULL rewrites the table",
                    "the rewrite of the table and its indexes",
                    fix,
                    where,
                    findings);
        }
    }

    private void reindex(Ddl.Reindex reindex, Where where, List<Finding> findings) throws SQLException {
        if (reindex.concurrently()) {
            return;
        }
        String fix = "REINDEX ... CONCURRENTLY (PostgreSQL 12+), in " + NON_TRANSACTIONAL_FIX;
        Optional<Name> table =
                switch (reindex.kind()) {
                    case "table" -> Optional.of(reindex.target());
                    case "index" -> catalog.tableOfIndex(reindex.target());
                    default -> Optional.empty();
                };
        if (table.isEmpty()) {
            if (!reindex.kind().equals("index")) {
                findings.add(finding(
                        where,
                        Rule.REINDEX_WITHOUT_CONCURRENTLY,
                        Severity.ERROR,
                        "REINDEX " + reindex.kind().toUpperCase() + " rebuilds every index of " + reindex.target(),
                        null,
                        "SHARE on each table (blocks writes) and ACCESS EXCLUSIVE on each index while it is rebuilt",
                        "for the rebuild of every index",
                        fix));
            }
            return;
        }
        Optional<LiveCatalog.Table> t = withRows(table.get());
        if (t.isEmpty()) {
            return;
        }
        findings.add(finding(
                where,
                Rule.REINDEX_WITHOUT_CONCURRENTLY,
                sized(t.get()),
                "REINDEX " + reindex.kind().toUpperCase() + " " + reindex.target() + " without CONCURRENTLY",
                t.get(),
                "SHARE on " + t.get().name() + " (blocks writes) and ACCESS EXCLUSIVE on the index being rebuilt"
                        + " (blocks the reads that use it)",
                HoldEstimate.of("the rebuild", t.get(), t.get().totalBytes()),
                fix));
    }

    private void lockTable(Ddl.LockTable lock, Where where, List<Finding> findings) throws SQLException {
        for (Name name : lock.tables()) {
            Optional<LiveCatalog.Table> table = existing(name);
            if (table.isEmpty()) {
                continue;
            }
            LiveCatalog.Table t = table.get();
            findings.add(finding(
                    where,
                    Rule.LOCK_TABLE,
                    big(t) ? Severity.ERROR : Severity.WARNING,
                    "LOCK TABLE " + name + " IN " + lock.mode().toUpperCase() + " MODE",
                    t,
                    lock.mode().toUpperCase() + " on " + t.name(),
                    where.inTransaction()
                            ? "until the migration's transaction ends: for every statement after it in the script"
                            : "only for the statement itself (the script runs outside a transaction), which makes"
                                    + " it pointless",
                    "let each statement take the lock it needs, and keep --lock-timeout short so that a wait"
                            + " fails fast instead of queueing the application behind it"));
        }
    }

    private void rewriteLock(
            Name name, Rule rule, String what, String work, String fix, Where where, List<Finding> findings)
            throws SQLException {
        Optional<LiveCatalog.Table> table = withRows(name);
        if (table.isEmpty()) {
            return;
        }
        LiveCatalog.Table t = table.get();
        findings.add(finding(
                where,
                rule,
                sized(t),
                what,
                t,
                "ACCESS EXCLUSIVE on " + t.name() + ": blocks every read and write",
                HoldEstimate.of(work, t, t.totalBytes()),
                fix));
    }

    /** The table as it is before this run, if it holds rows: what a lock on it would make wait. */
    private Optional<LiveCatalog.Table> withRows(Name name) throws SQLException {
        return existing(name).filter(LiveCatalog.Table::hasRows);
    }

    /** The live table, unless a pending migration creates it (then it is empty when its turn comes). */
    private Optional<LiveCatalog.Table> existing(Name name) throws SQLException {
        if (name == null || createdTables.contains(key(name))) {
            return Optional.empty();
        }
        return catalog.table(name);
    }

    private boolean big(LiveCatalog.Table t) {
        return t.rows() >= settings.bigRows() || t.totalBytes() >= settings.bigBytes();
    }

    private Severity sized(LiveCatalog.Table t) {
        return big(t) ? Severity.ERROR : Severity.WARNING;
    }

    /** The relation's own name, without its schema: a pending CREATE TABLE and a later ALTER may qualify it differently. */
    private static String key(Name name) {
        String sql = name.sql();
        boolean quoted = false;
        int lastDot = -1;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                lastDot = i;
            }
        }
        return sql.substring(lastDot + 1);
    }

    private static Finding finding(
            Where where,
            Rule rule,
            Severity severity,
            String problem,
            LiveCatalog.Table table,
            String lock,
            String held,
            String fix) {
        return new Finding(
                where.file(), where.line(), rule, severity, where.statement(), problem, table, lock, held, fix, null);
    }
}
