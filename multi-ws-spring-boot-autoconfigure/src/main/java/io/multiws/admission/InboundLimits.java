package io.multiws.admission;

import io.multiws.hub.OverflowPolicy;

/**
 * The inbound rate limits of one endpoint's sessions.
 *
 * @param messagesPerSecond the maximum messages one session may send per second, 0 for
 * no limit
 * @param bytesPerSecond the maximum payload bytes one session may send per second, 0 for
 * no limit
 * @param overflowPolicy what to do with a message over the rate: {@link OverflowPolicy#CLOSE}
 * closes the session with 1008, {@link OverflowPolicy#DROP_NEWEST} drops the message
 * @author multi-ws team
 * @since 0.1.0
 */
public record InboundLimits(int messagesPerSecond, long bytesPerSecond, OverflowPolicy overflowPolicy) {

	/**
	 * No inbound limit.
	 */
	public static final InboundLimits NONE = new InboundLimits(0, 0, OverflowPolicy.CLOSE);

	/**
	 * Create and check limits.
	 * @param messagesPerSecond the maximum messages per second, 0 for no limit
	 * @param bytesPerSecond the maximum bytes per second, 0 for no limit
	 * @param overflowPolicy {@code CLOSE} or {@code DROP_NEWEST}
	 */
	public InboundLimits {
		if (messagesPerSecond < 0 || bytesPerSecond < 0) {
			throw new IllegalArgumentException("Inbound rates must not be negative, were " + messagesPerSecond
					+ " messages and " + bytesPerSecond + " bytes per second");
		}
		if (overflowPolicy == OverflowPolicy.DROP_OLDEST) {
			throw new IllegalArgumentException("An inbound message over the rate cannot be dropped oldest-first:"
					+ " nothing is queued; use 'close' or 'drop-newest'");
		}
	}

	/**
	 * Whether any limit applies.
	 * @return {@code false} for no limit
	 */
	public boolean isLimited() {
		return this.messagesPerSecond > 0 || this.bytesPerSecond > 0;
	}

}
