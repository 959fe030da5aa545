package org.daadaar.runner.tasks.cleanup;

import com.google.common.net.InternetDomainName;
import java.util.List;

/**
 * Whether an email pattern can reach addresses at more than one registrable domain, by the Public
 * Suffix List that Guava carries (its ICANN and private sections both: github.io separates owners
 * as surely as co.uk does). Its own class so that Guava and the list load only when patterns given
 * by the user are checked, never on the start-up of another task.
 *
 * <p>Only the literal text after a pattern's last wildcard is fixed. When it holds the @, the
 * domain is that one literal name. Otherwise the matched domains end with the literal tail, and
 * only the whole labels after its first dot are certain: {@code %@%co.uk} is anything under uk
 * (tesco.uk too). A pattern is accepted when every domain it can match lies under one registrable
 * domain or under a reserved name; when in doubt (not a domain name, no fixed label), it is refused.
 *
 * <p>A limit of the library: it answers for a given name and cannot list the suffixes below one,
 * so a private suffix named deeper under an accepted domain (s3.amazonaws.com under
 * %.amazonaws.com) is not seen. Such suffixes belong to hosting platforms, not to mail domains.
 */
final class PatternDomains {
    /** RFC 2606 and RFC 6761: these names and every name under them are reserved for tests. */
    private static final List<String> RESERVED =
            List.of("example.com", "example.net", "example.org", "test", "example", "invalid", "localhost");

    /** A label that no rule of the list names, to ask whether a wildcard rule (*.kawasaki.jp) covers a name's children. */
    private static final String PROBE_LABEL = "db-runner-probe";

    private PatternDomains() {}

    /** Why the pattern reaches more than one registrable domain, or null when it does not. */
    static String problem(LikePattern pattern) {
        String tail = pattern.literalTail();
        int at = tail.lastIndexOf('@');
        if (at >= 0) {
            return oneDomain(tail.substring(at + 1));
        }
        if (tail.isEmpty()) {
            return "it ends with a wildcard, so it matches addresses at any domain";
        }
        int dot = tail.indexOf('.');
        if (dot < 0) {
            return "a wildcard reaches into the last label of its domain part (..." + tail
                    + "), so it matches addresses at domains of any owner";
        }
        return domainsUnder(tail.substring(dot + 1));
    }

    /** The domain part is this literal name. */
    private static String oneDomain(String name) {
        if (name.isEmpty()) {
            return "it has no domain after the @";
        }
        if (!InternetDomainName.isValid(name)) {
            return "its domain part " + name + " is not a domain name";
        }
        InternetDomainName domain = InternetDomainName.from(name);
        if (reserved(domain)) {
            return null;
        }
        if (domain.isPublicSuffix() || unlistedTopLevel(domain)) {
            return "its domain, " + domain + ", is only a public suffix";
        }
        return null;
    }

    /** The domain part is a wildcard followed by these whole labels. */
    private static String domainsUnder(String name) {
        if (!InternetDomainName.isValid(name)) {
            return "the fixed end of its domain part, " + name + ", is not a domain name";
        }
        InternetDomainName domain = InternetDomainName.from(name);
        if (reserved(domain)) {
            return null;
        }
        if (domain.isPublicSuffix() || unlistedTopLevel(domain)) {
            return "the fixed end of its domain part, " + domain + ", is only a public suffix, under which anyone"
                    + " can register a domain, so it matches real people's addresses";
        }
        if (childrenArePublicSuffixes(domain)) {
            return "every name under " + domain + " is a public suffix, so it matches addresses at domains of"
                    + " many owners";
        }
        return null;
    }

    private static boolean reserved(InternetDomainName domain) {
        String name = domain.toString();
        return RESERVED.stream().anyMatch(r -> name.equals(r) || name.endsWith("." + r));
    }

    /** The list's default rule, "*": a top-level domain it does not name (corp, internal) is a public suffix too. */
    private static boolean unlistedTopLevel(InternetDomainName domain) {
        return domain.parts().size() == 1;
    }

    private static boolean childrenArePublicSuffixes(InternetDomainName domain) {
        try {
            return domain.child(PROBE_LABEL).isPublicSuffix();
        } catch (IllegalArgumentException tooLong) {
            // No room for a child under the 253-character limit: no address can be at such a name, but refuse
            // rather than guess.
            return true;
        }
    }
}
