package io.multiws.benchmarks.baseline.servlet;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code /rooms/*}: every text message goes to every session of that exact path, the
 * sender included. Rooms live in a map of path to sessions, each wrapped in a
 * {@link ConcurrentWebSocketSessionDecorator} so that concurrent broadcasts are safe;
 * an emptied room is removed.
 *
 * @author multi-ws team
 */
class RoomHandler extends TextWebSocketHandler {

	private static final int SEND_TIME_LIMIT = 10_000;

	private static final int BUFFER_SIZE_LIMIT = 1024 * 1024;

	private final Map<String, Set<WebSocketSession>> rooms = new ConcurrentHashMap<>();

	private final Map<String, WebSocketSession> decorated = new ConcurrentHashMap<>();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT, BUFFER_SIZE_LIMIT);
		this.decorated.put(session.getId(), safe);
		this.rooms.compute(path(session), (path, sessions) -> {
			Set<WebSocketSession> members = (sessions != null) ? sessions : ConcurrentHashMap.newKeySet();
			members.add(safe);
			return members;
		});
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		Set<WebSocketSession> members = this.rooms.get(path(session));
		if (members == null) {
			return;
		}
		for (WebSocketSession member : members) {
			try {
				member.sendMessage(message);
			}
			catch (IOException | IllegalStateException ex) {
				// The member is closing; its own afterConnectionClosed removes it
			}
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		WebSocketSession safe = this.decorated.remove(session.getId());
		if (safe != null) {
			this.rooms.computeIfPresent(path(session), (path, sessions) -> {
				sessions.remove(safe);
				return sessions.isEmpty() ? null : sessions;
			});
		}
	}

	/**
	 * Return the live rooms and their sizes.
	 * @return one entry per room
	 */
	List<Map<String, Object>> rooms() {
		return this.rooms.entrySet()
			.stream()
			.map((entry) -> Map.<String, Object>of("path", entry.getKey(), "sessions", entry.getValue().size()))
			.toList();
	}

	private static String path(WebSocketSession session) {
		URI uri = session.getUri();
		return (uri != null) ? uri.getRawPath() : "";
	}

}
