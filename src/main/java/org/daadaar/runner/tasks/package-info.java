/** One class per task; plain Java that never imports picocli. */
package org.daadaar.runner.tasks;
