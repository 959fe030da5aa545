/** The pool, session settings, locks and lock waits, the audit row, and connection failures as exit codes. */
package org.daadaar.runner.db;
