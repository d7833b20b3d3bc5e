package io.multiws.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnError;
import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Endpoints for the tests of the test support.
 *
 * @author multi-ws team
 */
final class TestEndpoints {

	private TestEndpoints() {
	}

	@WsEndpoint(name = "echo", paths = "/echo/{id}")
	static class Echo {

		@OnMessage
		String echo(String text) {
			if (text.equals("close")) {
				throw new IllegalStateException("asked to fail");
			}
			return text;
		}

		@OnMessage
		byte[] echo(byte[] bytes) {
			return bytes;
		}

	}

	@WsEndpoint(name = "rooms", paths = "/rooms/{room}")
	static class Rooms {

		final AtomicInteger closed = new AtomicInteger();

		@OnOpen
		String onOpen(@PathVariable String room, WsSession session) {
			return "welcome to " + room;
		}

		@OnMessage
		void onMessage(WsHub hub, WsSession session, String text) {
			hub.broadcastExcept(text, session);
		}

		@OnClose
		void onClose() {
			this.closed.incrementAndGet();
		}

	}

	@WsEndpoint(name = "quotes", paths = "/quotes/{symbol}")
	static class Quotes {

		final AtomicInteger cancelled = new AtomicInteger();

		@OnOpen
		Flux<Quote> feed(@PathVariable String symbol) {
			return Flux.interval(Duration.ofMillis(5))
				.map((tick) -> new Quote(symbol, 100 + tick))
				.doOnCancel(this.cancelled::incrementAndGet);
		}

		@OnMessage
		Quote quote(WsHub hub, Order order) {
			Quote quote = new Quote(order.symbol(), order.limit());
			hub.broadcast(quote);
			return quote;
		}

		@OnError
		String onError(Throwable error) {
			return "bad order";
		}

	}

	@WsEndpoint(name = "versioned", paths = "/versioned", subprotocols = { "v2", "v1" })
	static class Versioned {

		@OnOpen
		String onOpen(WsSession session, @RequestHeader("X-Team") String team) {
			return session.acceptedProtocol() + " for " + team;
		}

	}

	@WsEndpoint(name = "failing", paths = "/failing")
	static class Failing {

		@OnMessage
		Mono<String> onMessage(String text) {
			return Mono.error(new IllegalStateException(text));
		}

		@OnError
		Mono<String> onError(Throwable error) {
			return error.getMessage().equals("twice") ? Mono.error(error)
					: Mono.just("handled " + error.getMessage());
		}

	}

	/**
	 * A room with history, message ids and presence once configured
	 * ({@code multi-ws.endpoints.lobby.*}), whose members name themselves.
	 */
	@WsEndpoint(name = "lobby", paths = "/lobby/{room}")
	static class Lobby {

		@OnHandshake
		void handshake(WsHandshake handshake, @RequestParam(name = "name", required = false) @Nullable String name) {
			if (name != null) {
				handshake.attributes().put(WsPresence.KEY_ATTRIBUTE, name);
				handshake.attributes().put(WsPresence.METADATA_ATTRIBUTE, Map.of("name", name));
			}
		}

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	record Quote(String symbol, double price) {

	}

	record Order(String symbol, double limit) {

	}

}
