/** What a TLS handshake really established, recorded by the driver's factory and host name check. */
package org.daadaar.runner.tls;
