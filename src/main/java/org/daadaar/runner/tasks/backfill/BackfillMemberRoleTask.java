package org.daadaar.runner.tasks.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.Transaction;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.daadaar.runner.tasks.backfill.OrganizationLookup.Organization;

/**
 * Gives one individual the Member role of one organization: an open occupancy from today.
 *
 * <p>Why two runs at once can neither give the role twice nor create a second Member role:
 * <ul>
 *   <li>The organization's row is locked first ({@link OrganizationLookup}), so two backfills of
 *       one organization take turns; in read committed each later statement sees what the one
 *       before committed, so the second finds the Member role (and the occupancy) the first made.
 *   <li>The partial unique index roles_one_member_per_organization allows one Member role per
 *       organization for any writer (seed, or another tool, takes no such lock): a create that
 *       loses that race does nothing, and the winner's role is used.
 *   <li>The partial unique index role_occupancy_open_key (one open occupancy per individual and
 *       role) is the database's own guarantee, for any writer, and the insert's ON CONFLICT DO
 *       NOTHING turns a lost race into "already holds it" instead of an error.
 *   <li>The runner's advisory lock makes runs of this task queue up in the first place; the two
 *       above keep the promise for any writer that does not take it.
 * </ul>
 * Everything happens in one transaction, so a failure leaves neither a role nor an occupancy.
 */
public final class BackfillMemberRoleTask implements Task {
    static final String MEMBER_TITLE = "عضو";
    static final String MEMBER_TITLE_EN = "Member";

    private final Long organizationId;
    private final String organizationName;
    private final Long individualId;

    private BackfillMemberRoleTask(Long organizationId, String organizationName, Long individualId) {
        this.organizationId = organizationId;
        this.organizationName = organizationName;
        this.individualId = individualId;
    }

    /** Ids must be positive and at least one of organizationId, organizationName given (checked by the caller). */
    public static BackfillMemberRoleTask of(Long organizationId, String organizationName, Long individualId) {
        if (organizationId == null && organizationName == null) {
            throw new IllegalArgumentException("an organization id or name is required");
        }
        return new BackfillMemberRoleTask(organizationId, organizationName, individualId);
    }

    @Override
    public String name() {
        return "backfill-member-role";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("organization_id", organizationId);
        p.put("organization_name", organizationName);
        p.put("individual_id", individualId);
        return p;
    }

    private record Individual(long id, String fullName, String fullNameEn) {
        String describe() {
            return id + " (" + fullName + (fullNameEn == null || fullNameEn.equals(fullName) ? "" : " / " + fullNameEn)
                    + ")";
        }
    }

    private record Role(long id, String title, String titleEn, boolean created) {}

    private enum Outcome {
        ASSIGNED,
        ALREADY_HELD,
        NO_CANDIDATE
    }

    private record Done(Outcome outcome, Organization org, Individual individual, Role role, LocalDate startDate) {}

    @Override
    public TaskResult run(TaskContext context) throws Exception {
        boolean write = !context.dryRun();
        Done done = Transaction.run(context.dataSource(), write, c -> {
            Organization org = OrganizationLookup.lockOne(c, organizationId, organizationName);
            Individual individual = individualId != null ? individual(c, individualId) : latestWithoutOccupancy(c);
            if (individual == null) {
                return new Done(Outcome.NO_CANDIDATE, org, null, null, null);
            }
            Role role = memberRole(c, org.id());
            if (role != null) {
                LocalDate since = openSince(c, individual.id(), role.id());
                if (since != null) {
                    return new Done(Outcome.ALREADY_HELD, org, individual, role, since);
                }
            } else {
                role = write ? createMemberRole(c, org.id()) : new Role(0, MEMBER_TITLE, MEMBER_TITLE_EN, true);
            }
            if (!write) {
                return new Done(Outcome.ASSIGNED, org, individual, role, today(c));
            }
            LocalDate started = addOccupancy(c, individual.id(), role.id());
            return started == null
                    ? new Done(Outcome.ALREADY_HELD, org, individual, role, openSince(c, individual.id(), role.id()))
                    : new Done(Outcome.ASSIGNED, org, individual, role, started);
        });
        return result(done, context.dryRun());
    }

