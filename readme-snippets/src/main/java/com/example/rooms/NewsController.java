package com.example.rooms;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NewsController {

	private final WsHubs hubs;

	NewsController(WsHubs hubs) {
		this.hubs = hubs;
	}

	@PostMapping("/rooms/{room}/news")
	int post(@PathVariable String room, @RequestBody String text) {
		return this.hubs.broadcast("/rooms/" + room, text);          // recipients; 0 when nobody is there
	}

	@GetMapping("/rooms/{room}/size")
	int size(@PathVariable String room) {
		return this.hubs.find("/rooms/" + room)                      // an Optional: empty when no hub
			.map(WsHub::size)
			.orElse(0);
	}

}
