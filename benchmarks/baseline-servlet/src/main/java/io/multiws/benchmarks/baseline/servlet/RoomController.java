package io.multiws.benchmarks.baseline.servlet;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/hubs}: the live rooms, in the sample's shape, so that the load tool
 * checks both servers the same way.
 *
 * @author multi-ws team
 */
@RestController
class RoomController {

	private final RoomHandler roomHandler;

	RoomController(RoomHandler roomHandler) {
		this.roomHandler = roomHandler;
	}

	@GetMapping("/api/hubs")
	List<Map<String, Object>> hubs() {
		return this.roomHandler.rooms();
	}

}
