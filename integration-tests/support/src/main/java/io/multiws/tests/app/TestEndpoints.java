package io.multiws.tests.app;

import java.nio.ByteBuffer;
import java.security.Principal;

import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnError;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The endpoints of the wire-level suite.
 *
 * @author multi-ws team
 */
public final class TestEndpoints {

	private TestEndpoints() {
	}

	@WsEndpoint(name = "echo", paths = "/echo/{id}")
	public static class Echo {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@WsEndpoint(name = "rooms", paths = "/rooms/{room}")
	public static class Rooms {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Shows every kind of argument on open.
	 */
	@WsEndpoint(name = "vars", paths = "/vars/{tenant}/{count:\\d+}")
	public static class Vars {

		@OnOpen
		String onOpen(@PathVariable String tenant, @PathVariable int count, WsSession session, HttpHeaders headers,
				@RequestParam(name = "q", required = false) @Nullable String query,
				@RequestHeader(name = "X-Test", required = false) @Nullable String header,
				@Nullable Principal principal, WsHub hub) {
			return String.join("|", tenant, String.valueOf(count + 1), String.valueOf(query), String.valueOf(header),
					String.valueOf(principal), hub.path(), String.valueOf(headers.containsHeader("X-Test")),
					new java.util.TreeMap<>(session.hub().variables()).toString());
		}

	}

	/**
	 * JSON in and out.
	 */
	@WsEndpoint(name = "typed", paths = "/typed/{id:\\d+}")
	public static class Typed {

		@OnMessage
		Doubled onMessage(@PathVariable long id, Number number) {
			return new Doubled(id, number.n(), number.n() * 2);
		}

		@OnError
		String onError(Throwable error) {
			return "error: " + error.getClass().getSimpleName();
		}

	}

	public record Number(int n) {

	}

	public record Doubled(long id, int n, int doubled) {

	}

	/**
	 * JSON without an error callback: invalid JSON closes with 1007.
	 */
	@WsEndpoint(name = "strict", paths = "/strict/{id}")
	public static class Strict {

		@OnMessage
		Doubled onMessage(Number number) {
			return new Doubled(0, number.n(), number.n() * 2);
		}

	}

	/**
	 * Binary only.
	 */
	@WsEndpoint(name = "binary", paths = "/binary/{id}")
	public static class Binary {

		@OnMessage
		ByteBuffer onMessage(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return ByteBuffer.wrap(reversed);
		}

	}

	/**
	 * Mounted from configuration at {@code /app-b/chat/{room}}, replacing this path.
	 */
	@WsEndpoint(name = "configured", paths = "/annotated/{room}")
	public static class Configured {

		@OnOpen
		String onOpen(@PathVariable String room) {
			return "configured:" + room;
		}

	}

	/**
	 * Overlapping patterns: the most specific wins.
	 */
	@WsEndpoint(name = "lobby", paths = "/rooms/lobby")
	public static class Lobby {

		@OnOpen
		String onOpen() {
			return "lobby";
		}

	}

	/**
	 * Faults in user code.
	 */
	@WsEndpoint(name = "faulty", paths = "/faulty/{mode}")
	public static class Faulty {

		@OnOpen
		void onOpen(@PathVariable String mode) {
			if (mode.equals("open")) {
				throw new IllegalStateException("boom in open");
			}
		}

		@OnMessage
		String onMessage(@PathVariable String mode, String text) {
			if (text.equals("throw")) {
				throw new IllegalStateException("boom in message");
			}
			return "ok:" + text;
		}

		@OnClose
		void onClose(@PathVariable String mode, WsCloseStatus status) {
			if (mode.equals("close")) {
				throw new IllegalStateException("boom in close");
			}
		}

	}

}
