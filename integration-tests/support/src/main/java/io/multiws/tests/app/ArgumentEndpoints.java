package io.multiws.tests.app;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Endpoints for the argument suite: callbacks that take values from the upgrade request,
 * as a Spring MVC controller would.
 *
 * @author multi-ws team
 */
public final class ArgumentEndpoints {

	/**
	 * The calls of {@link HandshakeArguments}'s {@code @OnHandshake} method.
	 */
	public static final AtomicInteger handshakes = new AtomicInteger();

	private ArgumentEndpoints() {
	}

	/**
	 * A required query parameter and header in {@code @OnOpen}.
	 */
	@WsEndpoint(name = "args-open", paths = "/args/open/{room}")
	public static class OpenArguments {

		@OnOpen
		String welcome(@PathVariable String room, @RequestParam String player, @RequestHeader("X-Team") String team) {
			return player + " of " + team + " in " + room;
		}

	}

	/**
	 * Converted values, defaults, optional values and lists.
	 */
	@WsEndpoint(name = "args-typed", paths = "/args/typed/{id}")
	public static class TypedArguments {

		@OnOpen
		String describe(@PathVariable int id, @RequestParam(defaultValue = "1") int page,
				@RequestParam(required = false) @Nullable Integer size, @RequestParam Optional<Long> since,
				@RequestParam @Nullable List<String> tag,
				@RequestHeader(name = "X-Lang", defaultValue = "en") String lang) {
			return "id=" + id + " page=" + page + " size=" + size + " since="
					+ since.map(String::valueOf).orElse("none") + " tag=" + tag + " lang=" + lang;
		}

	}

	/**
	 * A required parameter whose empty value converts to {@code null}.
	 */
	@WsEndpoint(name = "args-count", paths = "/args/count")
	public static class CountArgument {

		@OnOpen
		String count(@RequestParam Integer count) {
			return "count=" + count;
		}

	}

	/**
	 * A required parameter that only {@code @OnMessage} takes: checked before the upgrade
	 * all the same.
	 */
	@WsEndpoint(name = "args-message", paths = "/args/message/{room}")
	public static class MessageArguments {

		@OnMessage
		String echo(String text, @RequestParam String player) {
			return player + ": " + text;
		}

	}

	/**
	 * A required header of the {@code @OnHandshake} method, which is not called without
	 * it.
	 */
	@WsEndpoint(name = "args-handshake", paths = "/args/handshake/{room}")
	public static class HandshakeArguments {

		@OnHandshake
		void check(@RequestHeader("X-Token") String token) {
			handshakes.incrementAndGet();
		}

		@OnOpen
		String open() {
			return "in";
		}

	}

	/**
	 * Says what {@link WsSession#unwrap} gives: the stack's Spring session, never the
	 * runtime's own session.
	 */
	@WsEndpoint(name = "args-unwrap", paths = "/args/unwrap")
	public static class Unwrapping {

		private static final Set<String> SPRING_SESSIONS = Set.of("org.springframework.web.socket.WebSocketSession",
				"org.springframework.web.reactive.socket.WebSocketSession");

		@OnOpen
		String unwrap(WsSession session) {
			Object unwrapped = session.unwrap(Object.class);
			boolean spring = unwrapped != null && ClassUtils.getAllInterfacesAsSet(unwrapped)
				.stream()
				.map(Class::getName)
				.anyMatch(SPRING_SESSIONS::contains);
			return "runtime=" + (session.unwrap(DefaultWsSession.class) != null) + " spring=" + spring;
		}

	}

}
