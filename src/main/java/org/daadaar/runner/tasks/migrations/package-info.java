/** The Flyway tasks: migrate, info, validate, and how they read sources and report failures. */
package org.daadaar.runner.tasks.migrations;
