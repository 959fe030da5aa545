package org.daadaar.runner.tasks.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.daadaar.runner.tasks.lint.Ddl.Action;
import org.daadaar.runner.tasks.lint.Ddl.Name;

/**
 * Reads the shapes the rules are about from a statement's tokens, after PostgreSQL's own grammar
 * (gram.y) for those statements, and nothing more: anything it does not know, a statement or an
 * ALTER TABLE action, makes the whole statement {@link Ddl.NotUnderstood}, so that the report says
 * "not checked" rather than passing it. Why not a general SQL parser: see docs/migrations.md, "lint".
 */
final class Recogniser {
    /** Words that end a column's type and start its constraints (gram.y, ColConstraintElem). */
    private static final Set<String> COLUMN_CONSTRAINT = Set.of(
            "default", "not", "null", "constraint", "primary", "unique", "check", "references", "generated", "collate");

    /** Statements no rule is about, by their first words; each takes no lock on an existing table's rows. */
    private static final List<String> NO_RULE = List.of(
            "create type",
            "create domain",
            "create function",
            "create procedure",
            "create or replace function",
            "create or replace procedure",
            "create or replace view",
            "create view",
            "create schema",
            "create sequence",
            "create extension",
            "create role",
            "create user",
            "alter role",
            "alter user",
            "comment on",
            "grant",
            "revoke",
            "insert into",
            "update",
            "delete from",
            "select",
            "set",
            "drop index",
            "drop type",
            "drop function",
            "drop view",
            "drop sequence",
            "drop trigger",
            "drop extension",
            "alter sequence",
            "alter function",
            "alter type",
            "analyze");

    private final List<SqlToken> t;
    private int p;

    private Recogniser(List<SqlToken> tokens) {
        this.t = tokens;
    }

