/** db-runner's kernel, used by every package: Main (the only exit), ExitCode, RunnerException and Causes. */
package org.daadaar.runner;
