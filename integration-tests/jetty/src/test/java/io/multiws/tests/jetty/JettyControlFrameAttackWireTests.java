package io.multiws.tests.jetty;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

	/**
	 * On the portable path Jetty answers pings itself (its own pong, queued, with its
	 * reads held until it is written); with the optimizations multi-ws answers them.
	 */
	@Override
	protected boolean containerQueuesPongs(boolean containerOptimizations) {
		return !containerOptimizations;
	}

}
