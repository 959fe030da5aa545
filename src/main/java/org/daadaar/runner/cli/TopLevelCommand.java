package org.daadaar.runner.cli;

/** A command given right after the runner's options: it belongs to a group of --help. */
interface TopLevelCommand {
    CommandGroup group();
}
