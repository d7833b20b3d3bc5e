package io.multiws.tests.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * Endpoints of the control-frame attack suite; their limits come from the suite's
 * properties.
 *
 * @author multi-ws team
 */
public final class ControlFrameAttackEndpoints {

	/**
	 * Released by tests to let a failing {@code @OnOpen} of {@link FailingOpen} throw.
	 */
	public static volatile CountDownLatch failGate = new CountDownLatch(1);

	private ControlFrameAttackEndpoints() {
	}

	/**
	 * Echo: the target of ping floods.
	 */
	@WsEndpoint(name = "flood", paths = "/flood/{room}")
	public static class Flood {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	/**
	 * Echo with a low inbound rate, which pings count against.
	 */
	@WsEndpoint(name = "pinged", paths = "/pinged/{room}")
	public static class Pinged {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	/**
	 * Rooms that only hear broadcasts, and that tests close from the server side.
	 */
	@WsEndpoint(name = "quiet", paths = "/quiet/{room}")
	public static class Quiet {

	}

	/**
	 * A room whose members broadcast what they send to the others, and answer
	 * {@code echo:...} to the sender alone. A session that connects with {@code ?fail}
	 * waits in {@code @OnOpen} for {@link #failGate}, then fails.
	 */
	@WsEndpoint(name = "failingOpen", paths = "/failing-open/{room}")
	public static class FailingOpen {

		@OnOpen
		void onOpen(WsSession session) throws InterruptedException {
			if (session.queryParameters().containsKey("fail")) {
				failGate.await(10, TimeUnit.SECONDS);
				throw new IllegalStateException("@OnOpen fails on purpose");
			}
		}

		@OnMessage
		@Nullable String onMessage(WsSession session, WsHub hub, String text) {
			if (text.startsWith("echo:")) {
				return text;
			}
			hub.broadcastExcept(text, session);
			return null;
		}

	}

}
