package io.multiws.tests.tomcat;

import java.time.Duration;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

	/**
	 * How often Tomcat's background process checks the close timeout of its sessions
	 * ({@code WsWebSocketContainer}'s process period).
	 */
	private static final Duration TOMCAT_PROCESS_PERIOD = Duration.ofSeconds(10);

	/**
	 * How long Tomcat's poller waits in a select when nothing happens.
	 */
	private static final Duration TOMCAT_POLLER_SELECT = Duration.ofSeconds(1);

	/**
	 * Tomcat answers pings itself: the Jakarta WebSocket API hands them to no
	 * application, and only Tomcat's internal frame transformations see them first.
	 */
	@Override
	protected boolean containerAnswersPings() {
		return true;
	}

	/**
	 * On the portable path nothing but Tomcat's own close timeout (set to the send time
	 * limit) ends a close that the client does not answer, and Tomcat checks it only in
	 * its background process, every 10 s (README, Container optimizations); with the
	 * optimizations multi-ws has Tomcat check it when the send time limit has passed.
	 */
	@Override
	protected Duration closeTowardAClientThatDoesNotReadEndsWithin(Duration sendTimeLimit,
			boolean containerOptimizations) {
		Duration bound = super.closeTowardAClientThatDoesNotReadEndsWithin(sendTimeLimit, containerOptimizations);
		return containerOptimizations ? bound : bound.plus(TOMCAT_PROCESS_PERIOD);
	}

	/**
	 * On the portable path, once Tomcat's pong gave up, nothing wakes Tomcat's poller to
	 * release the closed socket (multi-ws does, with the optimizations): the JDK keeps it
	 * until the poller's next select, up to a second later.
	 */
	@Override
	protected Duration containersPongDropsWithin(boolean containerOptimizations) {
		Duration bound = super.containersPongDropsWithin(containerOptimizations);
		return containerOptimizations ? bound : bound.plus(TOMCAT_POLLER_SELECT);
	}

	/**
	 * On the portable path multi-ws cannot tell when Tomcat closes the socket of a session
	 * that Tomcat reported closed once its close frame was sent: the slot is given back
	 * then (README, Container optimizations).
	 */
	@Override
	protected boolean slotHeldUntilTheSocketCloses(boolean containerOptimizations) {
		return containerOptimizations;
	}

}
