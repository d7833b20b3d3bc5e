package io.multiws.core;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Where a reconnecting client says which message it saw last: the {@code Last-Event-ID}
 * header of its handshake, as in Server-Sent Events, or the {@code lastEventId} query
 * parameter, which a browser can set.
 *
 * @author multi-ws team
 */
final class LastEventId {

	/**
	 * The query parameter that carries the id of the last message a reconnecting client
	 * saw.
	 */
	static final String PARAMETER = "lastEventId";

	/**
	 * The handshake header that carries the id of the last message a reconnecting client
	 * saw.
	 */
	static final String HEADER = "Last-Event-ID";

	private LastEventId() {
	}

	/**
	 * Return the id of the last message a client saw, as its handshake says.
	 * @param headers the handshake's headers
	 * @param uri the handshake's URI
	 * @return the id as sent, or {@code null} if the handshake names none
	 */
	static @Nullable String of(HttpHeaders headers, URI uri) {
		String fromHeader = headers.getFirst(HEADER);
		if (fromHeader != null) {
			return fromHeader.trim();
		}
		String query = uri.getRawQuery();
		if (query == null) {
			return null;
		}
		String prefix = PARAMETER + "=";
		for (String parameter : query.split("&")) {
			if (parameter.startsWith(prefix)) {
				return parameter.substring(prefix.length());
			}
		}
		return null;
	}

}
