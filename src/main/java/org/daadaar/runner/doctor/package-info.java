/** doctor: the in-VPC failure modes, checked in order, each with a one-line hint. */
package org.daadaar.runner.doctor;
