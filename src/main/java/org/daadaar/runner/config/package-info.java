/** Where the database is and how to reach it safely: URL parsing, connection settings, TLS policy. */
package org.daadaar.runner.config;
