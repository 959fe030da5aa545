/** Login by RDS IAM token instead of a password: the token made per connection, and how pgjdbc gets it. */
package org.daadaar.runner.iamauth;
