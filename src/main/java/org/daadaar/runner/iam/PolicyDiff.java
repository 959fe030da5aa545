package org.daadaar.runner.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.daadaar.runner.RunnerException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * What putting a policy document changes, statement by statement (matched by Sid): statements
 * added and removed, and for one that stays, the actions, resources and condition that change.
 * Order and layout do not count, nor a single value written as a one-element list.
 */
public final class PolicyDiff {
    private record Shape(String effect, Set<String> actions, Set<String> resources, String condition) {}

    private PolicyDiff() {}

    /** @param current the role's policy now, or null when it has none by that name */
    public static List<String> between(String current, String wanted) {
        Map<String, Shape> before = current == null ? Map.of() : statements(current);
        Map<String, Shape> after = statements(wanted);
        List<String> lines = new ArrayList<>();
        after.forEach((sid, shape) -> {
            Shape old = before.get(sid);
            if (old == null) {
                lines.add("+ " + sid + ": " + shape.effect() + " " + String.join(", ", shape.actions()) + " on "
                        + String.join(", ", shape.resources()));
            } else if (!old.equals(shape)) {
                lines.add("~ " + sid + ": " + changes(old, shape));
            }
        });
        before.keySet().stream().filter(sid -> !after.containsKey(sid)).forEach(sid -> lines.add("- " + sid));
        return lines;
    }

    private static String changes(Shape old, Shape now) {
        List<String> parts = new ArrayList<>();
        if (!old.effect().equals(now.effect())) {
            parts.add("effect " + old.effect() + " -> " + now.effect());
        }
        difference(now.actions(), old.actions()).forEach(a -> parts.add("+ action " + a));
        difference(old.actions(), now.actions()).forEach(a -> parts.add("- action " + a));
        difference(now.resources(), old.resources()).forEach(r -> parts.add("+ resource " + r));
        difference(old.resources(), now.resources()).forEach(r -> parts.add("- resource " + r));
        if (!Objects.equals(old.condition(), now.condition())) {
            parts.add("condition " + old.condition() + " -> " + now.condition());
        }
        return String.join("; ", parts);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static Map<String, Shape> statements(String document) {
        JsonNode root;
        try {
            root = JsonNodeParser.create().parse(document);
        } catch (RuntimeException e) {
            throw RunnerException.badInput("the role's current policy is not JSON: " + e.getMessage(), e);
        }
        JsonNode statement = root.isObject() ? root.asObject().get("Statement") : null;
        List<JsonNode> list =
                statement == null ? List.of() : statement.isArray() ? statement.asArray() : List.of(statement);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, JsonNode> s = list.get(i).asObject();
            String sid = s.containsKey("Sid") ? s.get("Sid").text() : "statement " + (i + 1) + " (no Sid)";
            shapes.put(
                    sid,
                    new Shape(
                            s.containsKey("Effect") ? s.get("Effect").text() : "?",
                            strings(s.get("Action")),
                            strings(s.get("Resource")),
                            s.containsKey("Condition")
                                    ? normal(s.get("Condition")).toString()
                                    : null));
        }
        return shapes;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new TreeSet<>();
        if (node == null || node.isNull()) {
            return values;
        }
        (node.isArray() ? node.asArray() : List.of(node)).forEach(n -> values.add(n.text()));
        return values;
    }

    /** A JSON value with object keys sorted and one-element lists unwrapped, for comparing. */
    private static Object normal(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            node.asObject().forEach((k, v) -> sorted.put(k, normal(v)));
            return sorted;
        }
        if (node.isArray()) {
            List<JsonNode> items = node.asArray();
            return items.size() == 1
                    ? normal(items.get(0))
                    : new TreeSet<>(
                            items.stream().map(n -> normal(n).toString()).toList());
        }
        return node.isString() ? node.text() : node.toString();
    }
}
