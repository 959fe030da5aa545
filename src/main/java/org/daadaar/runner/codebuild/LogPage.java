package org.daadaar.runner.codebuild;

import java.util.List;

/**
 * One GetLogEvents answer: the events' messages, each without its line break, and the forward token to ask with next. The stream is
 * read to its current end when the token that comes back is the one that was sent.
 */
public record LogPage(List<String> lines, String nextToken) {
    public LogPage {
        lines = List.copyOf(lines);
    }
}
