package io.multiws.sample.rooms;

import io.multiws.annotation.NonBlocking;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;

/**
 * {@code /rooms/{room}}: every text message goes to every session of that exact room,
 * the sender included, and to no other room.
 *
 * @author multi-ws team
 */
@NonBlocking
@WsEndpoint(name = "rooms", paths = "/rooms/{room}")
public class RoomEndpoint {

	@OnMessage
	void onMessage(WsHub hub, String text) {
		hub.broadcast(text);
	}

}
