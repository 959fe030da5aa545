/** seed: the packaged reference data, and demo data generated inside PostgreSQL. */
package org.daadaar.runner.tasks.seed;
