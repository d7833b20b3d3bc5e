package com.example.greeter;

import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;

import org.springframework.web.bind.annotation.PathVariable;

/**
 * The endpoint of the slice example, named {@code greeter} under
 * {@code multi-ws.endpoints}: it greets whoever joins.
 *
 * @author multi-ws team
 */
@WsEndpoint(value = "/greet/{name}", name = "greeter")
public class GreeterEndpoint {

	private final Greeting greeting;

	GreeterEndpoint(Greeting greeting) {
		this.greeting = greeting;
	}

	@OnOpen
	String greet(@PathVariable String name) {
		return this.greeting.greet(name);
	}

}
