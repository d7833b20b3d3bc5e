package io.multiws.sample.echo;

import io.multiws.annotation.NonBlocking;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;

/**
 * {@code /echo-requests/{id}}: the echo of {@link EchoEndpoint} with replies enabled
 * ({@code multi-ws.endpoints.echo-requests.replies}), so that a request
 * {@code ?7:hello} is answered {@code =7:hello}; the load tool compares the two.
 *
 * @author multi-ws team
 */
@NonBlocking
@WsEndpoint(name = "echo-requests", paths = "/echo-requests/{id}")
public class RequestEchoEndpoint {

	@OnMessage
	String echo(String text) {
		return text;
	}

}
