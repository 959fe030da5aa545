/** The pool, session settings and the translation of connection failures into exit codes. */
package org.daadaar.runner.db;
