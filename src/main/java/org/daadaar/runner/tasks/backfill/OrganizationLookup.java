package org.daadaar.runner.tasks.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.daadaar.runner.RunnerException;

/** Finds the organization a backfill is for, by id or by exact name, and locks its row. */
final class OrganizationLookup {
    record Organization(long id, String name, String nameEn) {
        String describe() {
            return id + " '" + name + "'" + (nameEn == null || nameEn.equals(name) ? "" : " (" + nameEn + ")");
        }
    }

    private OrganizationLookup() {}

    /**
     * @param id the organization's id, or null
     * @param name its exact name or English name, or null; when both are given they must agree
     * @throws RunnerException bad input when none, several, or two different organizations are meant
     */
    static Organization lockOne(Connection c, Long id, String name) throws SQLException {
        long chosen;
        if (id != null) {
            chosen = id;
        } else {
            List<Long> named = idsNamed(c, name);
            if (named.isEmpty()) {
                throw RunnerException.badInput("no organization has the name or English name '" + name + "'");
            }
            if (named.size() > 1) {
                throw RunnerException.badInput("the name '" + name + "' matches " + named.size()
                        + " organizations (ids " + join(named) + "): give --organization-id (ORGANIZATION_ID) instead");
            }
            chosen = named.get(0);
        }
        Organization org = lock(c, chosen);
        if (org == null) {
            throw RunnerException.badInput("no organization has id " + chosen);
        }
        if (id != null && name != null && !name.equals(org.name()) && !Objects.equals(name, org.nameEn())) {
            throw RunnerException.badInput("organization id " + id + " is " + org.describe() + ", not '" + name
                    + "': --organization-id (ORGANIZATION_ID) and --organization-name (ORGANIZATION_NAME) must name the"
                    + " same organization; give one of them, or correct the other");
        }
        return org;
    }

    private static List<Long> idsNamed(Connection c, String name) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement st =
                c.prepareStatement("select id from organizations where name = ? or name_en = ? order by id")) {
            st.setString(1, name);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /*
     * FOR NO KEY UPDATE: backfills of one organization take turns here, and every later statement
     * of the transaction (read committed) sees what the previous one committed. It does not
     * conflict with the FOR KEY SHARE that inserting a row which references the organization
     * takes, so the application's own writes are not held up.
     */
    private static Organization lock(Connection c, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("select id, name, name_en from organizations where id = ? for no key update")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Organization(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
