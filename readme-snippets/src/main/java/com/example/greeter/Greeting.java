package com.example.greeter;

import org.springframework.stereotype.Service;

/**
 * The greetings of the slice example: a service, which {@code @WsTest} leaves out.
 *
 * @author multi-ws team
 */
@Service
public class Greeting {

	String greet(String name) {
		return "Hello, " + name;
	}

}
