package org.daadaar.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.codebuild.BuildInfo;
import org.daadaar.runner.codebuild.BuildOutcome;
import org.daadaar.runner.codebuild.Builds;
import org.daadaar.runner.codebuild.Buildspec;
import org.daadaar.runner.codebuild.Following;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        customSynopsis = {
            "runner.jar codebuild run [run's options] [runner options]",
            "                                TASK [task options] [TASK [task options]...]"
        },
        description = {
            "Start a build of the project that runs TASK with its options in the VPC, and print its id and"
                    + " console link.",
            "The runner options and the task part are checked here first, with the runner's own rules and exit"
                    + " codes; nothing is sent when they are wrong. Give run's own options (below) first; from the"
                    + " first other word on, everything belongs to the runner in the build.",
            "The build gets the buildspec packaged in this runner.jar (or --buildspec PATH), TASK and the options"
                    + " as plain-text environment overrides (TASK='--lock-timeout 30s migrate', DRY_RUN=true,"
                    + " ORGANIZATION_ID=...), never a secret."
        })
final class CodeBuildRunCommand implements OperatorCommand {
    private static final String TASKS_SECTION = "tasks";

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ProjectOption project = new ProjectOption();

    @Mixin
    FollowOptions following = new FollowOptions();

    @Option(
            names = "--buildspec",
            paramLabel = "PATH",
            description = "Send this buildspec instead of the one packaged in runner.jar, which matches the image of"
                    + " the same version.")
    Path buildspec;

    @Option(
            names = "--allow-concurrent",
            description = "Start even while another build of the project is in progress (else exit 4).")
    boolean allowConcurrent;

    @Option(names = "--dry-run", description = "The tasks report what they would do and change nothing.")
    boolean dryRun;

    @Parameters(
            arity = "1..*",
            paramLabel = "TASK [task options]",
            description = "The runner's options for the build, then one or more tasks with their options.")
    List<String> task;

    private CommandSpec commandSpec;

    /**
     * A word that is not an option of run (--lock-timeout) starts the part that belongs to the
     * runner, as a task name does (Cli stops run's parsing at its first positional): so that the
     * runner's global options can lead it, and are checked by the runner's own parser.
     */
    @Spec
    void commandSpec(CommandSpec spec) {
        this.commandSpec = spec;
        spec.parser().unmatchedOptionsArePositionalParams(true);
        spec.usageMessage().sectionMap().put(TASKS_SECTION, CodeBuildRunCommand::tasksAndOptions);
        List<String> keys = new ArrayList<>(spec.usageMessage().sectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), TASKS_SECTION);
        spec.usageMessage().sectionKeys(keys);
    }

    @Override
    public int run(OperatorContext context) {
        String project = this.project.name();
        var interval = following.interval();
        List<String> words = new ArrayList<>(givenBeforeCodebuild());
        if (dryRun && !words.contains("--dry-run")) {
            words.add("--dry-run");
        }
        words.addAll(task);
        ParseResult parsed =
                TaskOverrides.parse(words, commandSpec.optionsMap().keySet(), context.out(), context.err());
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        Buildspec sent = buildspec == null ? Buildspec.packaged() : Buildspec.file(buildspec);
        Map<String, String> overrides = TaskOverrides.of(parsed, sent.text());
        // The runner's own checks of its global options (ranges, formats), as the build would apply them.
        if (parsed.commandSpec().userObject() instanceof RootCommand runner) {
            runner.validatedOptions();
        }
        try (Builds builds = Builds.connect(context.region(aws.region), context.env())) {
            if (!allowConcurrent) {
                refuseWhileRunning(builds, project);
            }
            BuildInfo build = builds.start(project, sent.text(), overrides);
            context.line("started build " + build.id() + " of project " + project + ": "
                    + overrides.entrySet().stream()
                            .map(e -> e.getKey() + "=" + ShellWords.quote(e.getValue()))
                            .collect(Collectors.joining(" ")));
            context.line("buildspec: " + sent.source());
            context.line("console: " + BuildOutcome.consoleLink(build));
            if (!following.follow) {
                context.note("follow it with: java -jar runner.jar codebuild logs " + build.id() + " --follow");
                return ExitCode.OK;
            }
            return Following.toEnd(builds, build.id(), interval, context);
        }
    }

    /**
     * The global options given before `codebuild` (runner.jar --lock-timeout 30s codebuild run
     * migrate), as words, so that they reach the build or are refused like those after run. Only
     * --region is for this machine: it picks where the build starts.
     */
    private List<String> givenBeforeCodebuild() {
        ParseResult root = commandSpec.root().commandLine().getParseResult();
        List<String> words = new ArrayList<>();
        if (root == null) {
            return words;
        }
        for (OptionSpec option : root.matchedOptions()) {
            String name = option.longestName();
            if (name.equals("--region")) {
                continue;
            }
            if (option.arity().max() == 0) {
                words.add(name);
            } else {
                for (String value : option.originalStringValues()) {
                    words.add(name);
                    words.add(value);
                }
            }
        }
        return words;
    }

    /** The help's list of tasks, from the runner's own command line, and what becomes of its options. */
    private static String tasksAndOptions(Help help) {
        CommandSpec root = help.commandSpec().root();
        Help runner = new Help(root, help.colorScheme());
        Map<String, Help> tasks = new LinkedHashMap<>();
        CommandGroup.buildTasks(root.commandLine())
                .forEach(name -> tasks.put(name, runner.subcommands().get(name)));
        return String.format("%nTasks (each takes --help: codebuild run TASK --help):%n")
                + runner.commandList(tasks)
                + String.format("%nRunner options passed on to the build (before TASK, or before codebuild):%n")
                + wrapped(TaskOverrides.PASSED_ON)
                + String.format("Refused with exit 2 and the reason:%n")
                + wrapped(TaskOverrides.REFUSED.keySet());
    }

    /** Sorted, comma-separated, in lines of at most 80 characters indented by two. */
    private static String wrapped(Collection<String> names) {
        StringBuilder text = new StringBuilder();
        StringBuilder line = new StringBuilder(" ");
        for (String name : names.stream().sorted().toList()) {
            if (line.length() + name.length() + 2 > 80) {
                text.append(line).append(System.lineSeparator());
                line = new StringBuilder(" ");
            }
            line.append(' ').append(name).append(',');
        }
        line.setLength(line.length() - 1);
        return text.append(line).append(System.lineSeparator()).toString();
    }

    private static void refuseWhileRunning(Builds builds, String project) {
        List<BuildInfo> running = builds.recent(project, 100).stream()
                .filter(BuildInfo::inProgress)
                .toList();
        if (!running.isEmpty()) {
            BuildInfo b = running.get(0);
            throw RunnerException.guardRefused("build " + b.id() + " of project " + project + " is in progress"
                    + (b.task().isEmpty() ? "" : " (" + b.task() + ")")
                    + (b.initiator() == null ? "" : ", started by " + b.initiator())
                    + (running.size() > 1 ? ", and " + (running.size() - 1) + " more" : "")
                    + ": wait for it (codebuild logs " + b.id() + " --follow), or pass --allow-concurrent");
        }
    }
}
