package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which patterns can reach real people's addresses: refused when they can match more than one registrable domain. */
class EmailPatternsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                // the defaults, and names under them
                "%@example.com",
                "%@EXAMPLE.NET",
                "%@example.org",
                "%.test",
                "%.example",
                "%.invalid",
                "%.localhost",
                "%@%.example.com",
                "%@qa.example.org",
                "%@%x.test",
                "%@localhost",
                "%@example.com.",
                // one domain, or names under one registrable domain
                "%@gmail.com",
                "alice@gmail.com",
                "qa+%@gmail.com",
                "%@qa.mycompany.com",
                "%@%.qa.mycompany.com",
                "%@%.mycompany.com",
                "%@qa_.mycompany.com",
                "%@mycompany.co.uk",
                "%@%.mycompany.co.uk",
                "%@foo.github.io",
                "%@www.ck",
                "%@city.kawasaki.jp",
                "%@example\\.com",
                "\\%@example.com",
                // a top-level domain the list does not name: its default rule makes qa.corp one registrable domain
                "%@qa.corp",
                "%@%.qa.corp",
                "%.qa.corp"
            })
    void a_pattern_within_one_registrable_domain_or_a_reserved_name_is_accepted(String pattern) {
        EmailPatterns patterns = EmailPatterns.of(List.of(pattern), "--email-pattern");

        assertThat(patterns.patterns()).containsExactly(pattern.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            %.com                 | the fixed end of its domain part, com, is only a public suffix
            %.org                 | the fixed end of its domain part, org, is only a public suffix
            %.co.uk               | the fixed end of its domain part, co.uk, is only a public suffix
            %@%.com               | the fixed end of its domain part, com, is only a public suffix
            %@%.co.uk             | the fixed end of its domain part, co.uk, is only a public suffix
            %@_.com               | the fixed end of its domain part, com, is only a public suffix
            %@%%.com              | the fixed end of its domain part, com, is only a public suffix
            %@%.COM               | the fixed end of its domain part, com, is only a public suffix
            %.com.                | the fixed end of its domain part, com, is only a public suffix
            %@%\\.com             | the fixed end of its domain part, com, is only a public suffix
            %@%co.uk              | the fixed end of its domain part, uk, is only a public suffix
            %@%example.com        | the fixed end of its domain part, com, is only a public suffix
            %@g_ail.com           | the fixed end of its domain part, com, is only a public suffix
            %@%.github.io         | the fixed end of its domain part, github.io, is only a public suffix
            %@%.blogspot.com      | the fixed end of its domain part, blogspot.com, is only a public suffix
            %@%.xn--p1ai          | the fixed end of its domain part, xn--p1ai, is only a public suffix
            %@%.рф                | the fixed end of its domain part, рф, is only a public suffix
            %@%.corp              | the fixed end of its domain part, corp, is only a public suffix
            %@%.ck                | the fixed end of its domain part, ck, is only a public suffix
            %@%.foo.ck            | the fixed end of its domain part, foo.ck, is only a public suffix
            %@%.kawasaki.jp       | every name under kawasaki.jp is a public suffix
            %@%.compute.amazonaws.com | every name under compute.amazonaws.com is a public suffix
            %@com                 | its domain, com, is only a public suffix
            %@co.uk               | its domain, co.uk, is only a public suffix
            %@github.io           | its domain, github.io, is only a public suffix
            %@corp                | its domain, corp, is only a public suffix
            %@%com                | a wildcard reaches into the last label of its domain part (...com)
            %@gmail.%             | it ends with a wildcard
            %@gmail.com%          | it ends with a wildcard
            %@[127.0.0.1]         | its domain part [127.0.0.1] is not a domain name
            %@%.a..b              | the fixed end of its domain part, a..b, is not a domain name
            %@example.com\\       | it ends with the escape character
            %@%                   | it matches an address at any domain
            gmail.com             | it has no @ and does not start with %.
            """)
    void a_pattern_that_can_match_more_than_one_registrable_domain_is_refused(String pattern, String why) {
        assertThatThrownBy(() -> EmailPatterns.of(List.of("%@example.com", pattern), "--email-pattern"))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageStartingWith("--email-pattern: the pattern '" + pattern + "' is refused: " + why)
                .hasMessageEndingWith("give the one domain your test users are at, such as %@qa.mycompany.com or"
                        + " %@%.qa.mycompany.com, or a reserved name, such as %@example.com or %.test")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
