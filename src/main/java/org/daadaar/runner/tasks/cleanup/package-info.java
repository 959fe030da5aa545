/** cleanup-test-users: which addresses are test users, and deleting them in counted batches. */
package org.daadaar.runner.tasks.cleanup;
