/** How every AWS client is built (timeouts, region, endpoints, credentials) and how its failures read. */
package org.daadaar.runner.aws;
