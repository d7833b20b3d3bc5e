package io.multiws.tests.redis.app;

import java.security.Principal;
import java.util.Map;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsSession;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A chat room endpoint that broadcasts what it receives, text or binary, and a REST
 * controller that broadcasts text, bytes and JSON to a room from outside any WebSocket.
 *
 * @author multi-ws team
 */
@SpringBootApplication
public class ClusterTestApplication {

	/**
	 * Run one instance; the crash test runs it in a child JVM.
	 * @param args the application arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ClusterTestApplication.class, args);
	}

	/**
	 * Broadcasts every message to its room, keeping its kind.
	 */
	@WsEndpoint(name = "rooms", paths = "/rooms/{room}")
	static class Rooms {

		@OnMessage
		void text(WsHub hub, String text) {
			hub.broadcast(text);
		}

		@OnMessage
		void binary(WsHub hub, byte[] bytes) {
			hub.broadcast(bytes);
		}

	}

	/**
	 * Authenticate a request with an {@code X-Test-User} header as that user, for the
	 * per-user sends.
	 * @return the filter
	 */
	@Bean
	Filter testUserFilter() {
		return (request, response, chain) -> {
			String user = ((HttpServletRequest) request).getHeader("X-Test-User");
			chain.doFilter((user != null) ? new HttpServletRequestWrapper((HttpServletRequest) request) {

				@Override
				public Principal getUserPrincipal() {
					return () -> user;
				}

			} : request, response);
		};
	}

	/**
	 * A chat room for the history, presence and per-user tests; its history and presence
	 * are switched on by the tests' properties. The presence key is the {@code user} query
	 * parameter.
	 */
	@WsEndpoint(name = "chat", paths = "/chat/{room}")
	static class Chat {

		@OnHandshake
		void handshake(WsHandshake handshake, @RequestParam(name = "user", required = false) @Nullable String user) {
			if (user != null) {
				handshake.attributes().put(WsPresence.KEY_ATTRIBUTE, user);
				handshake.attributes().put(WsPresence.METADATA_ATTRIBUTE, Map.of("name", user));
			}
		}

		@OnMessage
		void text(WsHub hub, WsSession session, String text) {
			hub.broadcastExcept(text, text.startsWith("except:") ? session : null);
		}

	}

	/**
	 * Broadcasts from REST, and reports the cluster-wide session count.
	 */
	@RestController
	static class RoomController {

		private final WsHubs hubs;

		RoomController(WsHubs hubs) {
			this.hubs = hubs;
		}

		@PostMapping(path = "/api/rooms/{room}/text", consumes = "text/plain")
		Map<String, Object> text(@PathVariable String room, @RequestBody String text) {
			return Map.of("recipients", this.hubs.broadcast("/rooms/" + room, text));
		}

		@PostMapping(path = "/api/rooms/{room}/binary", consumes = "application/octet-stream")
		Map<String, Object> binary(@PathVariable String room, @RequestBody byte[] bytes) {
			return Map.of("recipients", this.hubs.broadcast("/rooms/" + room, bytes));
		}

		@PostMapping(path = "/api/rooms/{room}/json", consumes = "text/plain")
		Map<String, Object> json(@PathVariable String room, @RequestBody String text) {
			return Map.of("recipients", this.hubs.broadcast("/rooms/" + room, new Note(room, text)));
		}

		@GetMapping("/api/rooms/{room}/sessions")
		Map<String, Object> sessions(@PathVariable String room) {
			return Map.of("sessions", this.hubs.sessionCount("/rooms/" + room));
		}

	}

	/**
	 * A JSON payload.
	 * @param room the room
	 * @param text the text
	 */
	public record Note(String room, String text) {

	}

}
