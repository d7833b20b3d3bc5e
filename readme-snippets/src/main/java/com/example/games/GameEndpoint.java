package com.example.games;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsSession;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

@WsEndpoint("/games/{game}")
public class GameEndpoint {

	@OnHandshake
	void admit(WsHandshake handshake, @RequestParam String player) {   // no ?player=: 400, as in Spring MVC
		if (player.isBlank()) {
			handshake.reject(HttpStatus.FORBIDDEN, "A player needs a name");
			return;                                                  // reject() returns: stop here
		}
		handshake.attributes().put("player", player);                // becomes a session attribute
	}

	@OnOpen
	String welcome(WsSession session, @PathVariable String game) {
		return session.attributes().get("player") + " joined " + game;
	}

}
