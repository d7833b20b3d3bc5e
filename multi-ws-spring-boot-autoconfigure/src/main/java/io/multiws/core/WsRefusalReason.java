package io.multiws.core;

import java.util.Locale;

/**
 * Why an upgrade was refused before the handshake, as a metric tag.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public enum WsRefusalReason {

	/**
	 * The {@code Origin} header is not allowed (403).
	 */
	ORIGIN,

	/**
	 * The endpoint requires an authenticated user (401).
	 */
	AUTH,

	/**
	 * A hub cap was reached or the server is shutting down (503).
	 */
	CAPS,

	/**
	 * The path is not a valid hub path (400).
	 */
	PATH,

	/**
	 * The path is longer than {@code multi-ws.max-path-length} (414).
	 */
	SIZE,

	/**
	 * The endpoint's {@code @OnHandshake} method refused the upgrade or failed.
	 */
	HANDSHAKE;

	/**
	 * Return the tag value of this reason.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
