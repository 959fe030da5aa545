/** migrate's backup guard: RDS's word on the newest backup, and a manual snapshot before changing anything. */
package org.daadaar.runner.backup;
