package org.daadaar.runner.tasks.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillMemberRoleTest {
    private static final Sql db = Sql.freshWithSchema(BackfillMemberRoleTest.class);

    /**
     * Organizations 1 (a lower-case 'member' role), 2 (no Member role), 3 and 4 (the same name);
     * individuals 1 to 4 created at one instant, 2 and 4 the only ones without any occupancy.
     */
    @BeforeEach
    void fixture() {
        db.exec(
                "truncate organizations, roles, individuals, role_occupancy, db_runner.audit restart identity cascade",
                """
                insert into organizations (name, name_en) values
                    ('وزارت کشور', 'Ministry of Interior'), ('شورای شهر', 'City Council'),
                    ('کمیته', 'Committee'), ('کمیته', 'Committee of Two');
                insert into roles (organization_id, title, title_en) values
                    (1, 'عضو', 'member'), (1, 'رئیس', 'Head'), (2, 'رئیس', 'Head');
                insert into individuals (full_name, full_name_en, created_at)
                    select 'فرد ' || i, 'Person ' || i, timestamptz '2026-01-01 12:00+00' from generate_series(1, 4) i;
                insert into individuals (full_name, created_at) values ('Older', timestamptz '2020-01-01 00:00+00');
                insert into role_occupancy (individual_id, role_id, end_date) values (1, 2, null), (3, 2, current_date);
                """);
    }

    private long occupancies(String where) {
        return db.count("select count(*) from role_occupancy where " + where);
    }

    @Test
    void gives_the_newest_individual_without_any_occupancy_the_member_role_highest_id_first_on_a_tie() {
        CliRun run = db.cli("backfill-member-role", "--organization-id", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(occupancies("individual_id = 4 and role_id = 1 and end_date is null and start_date = current_date"))
                .isOne();
        assertThat(run.out())
                .contains("gave individual 4 (فرد 4 / Person 4) the role member 'عضو' (id 1) of"
                        + " organization 1 'وزارت کشور' (Ministry of Interior), open from ");
    }

    @Test
    void an_individual_with_only_a_closed_occupancy_is_not_a_candidate() {
        db.cli("backfill-member-role", "--organization-id", "1");
        CliRun second = db.cli("backfill-member-role", "--organization-id", "1");

        assertThat(second.out()).as("3 has a closed occupancy, so 2 is next").contains("individual 2 (");
    }

    @Test
    void an_existing_lower_case_member_role_is_used_and_no_second_one_is_made() {
        CliRun run =
                db.cli("--output", "json", "backfill-member-role", "--organization-id", "1", "--individual-id", "3");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"role_id\":1", "\"role_created\":false");
        assertThat(db.count("select count(*) from roles where organization_id = 1 and lower(title_en) = 'member'"))
                .isOne();
    }

    @Test
    void a_missing_member_role_is_created_and_the_report_says_so() {
        CliRun run = db.cli(Map.of("ORGANIZATION_NAME", "City Council", "INDIVIDUAL_ID", "2"), "backfill-member-role");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.one(
                        "select title || '/' || title_en from roles where organization_id = 2 and title_en = 'Member'"))
                .isEqualTo("عضو/Member");
        assertThat(run.out())
                .contains("gave individual 2 (فرد 2 / Person 2) the role Member 'عضو' (created, id 4)"
                        + " of organization 2 'شورای شهر' (City Council)");
    }

    @Test
    void an_open_member_occupancy_already_held_changes_nothing_and_says_so() {
        db.exec("insert into role_occupancy (individual_id, role_id, start_date) values (4, 1, date '2025-03-01')");

        CliRun run = db.cli("backfill-member-role", "--organization-id", "1", "--individual-id", "4");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "individual 4 (فرد 4 / Person 4) already holds the role member",
                        "since 2025-03-01",
                        "nothing changed");
        assertThat(occupancies("individual_id = 4")).isOne();
        assertThat(db.one("select status from db_runner.audit")).isEqualTo("nothing-to-do");
    }

    @Test
    void no_candidate_at_all_is_a_no_op_that_creates_no_role() {
        db.exec(
                "insert into role_occupancy (individual_id, role_id, end_date) select id, 2, current_date from individuals"
                        + " where id not in (select individual_id from role_occupancy)");

        CliRun run = db.cli("backfill-member-role", "--organization-id", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("every individual already has a role occupancy; nothing to do");
        assertThat(db.count("select count(*) from roles where organization_id = 2"))
                .isOne();
    }

    @Test
    void a_dry_run_says_what_it_would_do_and_changes_nothing() {
        CliRun run = db.cli("--dry-run", "backfill-member-role", "--organization-id", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("(dry run): would give individual 4", "(to be created)");
        assertThat(db.count("select count(*) from roles")).isEqualTo(3);
        assertThat(occupancies("true")).isEqualTo(2);
    }

    @Test
    void an_ambiguous_name_is_bad_input_listing_the_ids() {
        CliRun run = db.cli("backfill-member-role", "--organization-name", "کمیته");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("matches 2 organizations (ids 3, 4)");
        assertThat(db.one("select status from db_runner.audit")).isEqualTo("refused");
    }

    @Test
    void the_id_settles_an_ambiguous_name_when_both_agree() {
        CliRun run = db.cli("backfill-member-role", "--organization-id", "4", "--organization-name", "کمیته");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("of organization 4 'کمیته' (Committee of Two)");
    }

    @Test
    void an_id_and_a_name_that_disagree_are_bad_input() {
        CliRun run =
                db.cli(Map.of("ORGANIZATION_ID", "1"), "backfill-member-role", "--organization-name", "City Council");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("organization id 1 is 1 'وزارت کشور' (Ministry of Interior), not 'City Council'");
        assertThat(occupancies("true")).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
        "--organization-id, 99, no organization has id 99",
        "--organization-name, Nowhere, no organization has the name or English name 'Nowhere'",
    })
    void an_organization_that_does_not_exist_is_bad_input(String flag, String value, String message) {
        CliRun run = db.cli("backfill-member-role", flag, value);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(message);
    }

    @Test
    void an_individual_that_does_not_exist_is_bad_input() {
        CliRun run = db.cli("backfill-member-role", "--organization-id", "1", "--individual-id", "77");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no individual has id 77");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--organization-id | abc | --organization-id must be a positive integer (was 'abc')",
                "--organization-id | 0 | --organization-id must be a positive integer (was '0')",
                "--individual-id | -3 | --individual-id must be a positive integer (was '-3')",
                "--individual-id | 1.5 | --individual-id must be a positive integer (was '1.5')",
                "--individual-id | 99999999999999999999 | --individual-id must be a positive integer",
            })
    void a_bad_id_flag_is_bad_input_naming_the_flag(String flag, String value, String message) {
        CliRun run = CliRun.run(
                "--database-url",
                "postgresql://nobody@db.invalid:1/none",
                "backfill-member-role",
                "--organization-name",
                "x",
                flag,
                value);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("Connecting");
    }

    @ParameterizedTest
    @CsvSource({"ORGANIZATION_ID, 12x", "INDIVIDUAL_ID, 0"})
    void a_bad_id_variable_is_bad_input_naming_the_variable(String variable, String value) {
        CliRun run = CliRun.run(
                Map.of("ORGANIZATION_NAME", "x", variable, value),
                "--database-url",
                "postgresql://nobody@db.invalid:1/none",
                "backfill-member-role");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(variable + " must be a positive integer (was '" + value + "')");
    }

    @Test
    void no_organization_at_all_is_bad_input_naming_both_ways_to_give_one() {
        CliRun run = CliRun.run("--database-url", "postgresql://nobody@db.invalid:1/none", "backfill-member-role");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--organization-id (ORGANIZATION_ID) or --organization-name (ORGANIZATION_NAME)");
    }
}
