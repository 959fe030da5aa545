package org.daadaar.runner.cli;

import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.backfill.BackfillMemberRoleTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "backfill-member-role",
        mixinStandardHelpOptions = true,
        description = {
            "Give an individual the organization's Member role: an open occupancy from today.",
            "The role (title_en 'Member', any case) is created when the organization has none. An individual"
                    + " who already holds it openly is left as is."
        })
final class BackfillMemberRoleCommand implements TaskCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--organization-id", paramLabel = "ID", description = "The organization's id.")
    String organizationId;

    @Option(
            names = "--organization-name",
            paramLabel = "NAME",
            description = "The organization's exact name or English name; must agree with --organization-id when"
                    + " both are given.")
    String organizationName;

    @Option(
            names = "--individual-id",
            paramLabel = "ID",
            description =
                    "The individual; default: the newest one (created_at, then id) with no role occupancy at" + " all.")
    String individualId;

    @Override
    public Task task() {
        Long organization = OptionValues.positiveId(organizationId, OptionValues.source(spec, "--organization-id"));
        Long individual = OptionValues.positiveId(individualId, OptionValues.source(spec, "--individual-id"));
        String name = organizationName;
        if (name != null && name.isBlank()) {
            throw RunnerException.badInput(OptionValues.source(spec, "--organization-name") + " is empty");
        }
        if (organization == null && name == null) {
            throw RunnerException.badInput("backfill-member-role needs an organization: --organization-id"
                    + " (ORGANIZATION_ID) or --organization-name (ORGANIZATION_NAME)");
        }
        return BackfillMemberRoleTask.of(organization, name == null ? null : name.strip(), individual);
    }
}
