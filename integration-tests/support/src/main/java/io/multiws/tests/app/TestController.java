package io.multiws.tests.app;

import java.util.Map;

import io.multiws.hub.WsHubs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plain HTTP on the same paths as the WebSockets, and a broadcast from outside.
 *
 * @author multi-ws team
 */
@RestController
public class TestController {

	private final WsHubs hubs;

	public TestController(WsHubs hubs) {
		this.hubs = hubs;
	}

	@GetMapping("/rooms/{room}")
	Map<String, Object> room(@PathVariable String room) {
		return Map.of("rest", room);
	}

	@PostMapping("/broadcast/rooms/{room}")
	Map<String, Object> broadcast(@PathVariable String room, @RequestBody String text) {
		return Map.of("recipients", this.hubs.broadcast("/rooms/" + room, text));
	}

}
