package org.daadaar.runner.tasks.seed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic but realistic data for rehearsals and benchmarks, generated inside PostgreSQL with
 * generate_series so that a million users take seconds, not a million round trips.
 *
 * <p>For a scale of N: N users, one in ten a test user on a reserved domain (RFC 2606/6761, some
 * upper-case) and one in a hundred a test user with reports, votes and media; look-alike real
 * domains such as example.com.au; N individuals, half of them with a role occupancy; an
 * organization per thousand users (at least ten) with Member and Head roles, where every seventh
 * spells its role 'member' and every eleventh has no Member role; shared rows created by test
 * users, so cleanup-test-users has creator references to set NULL.
 *
 * <p>Ids are assigned here rather than by the identity columns, so that related rows can be
 * computed from i instead of joined back; the tables are locked against writers for the
 * transaction so that nobody else takes an id in between, and the identity sequences are moved
 * past the new rows at the end. The series are bigint so that products such as i * 7919 stay in
 * range at the largest scale.
 */
final class DemoData {
    static final String MARKER = "demo_user_1";
    private static final List<String> TABLES =
            List.of("users", "organizations", "roles", "individuals", "role_occupancy", "reports");

    private static final List<String> STATEMENTS = List.of(
            """
            insert into users (id, email, username, display_name, created_at) overriding system value
            select :users + i,
                   case when i % 30 = 0 then
                            upper('demo-user-' || i || (array['@example.com', '@example.org', '@example.net',
                                                              '@mail.test'])[(i / 10) % 4 + 1])
                        when i % 10 = 0 then
                            'demo-user-' || i || (array['@example.com', '@example.org', '@example.net',
                                                        '@mail.test'])[(i / 10) % 4 + 1]
                        else 'demo-user-' || i
                            || (array['@gmail.com', '@yahoo.com', '@outlook.com', '@chmail.ir', '@example.com.au',
                                      '@notexample.com'])[i % 6 + 1]
                   end,
                   'demo_user_' || i, 'Demo User ' || i, now() - (:n - i) * interval '30 seconds'
            from generate_series(1::bigint, :n) as i
            """,
            """
            insert into sessions (user_id, created_at, expires_at)
            select :users + i, now() - interval '1 hour', now() + interval '7 days'
            from generate_series(2::bigint, :n, 2) as i
            """,
            """
            insert into organizations (id, name, name_en, created_by_user_id, created_at) overriding system value
            select :organizations + g, 'سازمان نمایشی ' || g, 'Demo Organization ' || g,
                   case when 10 * g <= :n then :users + 10 * g end, now() - interval '400 days'
            from generate_series(1::bigint, :orgs) as g
            """,
            """
            insert into roles (id, organization_id, title, title_en, created_by_user_id, created_at) overriding system value
            select :roles + 2 * g - 1, :organizations + g, 'عضو',
                   case when g % 7 = 0 then 'member' else 'Member' end,
                   case when 10 * g <= :n then :users + 10 * g end, now() - interval '400 days'
            from generate_series(1::bigint, :orgs) as g
            where g % 11 <> 0
            union all
            select :roles + 2 * g, :organizations + g, 'رئیس', 'Head', null, now() - interval '400 days'
            from generate_series(1::bigint, :orgs) as g
            """,
            """
            insert into individuals (id, full_name, full_name_en, created_by_user_id, created_at) overriding system value
            select :individuals + i, 'فرد نمایشی ' || i, 'Demo Individual ' || i,
                   case when i % 20 = 0 then :users + i end, now() - (:n - i) * interval '30 seconds'
            from generate_series(1::bigint, :n) as i
            """,
            """
            insert into role_occupancy (individual_id, role_id, start_date, end_date, created_by_user_id)
            select :individuals + i,
                   :roles + 2 * g - case when i % 4 = 0 and g % 11 <> 0 then 1 else 0 end,
                   current_date - 700 + (i % 300)::int,
                   case when i % 10 = 0 then current_date - 30 end,
                   case when i % 40 = 0 then :users + i end
            from generate_series(2::bigint, :n, 2) as i
            cross join lateral (select (i / 2) % :orgs + 1 as g) as pick
            """,
            """
            insert into reports (id, submitted_by_user_id, individual_id, title, content, created_at) overriding system value
            select :reports + k, :users + 10 * (k - 1) + 1, :individuals + (k * 7) % :n + 1,
                   'Demo report ' || k, 'Synthetic report text ' || k, now() - interval '1 day'
            from generate_series(1::bigint, :realReports) as k
            union all
            select :reports + :realReports + 2 * (j - 1) + t, :users + 100 * j, :individuals + (j * 13) % :n + 1,
                   'Demo test report ' || j || '/' || t, 'Synthetic report text', now() - interval '1 day'
            from generate_series(1::bigint, :n / 100) as j cross join generate_series(1::bigint, 2) as t
            """,
            """
            insert into votes (report_id, user_id, value)
            select :reports + (i * 7919) % :allReports + 1, :users + i, case when i % 7 = 0 then -1 else 1 end
            from generate_series(1::bigint, :n) as i
            where i % 10 in (2, 3)
            union all
            select :reports + (i * 31 + t) % :allReports + 1, :users + i, 1
            from generate_series(100::bigint, :n, 100) as i cross join generate_series(0::bigint, 2) as t
            on conflict do nothing
            """,
            """
            insert into media (report_id, uploaded_by_user_id, storage_key)
            select r.id, r.submitted_by_user_id, 'demo/' || r.id || '.jpg'
            from reports r
            where r.id between :reports + 1 and :reports + :allReports
              and (r.id % 2 = 0 or r.id > :reports + :realReports)
            union all
            select :reports + i % :realReports + 1, :users + i, 'demo/shared-' || i || '.jpg'
            from generate_series(100::bigint, :n, 100) as i
            """);

    private DemoData() {}

    static boolean present(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("select exists (select 1 from users where username = '" + MARKER + "')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Rows inserted per table. Runs in the caller's transaction. */
    static Map<String, Long> generate(Connection c, int scale) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            // EXCLUSIVE still lets readers read; it keeps other writers from taking ids meanwhile.
            st.execute("lock table " + String.join(", ", TABLES) + " in exclusive mode");
            Map<String, Long> values = new LinkedHashMap<>();
            for (String table : TABLES) {
                values.put(table.equals("role_occupancy") ? "occupancy" : table, maxId(st, table));
            }
            long realReports = (scale + 9L) / 10;
            values.put("n", (long) scale);
            values.put("orgs", Math.max(10L, scale / 1000L));
            values.put("realReports", realReports);
            values.put("allReports", realReports + 2L * (scale / 100));
            for (String template : STATEMENTS) {
                String sql = bind(template, values);
                counts.merge(table(sql), st.executeLargeUpdate(sql), Long::sum);
            }
            for (String table : TABLES) {
                st.execute("select setval(pg_get_serial_sequence('" + table + "', 'id'),"
                        + " greatest((select max(id) from " + table + "), 1))");
            }
        }
        return counts;
    }

    private static long maxId(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("select coalesce(max(id), 0) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Only numbers computed above are bound, longest name first so :reports never eats :realReports. */
    private static String bind(String template, Map<String, Long> values) {
        String sql = template;
        List<String> names = values.keySet().stream()
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        for (String name : names) {
            sql = sql.replace(":" + name, Long.toString(values.get(name)));
        }
        return sql;
    }

    private static String table(String sql) {
        String afterInto = sql.substring(sql.indexOf("insert into ") + "insert into ".length());
        return afterInto.substring(0, afterInto.indexOf(' '));
    }
}
