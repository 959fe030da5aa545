/** backfill-member-role: an individual gets an organization's Member role, once. */
package org.daadaar.runner.tasks.backfill;
