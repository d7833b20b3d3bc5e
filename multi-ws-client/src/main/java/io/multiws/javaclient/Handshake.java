package io.multiws.javaclient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link WsClient} opens a connection: the resume query, the headers and
 * subprotocols of the options on the JDK's WebSocket builder, and what a failed attempt
 * means: a refused handshake, and whether to try again.
 *
 * @author multi-ws team
 */
final class Handshake {

	private final ClientOptions options;

	Handshake(ClientOptions options) {
		this.options = options;
	}

	/**
	 * Return the URI to connect to: with {@code lastEventId} when the client decodes
	 * message ids and has one, so that the server sends what was missed.
	 * @param uri the URI of the hub path
	 * @param lastId the id of the last message received, if any
	 * @return the URI of the attempt
	 */
	URI target(URI uri, @Nullable String lastId) {
		if (this.options.messageIds && lastId != null) {
			String query = "lastEventId=" + URLEncoder.encode(lastId, StandardCharsets.UTF_8);
			return URI.create(uri + ((uri.getRawQuery() != null) ? "&" : "?") + query);
		}
		return uri;
	}

	/**
	 * Start an attempt to connect.
	 * @param target the URI of the attempt
	 * @param listener the listener of the connection
	 * @return the JDK's future of the connection
	 */
	CompletableFuture<WebSocket> open(URI target, WebSocket.Listener listener) {
		WebSocket.Builder builder = this.options.httpClient.newWebSocketBuilder()
			.connectTimeout(this.options.connectTimeout);
		this.options.headers.forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		List<String> subprotocols = this.options.subprotocols;
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
		}
		return builder.buildAsync(target, listener);
	}

	/**
	 * Return what made an attempt fail: a {@link WsHandshakeRefusedException} with the
	 * status if the server refused the handshake, else the cause of the JDK's failure.
	 * @param target the URI of the attempt
	 * @param ex the failure of the JDK's future
	 * @return the failure
	 */
	static Throwable failure(URI target, Throwable ex) {
		Throwable cause = Failures.unwrap(ex);
		if (cause instanceof WebSocketHandshakeException refused) {
			return new WsHandshakeRefusedException(target, refused.getResponse().statusCode(),
					Objects.toString(refused.getResponse().body(), ""));
		}
		return cause;
	}

	/**
	 * A handshake refused with a client error other than 429 would be refused again.
	 * @param failure the failure of an attempt
	 * @return whether to stop rather than try again
	 */
	static boolean stopsOn(Throwable failure) {
		if (failure instanceof WsHandshakeRefusedException refused) {
			int status = refused.getStatus();
			return status >= 400 && status < 500 && status != 429;
		}
		return false;
	}

	/**
	 * Return the reason the listener hears for a failed attempt.
	 * @param failure the failure of the attempt
	 * @return the reason
	 */
	static String describe(Throwable failure) {
		if (failure instanceof WsHandshakeRefusedException refused) {
			return "Handshake refused (" + refused.getStatus() + ")";
		}
		return Failures.reason(failure);
	}

}