    static Ddl read(List<SqlToken> code) {
        List<SqlToken> tokens = new ArrayList<>(code);
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isPunct(";")) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            return new Ddl.NoRule("empty statement");
        }
        try {
            return new Recogniser(tokens).statement();
        } catch (NotUnderstood e) {
            return new Ddl.NotUnderstood(e.getMessage());
        } catch (RuntimeException e) {
            // A statement cut short (CREATE INDEX and nothing after it) runs the recogniser off
            // its tokens: not checked, never a crash; PostgreSQL will name the syntax error.
            return new Ddl.NotUnderstood("a statement that ends before it says what it does");
        }
    }

    private Ddl statement() {
        if (word("create")) {
            return create();
        }
        if (word("alter")) {
            if (word("table")) {
                return alterTable();
            }
            if (word("type")) {
                Name type = name();
                if (word("add") && word("value")) {
                    return new Ddl.AlterTypeAddValue(type);
                }
                return new Ddl.NoRule("alter type");
            }
            if (word("system")) {
                return new Ddl.OutsideTransactionOnly("ALTER SYSTEM");
            }
            p = 0;
        }
        if (word("drop")) {
            if (word("table")) {
                ifExists();
                List<Name> tables = names();
                skipWords("cascade", "restrict");
                end();
                return new Ddl.DropTables(tables);
            }
            if (word("index") && word("concurrently")) {
                return new Ddl.OutsideTransactionOnly("DROP INDEX CONCURRENTLY");
            }
            p = 1;
            if (word("database") || word("tablespace") || word("subscription")) {
                return new Ddl.OutsideTransactionOnly("DROP " + t.get(1).text().toUpperCase());
            }
            p = 0;
        }
        if (word("truncate")) {
            word("table");
            List<Name> tables = names();
            while (p < t.size()) {
                if (!(word("restart") || word("continue") || word("identity") || word("cascade") || word("restrict"))) {
                    throw new NotUnderstood("TRUNCATE option " + here());
                }
            }
            return new Ddl.Truncate(tables);
        }
        if (word("vacuum")) {
            return vacuum();
        }
        if (word("cluster")) {
            word("verbose");
            if (p >= t.size()) {
                return new Ddl.OutsideTransactionOnly("CLUSTER without a table");
            }
            Name table = name();
            if (word("using")) {
                name();
            }
            end();
            return new Ddl.Cluster(table);
        }
        if (word("reindex")) {
            return reindex();
        }
        if (word("lock")) {
            word("table");
            List<Name> tables = names();
            String mode = "access exclusive";
            if (word("in")) {
                StringBuilder m = new StringBuilder();
                while (p < t.size() && !t.get(p).is("mode")) {
                    m.append(m.isEmpty() ? "" : " ").append(t.get(p++).text());
                }
                expectWord("mode");
                mode = m.toString();
            }
            word("nowait");
            end();
            return new Ddl.LockTable(tables, mode);
        }
        if (word("discard") && word("all")) {
            return new Ddl.OutsideTransactionOnly("DISCARD ALL");
        }
        p = 0;
        if (word("do")) {
            return new Ddl.NotUnderstood("a DO block");
        }
        return noRule();
    }

    /** A statement no rule reads, if it is one of those known to be harmless here; else not understood. */
    private Ddl noRule() {
        String start =
                t.stream().limit(4).filter(SqlToken::isName).map(SqlToken::text).collect(Collectors.joining(" "));
        for (String known : NO_RULE) {
            if ((start + " ").startsWith(known + " ")) {
                return new Ddl.NoRule(known.toUpperCase());
            }
        }
        throw new NotUnderstood("a statement that starts " + start);
    }

    private Ddl create() {
        if (word("database") || word("tablespace") || word("subscription")) {
            return new Ddl.OutsideTransactionOnly("CREATE " + t.get(1).text().toUpperCase());
        }
        int afterCreate = p;
        word("unique");
        if (word("index")) {
            boolean concurrently = word("concurrently");
            if (word("if")) {
                expectWord("not");
                expectWord("exists");
            }
            if (p < t.size() && !t.get(p).is("on")) {
                name();
            }
            expectWord("on");
            word("only");
            return new Ddl.CreateIndex(name(), concurrently);
        }
        p = afterCreate;
        skipWords("global", "local", "temporary", "temp", "unlogged");
        if (word("table")) {
            if (word("if")) {
                expectWord("not");
                expectWord("exists");
            }
            return new Ddl.CreateTable(name());
        }
        return noRule();
    }

    private Ddl alterTable() {
        ifExists();
        word("only");
        Name table = name();
        List<Action> actions = new ArrayList<>();
        do {
            actions.add(action());
        } while (punct(","));
        end();
        return new Ddl.AlterTable(table, actions);
    }

    private Action action() {
        if (word("add")) {
            if (peekConstraintStart()) {
                return constraint(null);
            }
            word("column");
            if (word("if")) {
                expectWord("not");
                expectWord("exists");
            }
            return addColumn();
        }
        if (word("alter")) {
            word("column");
            String column = identifier();
            if (word("type") || (word("set") && word("data") && expectWord("type"))) {
                String type = typeUntil(Set.of("collate", "using"));
                skipCollate();
                boolean using = word("using");
                if (using) {
                    skipExpression();
                }
                return new Ddl.AlterColumnType(column, type, using);
            }
            if (t.get(p - 1).is("set") && word("not") && expectWord("null")) {
                return new Ddl.SetNotNull(column);
            }
            if (t.get(p - 1).is("set") && (word("default") || word("statistics") || word("storage"))) {
                skipExpression();
                return new Ddl.CatalogOnly(
                        "ALTER COLUMN SET " + t.get(p - 1).text().toUpperCase());
            }
            if (word("drop") && (word("not") && expectWord("null") || word("default"))) {
                return new Ddl.CatalogOnly(
                        "ALTER COLUMN DROP " + t.get(p - 1).text().toUpperCase());
            }
            throw new NotUnderstood("ALTER COLUMN " + column + " " + here());
        }
        if (word("drop")) {
            if (word("constraint")) {
                ifExists();
                identifier();
                skipWords("cascade", "restrict");
                return new Ddl.CatalogOnly("DROP CONSTRAINT");
            }
            word("column");
            ifExists();
            String column = identifier();
            skipWords("cascade", "restrict");
            return new Ddl.DropColumn(column);
        }
        if (word("rename")) {
            if (word("to")) {
                return new Ddl.RenameTable(identifier());
            }
            if (word("constraint")) {
                identifier();
                expectWord("to");
                identifier();
                return new Ddl.CatalogOnly("RENAME CONSTRAINT");
            }
            word("column");
            String from = identifier();
            expectWord("to");
            return new Ddl.RenameColumn(from, identifier());
        }
        if (word("validate")) {
            expectWord("constraint");
            return new Ddl.ValidateConstraint(identifier());
        }
        throw new NotUnderstood("ALTER TABLE action " + here());
    }

    private boolean peekConstraintStart() {
        if (p >= t.size()) {
            return false;
        }
        SqlToken next = t.get(p);
        return next.is("constraint")
                || next.is("check")
                || next.is("unique")
                || next.is("exclude")
                || (next.is("primary") && at(p + 1, "key"))
                || (next.is("foreign") && at(p + 1, "key"));
    }

    private Action constraint(String givenName) {
        String name = givenName;
        if (word("constraint")) {
            name = identifier();
        }
        String kind;
        String check = null;
        Name references = null;
        boolean usingIndex = false;
        if (word("foreign")) {
            expectWord("key");
            kind = "foreign key";
            skipParens();
            expectWord("references");
            references = name();
            while (p < t.size() && !t.get(p).isPunct(",") && !t.get(p).is("not")) {
                if (t.get(p).isPunct("(")) {
                    skipParens();
                } else {
                    p++;
                }
            }
        } else if (word("check")) {
            kind = "check";
            check = notNullCheck();
            skipParens();
        } else if (word("unique") || word("primary")) {
            kind = t.get(p - 1).is("unique") ? "unique" : "primary key";
            word("key");
            if (word("using")) {
                expectWord("index");
                identifier();
                usingIndex = true;
            } else {
                skipParens();
            }
            skipIndexParameters();
        } else if (word("exclude")) {
            kind = "exclude";
            skipIndexParameters();
        } else {
            throw new NotUnderstood("constraint " + here());
        }
        skipWords("deferrable", "initially", "deferred", "immediate");
        boolean notValid = false;
        if (word("not")) {
            if (word("valid")) {
                notValid = true;
            } else {
                expectWord("deferrable");
            }
        }
        skipWords("deferrable", "initially", "deferred", "immediate");
        return new Ddl.AddConstraint(name, kind, notValid, usingIndex, check, references);
    }

    /** The column of a CHECK (col IS NOT NULL) at p, else null; p is left at the parenthesis. */
    private String notNullCheck() {
        int at = p;
        try {
            if (!punct("(")) {
                return null;
            }
            String column = t.get(p).isName() ? identifier() : null;
            if (column != null && word("is") && word("not") && word("null") && punct(")")) {
                return column;
            }
            return null;
        } finally {
            p = at;
        }
    }

    private Action addColumn() {
        String column = identifier();
        String type = typeUntil(COLUMN_CONSTRAINT);
        List<SqlToken> defaultExpression = null;
        boolean notNull = false;
        String implicitDefault = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4", "serial8")
                        .contains(type)
                ? type
                : null;
        while (p < t.size() && !t.get(p).isPunct(",")) {
            if (word("default")) {
                int from = p;
                skipUntilWordAtDepthZero(COLUMN_CONSTRAINT);
                defaultExpression = List.copyOf(t.subList(from, p));
            } else if (word("not")) {
                expectWord("null");
                notNull = true;
            } else if (word("null")) {
                notNull = false;
            } else if (word("constraint")) {
                identifier();
            } else if (word("primary")) {
                expectWord("key");
                notNull = true;
            } else if (word("unique")) {
                skipIndexParameters();
            } else if (word("check")) {
                skipParens();
                word("no");
                word("inherit");
            } else if (word("references")) {
                name();
                skipUntilWordAtDepthZero(COLUMN_CONSTRAINT);
            } else if (word("generated")) {
                int from = p;
                skipUntilWordAtDepthZero(Set.of("default", "not", "null", "constraint", "primary", "unique", "check"));
                implicitDefault = t.subList(from, p).stream().anyMatch(x -> x.is("identity"))
                        ? "an identity column"
                        : "a stored generated column";
            } else if (word("collate")) {
                name();
            } else {
                throw new NotUnderstood("column option " + here());
            }
        }
        return new Ddl.AddColumn(column, type, defaultExpression, notNull, implicitDefault);
    }

    private Ddl vacuum() {
        boolean full = false;
        if (punct("(")) {
            while (p < t.size() && !t.get(p).isPunct(")")) {
                SqlToken option = t.get(p++);
                if (option.is("full")) {
                    full = !(p < t.size() && (t.get(p).is("false") || t.get(p).is("off")));
                }
            }
            punct(")");
        } else {
            while (word("full") || word("freeze") || word("verbose") || word("analyze") || word("analyse")) {
                full |= t.get(p - 1).is("full");
            }
        }
        List<Name> tables = p < t.size() ? names() : List.of();
        return new Ddl.Vacuum(full, tables);
    }

    private Ddl reindex() {
        boolean concurrently = false;
        if (punct("(")) {
            while (p < t.size() && !t.get(p).isPunct(")")) {
                concurrently |= t.get(p++).is("concurrently");
            }
            punct(")");
        }
        word("verbose");
        if (!(word("index") || word("table") || word("schema") || word("database") || word("system"))) {
            throw new NotUnderstood("REINDEX " + here());
        }
        String kind = t.get(p - 1).text();
        concurrently |= word("concurrently");
        Name target = p < t.size() ? name() : new Ddl.Name("", "the current database");
        end();
        return new Ddl.Reindex(kind, target, concurrently);
    }

    /** A type's words up to one of the stop words at depth zero, or a comma or the end; as written, lower case. */
    private String typeUntil(Set<String> stop) {
        StringBuilder type = new StringBuilder();
        int depth = 0;
        while (p < t.size()) {
            SqlToken x = t.get(p);
            if (depth == 0 && (x.isPunct(",") || (x.kind() == SqlToken.Kind.WORD && stop.contains(x.text())))) {
                break;
            }
            depth += x.isPunct("(") || x.isPunct("[") ? 1 : x.isPunct(")") || x.isPunct("]") ? -1 : 0;
            if (depth < 0) {
                break;
            }
            boolean glue = x.isPunct("(")
                    || x.isPunct(")")
                    || x.isPunct(",")
                    || x.isPunct(".")
                    || x.isPunct("[")
                    || x.isPunct("]")
                    || type.isEmpty()
                    || type.toString().endsWith("(")
                    || type.toString().endsWith(".")
                    || type.toString().endsWith("[");
            type.append(glue ? "" : " ").append(x.kind() == SqlToken.Kind.QUOTED_NAME ? quote(x.text()) : x.text());
            p++;
        }
        if (type.isEmpty()) {
            throw new NotUnderstood("a column without a type");
        }
        return type.toString();
    }

    private void skipCollate() {
        if (word("collate")) {
            name();
        }
    }

    private void skipExpression() {
        skipUntilWordAtDepthZero(Set.of());
    }

    /** To the next stop word or comma at depth zero, or the end. */
    private void skipUntilWordAtDepthZero(Set<String> stop) {
        int depth = 0;
        while (p < t.size()) {
            SqlToken x = t.get(p);
            if (depth == 0 && (x.isPunct(",") || (x.kind() == SqlToken.Kind.WORD && stop.contains(x.text())))) {
                return;
            }
            if (x.isPunct("(")) {
                depth++;
            } else if (x.isPunct(")")) {
                depth--;
            }
            p++;
        }
    }

    private void skipParens() {
        if (!punct("(")) {
            throw new NotUnderstood("expected ( at " + here());
        }
        int depth = 1;
        while (p < t.size() && depth > 0) {
            SqlToken x = t.get(p++);
            depth += x.isPunct("(") ? 1 : x.isPunct(")") ? -1 : 0;
        }
    }

    /** INCLUDE (...), WITH (...), USING INDEX TABLESPACE x, WHERE (...) of a unique or exclusion constraint. */
    private void skipIndexParameters() {
        while (p < t.size()) {
            if (word("nulls")) {
                word("not");
                expectWord("distinct");
            } else if (word("include") || word("with") || word("where")) {
                skipParens();
            } else if (word("using")) {
                if (word("index")) {
                    expectWord("tablespace");
                    identifier();
                } else {
                    identifier();
                    skipParens();
                }
            } else if (t.get(p).isPunct("(")) {
                skipParens();
            } else {
                return;
            }
        }
    }

    private void ifExists() {
        if (word("if")) {
            expectWord("exists");
        }
    }

    private List<Name> names() {
        List<Name> names = new ArrayList<>();
        do {
            word("only");
            names.add(name());
            punct("*");
        } while (punct(","));
        return names;
    }

    /** A possibly schema-qualified name. */
    private Name name() {
        StringBuilder sql = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        do {
            if (p >= t.size() || !t.get(p).isName()) {
                throw new NotUnderstood("expected a name at " + here());
            }
            SqlToken part = t.get(p++);
            String written = part.kind() == SqlToken.Kind.QUOTED_NAME ? quote(part.text()) : part.text();
            sql.append(sql.isEmpty() ? "" : ".").append(written);
            shown.append(shown.isEmpty() ? "" : ".").append(written);
        } while (punct("."));
        return new Name(sql.toString(), shown.toString());
    }

    /** A column or constraint name as the catalog holds it: unquoted folded, quoted as written. */
    private String identifier() {
        if (p >= t.size() || !t.get(p).isName()) {
            throw new NotUnderstood("expected a name at " + here());
        }
        return t.get(p++).text();
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private void skipWords(String... words) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (String w : words) {
                if (word(w)) {
                    moved = true;
                }
            }
        }
    }

    private boolean word(String w) {
        if (p < t.size() && t.get(p).is(w)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean at(int index, String w) {
        return index < t.size() && t.get(index).is(w);
    }

    private boolean expectWord(String w) {
        if (!word(w)) {
            throw new NotUnderstood("expected " + w.toUpperCase() + " at " + here());
        }
        return true;
    }

    private boolean punct(String s) {
        if (p < t.size() && t.get(p).isPunct(s)) {
            p++;
            return true;
        }
        return false;
    }

    private void end() {
        if (p < t.size()) {
            throw new NotUnderstood("did not expect " + here());
        }
    }

    private String here() {
        if (p >= t.size()) {
            return "the end";
        }
        return "'"
                + t.subList(p, Math.min(t.size(), p + 3)).stream()
                        // A literal's value is never echoed: it may be a password.
                        .map(token -> token.kind() == SqlToken.Kind.STRING ? "'...'" : token.raw())
                        .collect(Collectors.joining(" "))
                + "'";
    }

    /** Control flow for "this is not a shape the recogniser knows". */
    private static final class NotUnderstood extends RuntimeException {
        NotUnderstood(String why) {
            super(why, null, false, false);
        }
    }
}
