package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyConformanceWireTests extends AbstractConformanceWireTests {

	/**
	 * Jetty refuses from its header a frame that announces more than it can hold in an
	 * {@code int}, and otherwise reads a frame's payload up to the message limit first: no
	 * public hook runs between its header and its payload.
	 */
	@Override
	protected int payloadBytesBeforeAnOversizedFrameIsRefused(long announcedLength) {
		return (announcedLength > Integer.MAX_VALUE) ? 0 : LIMIT + 1;
	}

	/**
	 * Jetty's own answer: its parser takes a 64-bit length with its most significant bit
	 * set for a frame too large to hold, before any code of ours runs.
	 */
	@Override
	protected int closeCodeForANegativeLength() {
		return 1009;
	}

}
