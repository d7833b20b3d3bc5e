package io.multiws.benchmarks.baseline.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code /echo/*}: every text message goes back to its sender unchanged.
 *
 * @author multi-ws team
 */
class EchoHandler implements WebSocketHandler {

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
	}

}
