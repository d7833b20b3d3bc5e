package io.multiws.core;

import java.time.Duration;
import java.util.List;

import io.multiws.hub.OverflowPolicy;

/**
 * The limits and policies of one endpoint, resolved once at start-up from the
 * endpoint's own properties with the global ones as fallback.
 *
 * @param originPolicy the handshake origin policy
 * @param subprotocols the accepted subprotocols, in order of preference
 * @param maxHubs the maximum number of live hubs of the endpoint
 * @param maxSessionsPerHub the maximum number of sessions of one hub
 * @param hubEmptyTimeout how long an empty hub is kept before removal
 * @param maxTextMessageSize the maximum size of an inbound text message, in bytes
 * @param maxBinaryMessageSize the maximum size of an inbound binary message, in bytes
 * @param sendTimeLimit the maximum time one outbound message may take to be written
 * @param sendBufferSize the maximum size of the messages queued for one session
 * @param overflowPolicy what to do when the outbound queue is full
 * @param requireAuthentication whether an upgrade without an authenticated user is
 * refused with 401
 * @param compression whether permessage-deflate is negotiated with clients that offer it
 * @author multi-ws team
 * @since 0.1.0
 */
public record EndpointSettings(OriginPolicy originPolicy, List<String> subprotocols, int maxHubs,
		int maxSessionsPerHub, Duration hubEmptyTimeout, int maxTextMessageSize, int maxBinaryMessageSize,
		Duration sendTimeLimit, int sendBufferSize, OverflowPolicy overflowPolicy, boolean requireAuthentication,
		boolean compression) {

	/**
	 * Create settings without compression.
	 * @param originPolicy the handshake origin policy
	 * @param subprotocols the accepted subprotocols, in order of preference
	 * @param maxHubs the maximum number of live hubs of the endpoint
	 * @param maxSessionsPerHub the maximum number of sessions of one hub
	 * @param hubEmptyTimeout how long an empty hub is kept before removal
	 * @param maxTextMessageSize the maximum size of an inbound text message, in bytes
	 * @param maxBinaryMessageSize the maximum size of an inbound binary message, in bytes
	 * @param sendTimeLimit the maximum time one outbound message may take to be written
	 * @param sendBufferSize the maximum size of the messages queued for one session
	 * @param overflowPolicy what to do when the outbound queue is full
	 * @param requireAuthentication whether an upgrade without an authenticated user is
	 * refused with 401
	 */
	public EndpointSettings(OriginPolicy originPolicy, List<String> subprotocols, int maxHubs, int maxSessionsPerHub,
			Duration hubEmptyTimeout, int maxTextMessageSize, int maxBinaryMessageSize, Duration sendTimeLimit,
			int sendBufferSize, OverflowPolicy overflowPolicy, boolean requireAuthentication) {
		this(originPolicy, subprotocols, maxHubs, maxSessionsPerHub, hubEmptyTimeout, maxTextMessageSize,
				maxBinaryMessageSize, sendTimeLimit, sendBufferSize, overflowPolicy, requireAuthentication, false);
	}

	/**
	 * Settings with the built-in defaults, for tests and programmatic use.
	 * @return the default settings
	 */
	public static EndpointSettings defaults() {
		return new EndpointSettings(OriginPolicy.sameOrigin(), List.of(), 10_000, 10_000, Duration.ZERO, 65_536,
				65_536, Duration.ofSeconds(10), 524_288, OverflowPolicy.CLOSE, false);
	}

	/**
	 * Return the larger of the text and binary message size limits: what a container's
	 * frame buffer must hold, and the bound of its frames before the message type is
	 * known.
	 * @return the larger limit in bytes
	 */
	public int maxMessageSize() {
		return Math.max(this.maxTextMessageSize, this.maxBinaryMessageSize);
	}

}
