package io.multiws.tests.app;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Endpoints for the hardening suite; their limits come from the suite's properties.
 *
 * @author multi-ws team
 */
public final class HardeningEndpoints {

	/**
	 * Released by tests to unblock {@link Blocking}.
	 */
	public static volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * Counted down when {@link Blocking} starts to wait for {@link #release}.
	 */
	public static volatile CountDownLatch blocked = new CountDownLatch(1);

	/**
	 * The close codes that {@code @OnClose} saw, by hub path, for the endpoints with
	 * outbound limits.
	 */
	public static final Map<String, List<Integer>> closeCodes = new ConcurrentHashMap<>();

	/**
	 * Counted down by each handshake of {@link Gated}, which waits until two are inside.
	 */
	public static volatile CountDownLatch gate = new CountDownLatch(2);

	private HardeningEndpoints() {
	}

	/**
	 * A handshake hook that refuses with the status the token asks for.
	 */
	@WsEndpoint(name = "guarded", paths = "/guarded/{room}")
	public static class Guarded {

		@OnHandshake
		boolean check(WsHandshake handshake, @RequestParam(name = "token", required = false) @Nullable String token) {
			if (token == null) {
				handshake.reject(HttpStatus.UNAUTHORIZED, "token required");
				return true;
			}
			if (token.equals("slow-down")) {
				handshake.reject(HttpStatus.TOO_MANY_REQUESTS, "slow down");
				return true;
			}
			handshake.attributes().put("user", token);
			return !token.equals("banned");
		}

		@OnOpen
		String onOpen(WsSession session) {
			return "hello " + session.attributes().get("user");
		}

	}

	@WsEndpoint(name = "proto", paths = "/proto/{id}", subprotocols = { "v2.chat", "v1.chat" })
	public static class Proto {

		@OnOpen
		String onOpen(WsSession session) {
			return "protocol " + session.acceptedProtocol();
		}

	}

	/**
	 * Echo with small caps on hubs and sessions.
	 */
	@WsEndpoint(name = "limited", paths = "/limited/{room}")
	public static class Limited {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	/**
	 * Text and binary echo with small message size limits.
	 */
	@WsEndpoint(name = "sized", paths = "/sized/{id}")
	public static class Sized {

		@OnMessage
		String text(String text) {
			return "text " + text.length();
		}

		@OnMessage
		String binary(ByteBuffer bytes) {
			return "binary " + bytes.remaining();
		}

	}

	/**
	 * Broadcast rooms with small outbound limits: {@code slow} (send time limit),
	 * {@code overflow} (close on overflow) and {@code lossy} (drop newest).
	 */
	@WsEndpoint(name = "slow", paths = { "/slow/{room}" })
	public static class Slow {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

		@OnClose
		void onClose(WsHub hub, WsCloseStatus status) {
			recordClose(hub, status);
		}

	}

	@WsEndpoint(name = "overflow", paths = { "/overflow/{room}" })
	public static class Overflow {

		@OnClose
		void onClose(WsHub hub, WsCloseStatus status) {
			recordClose(hub, status);
		}

	}

	@WsEndpoint(name = "lossy", paths = { "/lossy/{room}" })
	public static class Lossy {

	}

	/**
	 * Broadcast room whose slow sessions drop their oldest queued messages.
	 */
	@WsEndpoint(name = "oldest", paths = { "/oldest/{room}" })
	public static class Oldest {

	}

	/**
	 * Lets handshakes through only two at a time, so that both pass the hub's admission
	 * check before either joins.
	 */
	@WsEndpoint(name = "gated", paths = "/gated/{room}")
	public static class Gated {

		@OnHandshake
		void check() throws InterruptedException {
			CountDownLatch gate = HardeningEndpoints.gate;
			gate.countDown();
			gate.await(10, TimeUnit.SECONDS);
		}

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	static void recordClose(WsHub hub, WsCloseStatus status) {
		closeCodes.computeIfAbsent(hub.path(), (path) -> new CopyOnWriteArrayList<>()).add(status.code());
	}

	/**
	 * Blocks on "block" until a test releases it; broadcasts everything else.
	 */
	@WsEndpoint(name = "blocking", paths = "/blocking/{room}")
	public static class Blocking {

		@OnMessage
		void onMessage(WsHub hub, String text) throws InterruptedException {
			if (text.equals("block")) {
				blocked.countDown();
				release.await(30, TimeUnit.SECONDS);
				return;
			}
			hub.broadcast(text);
		}

	}

}
