package io.multiws.test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsSessionListener;
import io.multiws.hub.WsSession;

/**
 * Tells a {@link WsTestClient} when the server has opened the session of each of its
 * connections: joined it to its hub and run {@code @OnOpen}. The client marks each
 * handshake with a header of its own; this listener, a bean of the application under
 * test, completes the connection's wait when the session with that header has opened.
 * Registered by {@code @AutoConfigureWsTestClient}; sessions without the header (other
 * clients, browsers) are left alone.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class WsSessionOpenings implements WsListener {

	/**
	 * The handshake header that carries a test connection's key.
	 */
	public static final String CONNECTION_HEADER = "X-Multi-Ws-Test-Connection";

	private final Map<String, CompletableFuture<Void>> expected = new ConcurrentHashMap<>();

	private final WsSessionListener sessionListener = new WsSessionListener() {

		@Override
		public void opened(WsSession session) {
			String key = session.handshakeHeaders().getFirst(CONNECTION_HEADER);
			CompletableFuture<Void> opening = (key != null) ? WsSessionOpenings.this.expected.remove(key) : null;
			if (opening != null) {
				opening.complete(null);
			}
		}

	};

	@Override
	public WsSessionListener sessionOpened(WsEndpointMatch match) {
		return this.sessionListener;
	}

	/**
	 * Expect the opening of a connection's session.
	 * @return the key to send in {@link #CONNECTION_HEADER}, with the future completed once
	 * the session has opened
	 */
	Opening expect() {
		Opening opening = new Opening(UUID.randomUUID().toString(), new CompletableFuture<>());
		this.expected.put(opening.key(), opening.opened());
		return opening;
	}

	/**
	 * Stop expecting a connection's session, whether it opened or not.
	 * @param key the connection's key
	 */
	void forget(String key) {
		this.expected.remove(key);
	}

	@Override
	public String toString() {
		return "WsSessionOpenings[" + this.expected.size() + " expected]";
	}

	/**
	 * The opening of one connection's session.
	 *
	 * @param key the key of the connection, in its handshake
	 * @param opened completed once the session has opened
	 */
	record Opening(String key, CompletableFuture<Void> opened) {

	}

}
