package io.multiws.hub;

import java.net.URI;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;

/**
 * An upgrade request as an {@code @OnHandshake} method sees it, before the upgrade.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsHandshake {

	/**
	 * Return the canonical path of the hub the session would join.
	 * @return the hub path
	 */
	String path();

	/**
	 * Return the decoded path variables.
	 * @return the variables
	 */
	Map<String, String> variables();

	/**
	 * Return the request URI, query string included.
	 * @return the URI
	 */
	URI uri();

	/**
	 * Return the decoded query parameters of the request URI, as
	 * {@link WsSession#queryParameters()} gives them after the upgrade.
	 * @return the parameters, empty if the URI has no query
	 */
	default MultiValueMap<String, String> queryParameters() {
		return QueryParameters.of(uri());
	}

	/**
	 * Return the request headers.
	 * @return read-only headers
	 */
	HttpHeaders headers();

	/**
	 * Return the authenticated user, if any.
	 * @return the principal or {@code null}
	 */
	@Nullable Principal principal();

	/**
	 * Return the attributes the session will start with.
	 * @return a mutable map
	 */
	Map<String, Object> attributes();

	/**
	 * Refuse the upgrade. This method returns normally: the handshake method should
	 * {@code return} after calling it (its return value is then ignored).
	 * @param status the HTTP status to answer with, such as 401, 403 or 429
	 * @param reason a reason for the client, sent as the response body
	 */
	void reject(HttpStatus status, String reason);

}
