/** lint: the pending migrations' statements read against the live catalog, before migrate applies them. */
package org.daadaar.runner.tasks.lint;
