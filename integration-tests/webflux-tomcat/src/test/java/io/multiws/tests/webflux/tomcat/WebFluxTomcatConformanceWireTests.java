package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatConformanceWireTests extends AbstractConformanceWireTests {

	/**
	 * Tomcat's frame parser fails a close reason that is not UTF-8 as a protocol error
	 * (1002), before any code of multi-ws sees the frame.
	 */
	@Override
	protected int closeCodeForAnInvalidCloseReason() {
		return 1002;
	}

}
