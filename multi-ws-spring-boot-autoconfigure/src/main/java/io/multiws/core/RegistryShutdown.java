package io.multiws.core;

import java.time.Duration;
import java.util.List;

import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The registry's drain on shutdown: every session closed with 1001, the hubs awaited
 * until the shutdown timeout, then what is left aborted, and the closing sessions whose
 * peers did not complete the close dropped.
 *
 * @author multi-ws team
 */
final class RegistryShutdown {

	private static final Log logger = LogFactory.getLog(RegistryShutdown.class);

	private static final WsCloseStatus SHUTTING_DOWN = WsCloseStatus.GOING_AWAY.withReason("Server shutting down");

	private RegistryShutdown() {
	}

	static void drain(HubRegistry registry, SessionSweeper sweeper, Duration timeout) {
		registry.setDraining(true);
		List<DefaultWsHub> live = List.copyOf(registry.liveHubs());
		int sessions = 0;
		for (DefaultWsHub hub : live) {
			for (DefaultWsSession session : hub.sessionArray()) {
				session.close(SHUTTING_DOWN);
				sessions++;
			}
		}
		if (sessions > 0) {
			logger.info("Closing " + sessions + " WebSocket sessions in " + live.size() + " hubs with 1001");
		}
		// Hubs kept by hub.empty-timeout have nobody to wait for
		live.forEach(registry::removeIfEmpty);
		registry.awaitEmpty(timeout);
		for (DefaultWsHub hub : List.copyOf(registry.liveHubs())) {
			for (DefaultWsSession session : hub.sessionArray()) {
				session.abort(SHUTTING_DOWN);
			}
			registry.removeIfEmpty(hub);
		}
		// Closing sessions that no hub holds any more, whose peers did not complete the close
		for (DefaultWsSession session : sweeper.closingSessions()) {
			session.dropAtShutdown();
		}
	}

}
