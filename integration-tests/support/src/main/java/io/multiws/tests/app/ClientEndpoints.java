package io.multiws.tests.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.WsCloseException;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsReplyException;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The endpoint the browser client's own tests talk to; its history, ids, presence and
 * replies are switched on by those tests' properties.
 *
 * @author multi-ws team
 */
public final class ClientEndpoints {

	private ClientEndpoints() {
	}

	/**
	 * Broadcasts text and binary (acknowledging a request); {@code close:<code>} closes the
	 * sender with that code, {@code ask:<question>} asks the sender and answers with its
	 * answer, {@code silent} never answers, {@code boom} and {@code refuse} fail. An
	 * upgrade with {@code ?refuse} is refused with 403, one with {@code ?busy=<key>} with
	 * 503, its time noted under the key.
	 */
	@WsEndpoint(name = "client", paths = "/client/{room}")
	public static class Client {

		private final Map<String, List<Long>> busyRefusals = new ConcurrentHashMap<>();

		/**
		 * Return when each upgrade with {@code ?busy=<key>} was refused.
		 * @param key the key
		 * @return the {@link System#nanoTime()} of each refusal, in order
		 */
		public List<Long> busyRefusals(String key) {
			return List.copyOf(this.busyRefusals.getOrDefault(key, List.of()));
		}

		@OnHandshake
		void handshake(WsHandshake handshake, @RequestParam(name = "user", required = false) @Nullable String user,
				@RequestParam(name = "refuse", required = false) @Nullable String refuse,
				@RequestParam(name = "busy", required = false) @Nullable String busy) {
			if (busy != null) {
				this.busyRefusals.computeIfAbsent(busy, (key) -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
				handshake.reject(HttpStatus.SERVICE_UNAVAILABLE, "Busy, as the test asked");
				return;
			}
			if (refuse != null) {
				handshake.reject(HttpStatus.FORBIDDEN, "Refused, as the test asked");
				return;
			}
			if (user != null) {
				handshake.attributes().put(WsPresence.KEY_ATTRIBUTE, user);
				handshake.attributes().put(WsPresence.METADATA_ATTRIBUTE, Map.of("name", user));
			}
		}

		@OnMessage
		@Nullable CompletionStage<String> onText(WsHub hub, WsSession session, String text) {
			if (text.startsWith("close:")) {
				throw new WsCloseException(new WsCloseStatus(Integer.parseInt(text.substring(6)), "asked to"));
			}
			if (text.startsWith("ask:")) {
				return session.request(text.substring(4), Duration.ofSeconds(10)).thenApply((answer) -> "answer:" + answer);
			}
			return switch (text) {
				case "silent" -> new CompletableFuture<>();
				case "boom" -> throw new IllegalStateException("a detail the client must not see");
				case "refuse" -> throw new WsReplyException("refused");
				default -> {
					hub.broadcast(text);
					yield null;
				}
			};
		}

		@OnMessage
		void onBinary(WsHub hub, byte[] bytes) {
			hub.broadcast(bytes);
		}

	}

}
