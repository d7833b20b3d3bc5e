package io.multiws.sample.echo;

import io.multiws.annotation.NonBlocking;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;

/**
 * {@code /echo/{id}}: every text message goes back to its sender unchanged.
 *
 * @author multi-ws team
 */
@NonBlocking
@WsEndpoint(name = "echo", paths = "/echo/{id}")
public class EchoEndpoint {

	@OnMessage
	String echo(String text) {
		return text;
	}

}
