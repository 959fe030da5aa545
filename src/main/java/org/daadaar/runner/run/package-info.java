/** One run of the tasks: find the database, open the pool, run the tasks in order, audit, report, stop on SIGTERM. */
package org.daadaar.runner.run;
