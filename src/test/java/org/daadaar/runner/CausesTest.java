package org.daadaar.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CausesTest {
    @Test
    void find_returns_the_outermost_match_and_null_when_none() {
        SQLException inner = new SQLException("inner", "08001");
        SQLException outer = new SQLException("outer", (String) null, inner);
        RuntimeException failure = new RuntimeException("wrapped", outer);

        assertThat((Throwable) Causes.find(failure, SQLException.class)).isSameAs(outer);
        assertThat((Throwable) Causes.find(failure, SQLException.class, s -> s.getSQLState() != null))
                .isSameAs(inner);
        assertThat(Causes.find(failure, ConnectException.class)).isNull();
        assertThat(Causes.find(null, Throwable.class)).isNull();
    }

    @Test
    @Timeout(5)
    void a_cycle_in_the_cause_chain_ends_the_walk() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b); // allowed: initCause refuses only a throwable that is its own cause

        assertThat(Causes.chain(a)).containsExactly(a, b);
        assertThat(Causes.find(a, ConnectException.class)).isNull();
        assertThat(Causes.messageContains(a, "nowhere")).isFalse();
    }

    @Test
    void message_contains_looks_at_every_cause_and_skips_null_messages() {
        RuntimeException failure =
                new RuntimeException((String) null, new IllegalStateException("Connection attempt timed out."));

        assertThat(Causes.messageContains(failure, "attempt timed out")).isTrue();
        assertThat(Causes.messageContains(failure, "refused")).isFalse();
    }

    @Test
    void first_line_stops_at_the_first_line_break() {
        assertThat(Causes.firstLine("ERROR: relation \"users\" does not exist\n  Position: 15"))
                .isEqualTo("ERROR: relation \"users\" does not exist");
        assertThat(Causes.firstLine("one line")).isEqualTo("one line");
        assertThat(Causes.firstLine(null)).isEmpty();
    }
}
