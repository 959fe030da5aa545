/** db-runner's kernel, used by every package: Main (the only exit), ExitCode and RunnerException. */
package org.daadaar.runner;
