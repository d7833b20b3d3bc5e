package io.multiws.tests.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;

/**
 * The endpoint of the failed-write suite: a room that broadcasts each message to all of
 * its members, whose callback holds on "block" until the suite releases it (so that the
 * server stops reading that peer and learns of its end only from a write), and that
 * records how each session closed. Once released, "block" returns at once.
 *
 * @author multi-ws team
 */
public final class FailedWriteEndpoints {

	/**
	 * Released by the suite to let the held callback return.
	 */
	public static volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * Counted down when a callback starts to wait for {@link #release}.
	 */
	public static volatile CountDownLatch blocked = new CountDownLatch(1);

	/**
	 * The status that {@code @OnClose} saw, by session id.
	 */
	public static final Map<String, WsCloseStatus> closes = new ConcurrentHashMap<>();

	private FailedWriteEndpoints() {
	}

	/**
	 * Holds on "block" until the suite releases it; broadcasts everything else.
	 */
	@WsEndpoint(name = "failing", paths = "/failing/{room}")
	public static class Failing {

		@OnMessage
		void onMessage(WsHub hub, String text) throws InterruptedException {
			if (text.equals("block")) {
				blocked.countDown();
				release.await(60, TimeUnit.SECONDS);
				return;
			}
			hub.broadcast(text);
		}

		@OnClose
		void onClose(WsSession session, WsCloseStatus status) {
			closes.put(session.id(), status);
		}

	}

}
