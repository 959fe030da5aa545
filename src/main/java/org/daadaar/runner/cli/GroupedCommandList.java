package org.daadaar.runner.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/** The root's --help lists its commands under the heading of their group, in the groups' order. */
final class GroupedCommandList implements IHelpSectionRenderer {
    static void install(CommandLine root) {
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        root.getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new GroupedCommandList());
    }

    @Override
    public String render(Help help) {
        StringBuilder text = new StringBuilder();
        for (CommandGroup group : CommandGroup.values()) {
            Map<String, Help> members = new LinkedHashMap<>();
            help.subcommands().forEach((name, sub) -> {
                if (CommandGroup.of(sub.commandSpec().commandLine()).orElse(null) == group) {
                    members.put(name, sub);
                }
            });
            if (!members.isEmpty()) {
                text.append(String.format("%n%s:%n", group.heading())).append(help.commandList(members));
            }
        }
        return text.toString();
    }
}
