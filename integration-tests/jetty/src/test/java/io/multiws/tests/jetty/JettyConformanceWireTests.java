package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyConformanceWireTests extends AbstractConformanceWireTests {

	/**
	 * Jetty's parser reads a frame length into an {@code int}, so a length with its most
	 * significant bit set is too big for it (1009) rather than malformed (1002).
	 */
	@Override
	protected int closeCodeForANegativeLength() {
		return 1009;
	}

}
