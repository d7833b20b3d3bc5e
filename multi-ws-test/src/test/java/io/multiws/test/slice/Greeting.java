package io.multiws.test.slice;

import org.springframework.stereotype.Service;

/**
 * A service of the application, not part of a {@code @WsTest}.
 *
 * @author multi-ws team
 */
@Service
public class Greeting {

	public String greet(String name) {
		return "hello " + name;
	}

}
