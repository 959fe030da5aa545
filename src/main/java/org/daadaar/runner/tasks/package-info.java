/** What every task is (Task, TaskContext, TaskResult) and ping; each cluster of tasks has a sub-package. Never imports picocli. */
package org.daadaar.runner.tasks;