    private static Individual individual(Connection c, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("select id, full_name, full_name_en from individuals where id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw RunnerException.badInput("no individual has id " + id + " (--individual-id, INDIVIDUAL_ID)");
                }
                return new Individual(rs.getLong(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    /** Served by individuals (created_at desc, id desc) and role_occupancy (individual_id, ...). */
    static final String LATEST_WITHOUT_OCCUPANCY =
            """
            select i.id, i.full_name, i.full_name_en from individuals i
            where not exists (select 1 from role_occupancy o where o.individual_id = i.id)
            order by i.created_at desc, i.id desc
            limit 1
            """;

    private static Individual latestWithoutOccupancy(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(LATEST_WITHOUT_OCCUPANCY);
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? new Individual(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
        }
    }

    /** Any case of 'Member'; should there be several, the oldest. */
    private static Role memberRole(Connection c, long organizationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                """
                select id, title, title_en from roles
                where organization_id = ? and lower(title_en) = 'member'
                order by id limit 1
                """)) {
            st.setLong(1, organizationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Role(rs.getLong(1), rs.getString(2), rs.getString(3), false) : null;
            }
        }
    }

    private static Role createMemberRole(Connection c, long organizationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into roles (organization_id, title, title_en) values (?, ?, ?) on conflict do nothing"
                        + " returning id")) {
            st.setLong(1, organizationId);
            st.setString(2, MEMBER_TITLE);
            st.setString(3, MEMBER_TITLE_EN);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return new Role(rs.getLong(1), MEMBER_TITLE, MEMBER_TITLE_EN, true);
                }
            }
        }
        // Another writer created it after we looked; its row is committed, so we see it now.
        return memberRole(c, organizationId);
    }

    private static LocalDate openSince(Connection c, long individual, long role) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                """
                select coalesce(start_date, created_at::date) from role_occupancy
                where individual_id = ? and role_id = ? and end_date is null
                order by id limit 1
                """)) {
            st.setLong(1, individual);
            st.setLong(2, role);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, LocalDate.class) : null;
            }
        }
    }

    /** The start date of the new occupancy, or null when a concurrent writer's open one won. */
    private static LocalDate addOccupancy(Connection c, long individual, long role) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                """
                insert into role_occupancy (individual_id, role_id, start_date, end_date)
                values (?, ?, current_date, null)
                on conflict (individual_id, role_id) where end_date is null do nothing
                returning start_date
                """)) {
            st.setLong(1, individual);
            st.setLong(2, role);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, LocalDate.class) : null;
            }
        }
    }

    private static LocalDate today(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select current_date");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getObject(1, LocalDate.class);
        }
    }

    private TaskResult result(Done done, boolean dryRun) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", done.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        details.put("organization_id", done.org().id());
        details.put("organization_name", done.org().name());
        details.put("organization_name_en", done.org().nameEn());
        String prefix = Wording.prefix(name(), dryRun);
        if (done.outcome() == Outcome.NO_CANDIDATE) {
            return new TaskResult(
                    name(),
                    dryRun ? TaskStatus.DRY_RUN : TaskStatus.NOTHING_TO_DO,
                    details,
                    List.of(prefix
                            + "every individual already has a role occupancy; nothing to do for organization "
                            + done.org().describe()));
        }
        Role role = done.role();
        details.put("individual_id", done.individual().id());
        details.put("individual_name", done.individual().fullName());
        details.put("individual_name_en", done.individual().fullNameEn());
        details.put("role_id", role.id() == 0 ? null : role.id());
        details.put("role_title_en", role.titleEn());
        details.put("role_created", role.created());
        details.put(
                "start_date", done.startDate() == null ? null : done.startDate().toString());
        String roleText = "the role " + role.titleEn() + " '" + role.title() + "' ("
                + (role.created() ? (dryRun ? "to be created" : "created, id " + role.id()) : "id " + role.id())
                + ") of organization " + done.org().describe();
        String line;
        TaskStatus status;
        if (done.outcome() == Outcome.ALREADY_HELD) {
            line = "individual " + done.individual().describe() + " already holds " + roleText + " since "
                    + done.startDate() + "; nothing changed";
            status = dryRun ? TaskStatus.DRY_RUN : TaskStatus.NOTHING_TO_DO;
        } else {
            line = Wording.did(dryRun, "gave", "give") + " individual "
                    + done.individual().describe() + " " + roleText + ", open from " + done.startDate();
            status = dryRun ? TaskStatus.DRY_RUN : TaskStatus.SUCCEEDED;
        }
        return new TaskResult(name(), status, details, List.of(prefix + line));
    }
}
