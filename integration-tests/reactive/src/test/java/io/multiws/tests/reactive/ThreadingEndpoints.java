package io.multiws.tests.reactive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubCreatedEvent;
import io.multiws.hub.WsHubRemovedEvent;

import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * Endpoints that show where callbacks run.
 *
 * @author multi-ws team
 */
@Import({ ThreadingEndpoints.ThreadName.class, ThreadingEndpoints.Stalling.class, ThreadingEndpoints.Broadcast.class,
		ThreadingEndpoints.HubEventThreads.class })
class ThreadingEndpoints {

	/**
	 * The threads that hub events were published on, by event and path.
	 */
	static final Map<String, String> eventThreads = new ConcurrentHashMap<>();

	/**
	 * Released by tests to unblock {@link Stalling}.
	 */
	static volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * Replies with the name of the thread the callback runs on.
	 */
	@WsEndpoint(name = "thread", paths = "/thread/{id}")
	static class ThreadName {

		@OnMessage
		String onMessage(String text) {
			return Thread.currentThread().getName();
		}

	}

	/**
	 * Blocks on "block" until a test releases it; echoes everything else.
	 */
	@WsEndpoint(name = "stalling", paths = "/stalling/{id}")
	static class Stalling {

		@OnMessage
		String onMessage(String text) throws InterruptedException {
			if (text.equals("block")) {
				return release.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
			}
			return text;
		}

	}

	/**
	 * A room: every message to every session.
	 */
	@WsEndpoint(name = "broadcast", paths = "/broadcast-room/{room}")
	static class Broadcast {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Records the thread of every hub event.
	 */
	static class HubEventThreads {

		@EventListener
		void onCreated(WsHubCreatedEvent event) {
			eventThreads.put("created " + event.getHub().path(), Thread.currentThread().getName());
		}

		@EventListener
		void onRemoved(WsHubRemovedEvent event) {
			eventThreads.put("removed " + event.getHub().path(), Thread.currentThread().getName());
		}

	}

}
