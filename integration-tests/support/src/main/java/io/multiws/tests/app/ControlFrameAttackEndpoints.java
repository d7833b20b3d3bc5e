package io.multiws.tests.app;

import java.time.Duration;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Endpoints of the control-frame attack suite; their limits come from the suite's
 * properties.
 *
 * @author multi-ws team
 */
public final class ControlFrameAttackEndpoints {

	/**
	 * Whether the failing {@code @OnOpen} of {@link FailingOpen} found its session still
	 * open when it threw, or {@code null} before it threw.
	 */
	public static volatile @Nullable Boolean failedWhileOpen;

	/**
	 * Whether the failing {@code @OnOpen} of {@link FailingOpen} waits for a member of
	 * its hub to be held back too: not where the stack holds back no publisher.
	 */
	public static volatile boolean publishersHeldBack = true;

	private static final Duration STUCK = Duration.ofMillis(200);

	private ControlFrameAttackEndpoints() {
	}

	private static boolean isReadingPaused(WsSession session) {
		DefaultWsSession defaultSession = (session instanceof DefaultWsSession runtime) ? runtime : null;
		return defaultSession != null && defaultSession.isReadingPaused();
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
	 * waits in {@code @OnOpen} until its queue holds back another member's reads while
	 * its writer is stuck, then fails: it has joined its hub, so broadcasts reach it
	 * meanwhile. One that connects with {@code ?failAtOnce} fails at once, with nothing
	 * being written.
	 */
	@WsEndpoint(name = "failingOpen", paths = "/failing-open/{room}")
	public static class FailingOpen {

		@OnOpen
		void onOpen(WsSession session, WsHub hub) {
			if (session.queryParameters().containsKey("failAtOnce")) {
				throw new IllegalStateException("@OnOpen fails at once on purpose");
			}
			DefaultWsSession self = (session instanceof DefaultWsSession runtime) ? runtime : null;
			if (self != null && session.queryParameters().containsKey("fail")) {
				await("a member held back by " + session).atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(5))
					.until(() -> self.writeWait().compareTo(STUCK) > 0 && (!publishersHeldBack
							|| hub.sessions().stream().anyMatch(ControlFrameAttackEndpoints::isReadingPaused)));
				failedWhileOpen = session.isOpen();
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
