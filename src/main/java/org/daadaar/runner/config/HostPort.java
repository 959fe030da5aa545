package org.daadaar.runner.config;

/** A host (name, IPv4, or bracketed IPv6) and a port, as written in a URL. */
record HostPort(String host, int port) {

    static HostPort parse(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new DatabaseUrlException("the IPv6 address in the URL has no closing ']'");
            }
            String host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.isEmpty()) {
                return new HostPort(host, DatabaseUrl.DEFAULT_PORT);
            }
            if (!after.startsWith(":")) {
                throw new DatabaseUrlException("unexpected text after the IPv6 address in the URL");
            }
            return new HostPort(host, parsePort(after.substring(1)));
        }
        int colon = hostPort.indexOf(':');
        if (colon < 0) {
            return new HostPort(PercentDecoder.decode(hostPort, "host"), DatabaseUrl.DEFAULT_PORT);
        }
        if (hostPort.indexOf(':', colon + 1) >= 0) {
            throw new DatabaseUrlException("an IPv6 host must be written in brackets, as [::1]:5432");
        }
        return new HostPort(
                PercentDecoder.decode(hostPort.substring(0, colon), "host"), parsePort(hostPort.substring(colon + 1)));
    }

    static int parsePort(String port) {
        if (port.isEmpty()) {
            return DatabaseUrl.DEFAULT_PORT;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            // The value is not shown: with an unencoded '/' in a password, the password lands here.
            throw new DatabaseUrlException("the port must be a number from 1 to 65535; if the password holds"
                    + " '/', '@' or ':', percent-encode them (%2F, %40, %3A)");
        }
        return Integer.parseInt(port);
    }
}
