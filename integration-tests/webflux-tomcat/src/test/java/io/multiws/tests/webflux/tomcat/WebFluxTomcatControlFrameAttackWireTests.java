package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

	/**
	 * Tomcat hands pings to multi-ws on its reading thread, past WebFlux's demand, so
	 * withholding that demand does not stop them: about 35 MB of pings read before the
	 * drop, where the other stacks read 7 to 10 MB.
	 */
	@Override
	protected boolean pingsHoldReads() {
		return false;
	}

}
