package io.multiws.tests.app;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceJoinedEvent;
import io.multiws.hub.WsPresenceLeftEvent;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.WebFilter;

/**
 * The endpoints of the history, presence and targeted-send suite. Their history and
 * presence are switched on by the suite's properties. A request with an
 * {@code X-Test-User} header is authenticated as that user, on every stack.
 *
 * @author multi-ws team
 */
public final class HistoryEndpoints {

	/**
	 * The header that names the test principal.
	 */
	public static final String USER_HEADER = "X-Test-User";

	private HistoryEndpoints() {
	}

	/**
	 * Broadcasts every message; keeps a history.
	 */
	@WsEndpoint(name = "history", paths = "/history/{room}")
	public static class History {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Broadcasts every message; keeps a history with message ids.
	 */
	@WsEndpoint(name = "resume", paths = "/resume/{room}")
	public static class Resume {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Tracks presence under the key of the {@code user} query parameter.
	 */
	@WsEndpoint(name = "presence", paths = "/presence/{room}")
	public static class Presence {

		@OnHandshake
		void handshake(WsHandshake handshake, @RequestParam(name = "user", required = false) @Nullable String user) {
			if (user != null) {
				handshake.attributes().put(WsPresence.KEY_ATTRIBUTE, user);
				handshake.attributes().put(WsPresence.METADATA_ATTRIBUTE, Map.of("name", user.toUpperCase()));
			}
		}

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Tracks presence under the principal's name, or the session id of an anonymous
	 * session; what anonymous sessions see is left to the default.
	 */
	@WsEndpoint(name = "private", paths = "/private/{room}")
	public static class Private {

		@OnMessage
		void onMessage(WsHub hub, String text) {
			hub.broadcast(text);
		}

	}

	/**
	 * Records presence events.
	 */
	public static class PresenceEvents {

		public final List<String> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onJoined(WsPresenceJoinedEvent event) {
			this.events.add("join " + event.getMember().key() + " " + event.getHub().path());
		}

		@EventListener
		void onLeft(WsPresenceLeftEvent event) {
			this.events.add("leave " + event.getMember().key() + " " + event.getHub().path());
		}

	}

	/**
	 * The test principal on Spring MVC.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletPrincipal {

		@Bean
		Filter testUserFilter() {
			return (request, response, chain) -> {
				String user = ((HttpServletRequest) request).getHeader(USER_HEADER);
				chain.doFilter((user != null) ? new HttpServletRequestWrapper((HttpServletRequest) request) {

					@Override
					public Principal getUserPrincipal() {
						return () -> user;
					}

				} : request, response);
			};
		}

	}

	/**
	 * The test principal on Spring WebFlux.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactivePrincipal {

		@Bean
		WebFilter testUserWebFilter() {
			return (exchange, chain) -> {
				String user = exchange.getRequest().getHeaders().getFirst(USER_HEADER);
				if (user == null) {
					return chain.filter(exchange);
				}
				Principal principal = () -> user;
				return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
			};
		}

	}

}
