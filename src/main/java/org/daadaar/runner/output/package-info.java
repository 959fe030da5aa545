/** What the user sees: the report on stdout, logs on stderr, both with secrets masked. */
package org.daadaar.runner.output;
