/** The throwaway PostgreSQL behind --local and the tests: Docker when it answers, else embedded binaries. */
package org.daadaar.runner.local;
