package io.multiws.sample.hubs;

import java.util.List;
import java.util.Map;

import io.multiws.hub.WsHubs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plain HTTP next to the WebSockets: list the live hubs, and post to a room from outside
 * any WebSocket callback. {@code GET /rooms/{room}} answers here while a WebSocket
 * upgrade to the same path goes to the room's hub.
 *
 * @author multi-ws team
 */
@RestController
public class HubController {

	private final WsHubs hubs;

	public HubController(WsHubs hubs) {
		this.hubs = hubs;
	}

	@GetMapping("/api/hubs")
	List<Map<String, Object>> hubs() {
		return this.hubs.hubs()
			.stream()
			.map((hub) -> Map.<String, Object>of("path", hub.path(), "endpoint", hub.endpoint(), "sessions",
					hub.size()))
			.toList();
	}

	@PostMapping("/api/rooms/{room}/messages")
	Map<String, Object> post(@PathVariable String room, @RequestBody String text) {
		return Map.of("recipients", this.hubs.broadcast("/rooms/" + room, text));
	}

	@GetMapping("/rooms/{room}")
	Map<String, Object> room(@PathVariable String room) {
		return Map.of("room", room, "sessions", this.hubs.sessionCount("/rooms/" + room));
	}

}
