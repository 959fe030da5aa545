package org.daadaar.runner.tasks.lint;

import java.util.Arrays;
import java.util.Optional;

/** The rules, by the names a report and a {@code -- db-runner:allow RULE: reason} comment use. */
enum Rule {
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently"),
    NON_TRANSACTIONAL_IN_TRANSACTION("non-transactional-in-transaction"),
    VOLATILE_DEFAULT("volatile-default"),
    NOT_NULL_WITHOUT_DEFAULT("not-null-without-default"),
    TYPE_CHANGE_REWRITES("type-change-rewrites"),
    SET_NOT_NULL_WITHOUT_CHECK("set-not-null-without-check"),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid"),
    DESTRUCTIVE("destructive"),
    RENAME("rename"),
    VACUUM_FULL("vacuum-full"),
    CLUSTER("cluster"),
    REINDEX_WITHOUT_CONCURRENTLY("reindex-without-concurrently"),
    LOCK_TABLE("lock-table"),
    /** A statement, or a whole script, that the linter could not read: reported, never passed. */
    NOT_CHECKED("not-checked"),
    /** An allow comment without a reason, or naming no rule: it silences nothing. */
    BAD_ALLOW("bad-allow");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
