/** Starting and following CodeBuild builds of the runner, and reading their logs, from an operator's machine. */
package org.daadaar.runner.codebuild;
