package io.multiws.test.slice;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;

import org.springframework.web.bind.annotation.PathVariable;

/**
 * Greets whoever joins, with the help of a service, and broadcasts what they say.
 *
 * @author multi-ws team
 */
@WsEndpoint(name = "greeter", paths = "/greet/{name}")
public class GreeterEndpoint {

	private final Greeting greeting;

	GreeterEndpoint(Greeting greeting) {
		this.greeting = greeting;
	}

	@OnOpen
	String onOpen(@PathVariable String name) {
		return this.greeting.greet(name);
	}

	@OnMessage
	void onMessage(WsHub hub, String text) {
		hub.broadcast(text);
	}

}
