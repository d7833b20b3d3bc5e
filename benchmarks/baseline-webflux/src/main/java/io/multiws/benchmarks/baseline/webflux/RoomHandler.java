package io.multiws.benchmarks.baseline.webflux;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code /rooms/*}: every text message goes to every session of that exact path, the
 * sender included. Each session writes from its own unicast sink, so that a slow reader
 * buffers only its own messages; rooms live in a map of path to sinks and an emptied
 * room is removed.
 *
 * @author multi-ws team
 */
class RoomHandler implements WebSocketHandler {

	private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMIT = (signal,
			result) -> result == Sinks.EmitResult.FAIL_NON_SERIALIZED;

	private final Map<String, Set<Sinks.Many<String>>> rooms = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		String path = session.getHandshakeInfo().getUri().getRawPath();
		Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
		join(path, outbound);
		Mono<Void> in = session.receive()
			.map(WebSocketMessage::getPayloadAsText)
			.doOnNext((text) -> broadcast(path, text))
			.then();
		Mono<Void> out = session.send(outbound.asFlux().map(session::textMessage));
		return Mono.zip(in, out).then().doFinally((signal) -> leave(path, outbound));
	}

	private void join(String path, Sinks.Many<String> outbound) {
		this.rooms.compute(path, (key, sinks) -> {
			Set<Sinks.Many<String>> members = (sinks != null) ? sinks : ConcurrentHashMap.newKeySet();
			members.add(outbound);
			return members;
		});
	}

	private void broadcast(String path, String text) {
		Set<Sinks.Many<String>> members = this.rooms.get(path);
		if (members != null) {
			for (Sinks.Many<String> member : members) {
				member.emitNext(text, RETRY_CONCURRENT_EMIT);
			}
		}
	}

	private void leave(String path, Sinks.Many<String> outbound) {
		outbound.tryEmitComplete();
		this.rooms.computeIfPresent(path, (key, sinks) -> {
			sinks.remove(outbound);
			return sinks.isEmpty() ? null : sinks;
		});
	}

	/**
	 * Return the live rooms and their sizes.
	 * @return one entry per room
	 */
	List<Map<String, Object>> rooms() {
		return this.rooms.entrySet()
			.stream()
			.map((entry) -> Map.<String, Object>of("path", entry.getKey(), "sessions", entry.getValue().size()))
			.toList();
	}

}
