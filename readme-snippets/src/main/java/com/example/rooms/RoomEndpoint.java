package com.example.rooms;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;

import org.springframework.web.bind.annotation.PathVariable;

@WsEndpoint("/rooms/{room}")
public class RoomEndpoint {

	@OnOpen
	String welcome(@PathVariable String room, WsHub hub) {
		return "Welcome to " + room + ", " + hub.size() + " here";   // sent to the new session
	}

	@OnMessage
	void onMessage(WsHub hub, String text) {
		hub.broadcast(text);                                         // to every session of this exact path
	}

}
