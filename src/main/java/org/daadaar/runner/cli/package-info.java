/** picocli commands: parse, validate, hand a task to the runner; nothing else. */
package org.daadaar.runner.cli;
