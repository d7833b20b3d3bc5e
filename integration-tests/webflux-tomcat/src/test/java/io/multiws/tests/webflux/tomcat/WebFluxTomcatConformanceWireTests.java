package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatConformanceWireTests extends AbstractConformanceWireTests {

	/**
	 * Tomcat reads a frame's payload into the message buffer before it finds the frame
	 * over the limit: no public hook runs between its header and its payload.
	 */
	@Override
	protected int payloadBytesBeforeAnOversizedFrameIsRefused(long announcedLength) {
		return LIMIT + 1;
	}

	/**
	 * Tomcat's own answer: its parser fails a close reason that is not UTF-8 as a protocol
	 * error, before any code of ours runs.
	 */
	@Override
	protected int closeCodeForAnInvalidCloseReason() {
		return 1002;
	}

}
