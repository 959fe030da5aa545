package org.daadaar.runner.codebuild;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.output.DurationText;

/** `codebuild list`: a table for people, or one JSON object per build. */
public final class BuildTable {
    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"BUILD", "STATUS", "TASK", "INITIATOR", "START", "DURATION"};

    private BuildTable() {}

    public static List<String> lines(List<BuildInfo> builds, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (BuildInfo b : builds) {
            rows.add(new String[] {
                b.id(),
                b.status(),
                b.task().isEmpty() ? "-" : b.task(),
                nullToDash(b.initiator()),
                b.start() == null ? "-" : START.format(b.start()),
                (b.inProgress() ? "running " : "") + DurationText.words(b.duration(now))
            });
        }
        int[] widths = new int[HEADER.length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    public static Map<String, Object> json(BuildInfo b, Instant now) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", b.id());
        object.put("status", b.status());
        object.put("task", b.task());
        object.put("initiator", b.initiator());
        object.put("start", b.start());
        object.put("end", b.end());
        object.put("duration_seconds", b.duration(now).toSeconds());
        object.put("phase", b.currentPhase());
        return object;
    }

    private static String nullToDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
