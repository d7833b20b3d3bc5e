package io.multiws.tests.tomcat;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

	/**
	 * Tomcat answers pings itself: the Jakarta WebSocket API hands them to no
	 * application, and only Tomcat's internal frame transformations see them first.
	 */
	@Override
	protected boolean containerAnswersPings() {
		return true;
	}

}
