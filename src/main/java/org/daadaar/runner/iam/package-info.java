/** The build role's least-privilege policy: what it holds, how it differs from the role's, and putting it on the role. */
package org.daadaar.runner.iam;
