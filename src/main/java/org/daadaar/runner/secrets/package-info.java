/** Where credentials come from: the environment or AWS Secrets Manager. */
package org.daadaar.runner.secrets;
