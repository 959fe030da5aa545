package org.daadaar.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a failure's cause chain, for the classes that turn failures into exit codes: the driver,
 * the pool, Flyway and the AWS SDK each wrap the exception that tells what happened.
 */
public final class Causes {
    private Causes() {}

    /**
     * The failure and its causes, outermost first. Stops at a cause seen before: initCause forbids
     * only a throwable that is its own cause, so a longer cycle would otherwise never end.
     */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The outermost throwable in the chain that is a {@code type}, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        return find(failure, type, t -> true);
    }

    /** The outermost throwable in the chain that is a {@code type} and passes {@code test}, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type, Predicate<? super T> test) {
        for (Throwable t : chain(failure)) {
            if (type.isInstance(t) && test.test(type.cast(t))) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whether the message of any throwable in the chain contains {@code text}. */
    public static boolean messageContains(Throwable failure, String text) {
        return find(
                        failure,
                        Throwable.class,
                        t -> t.getMessage() != null && t.getMessage().contains(text))
                != null;
    }

    /**
     * A message up to its first line break, "" for none. PostgreSQL's messages go on with a
     * "Where:" or "Position:" part on the next lines, and Flyway's with pages of detail.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
