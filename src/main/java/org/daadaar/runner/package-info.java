/** db-runner: runs named database tasks and exits with a code that says what happened. */
package org.daadaar.runner;
