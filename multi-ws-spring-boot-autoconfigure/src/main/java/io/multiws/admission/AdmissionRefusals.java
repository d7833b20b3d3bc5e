package io.multiws.admission;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.multiws.admission.WsAdmission.Decision;
import io.multiws.admission.WsAdmission.Settings;

/**
 * The refusals of admission control: builds the decision of a refused upgrade, with the
 * reason it sends the client, and counts every refusal by reason, whichever check made
 * it.
 *
 * @author multi-ws team
 */
final class AdmissionRefusals {

	private static final WsRefusalReason[] REASONS = WsRefusalReason.values();

	private final LongAdder[] counts = new LongAdder[REASONS.length];

	AdmissionRefusals() {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] = new LongAdder();
		}
	}

	/**
	 * Refuse an upgrade over the cap on sessions of all hubs together.
	 * @param maxSessions the cap
	 * @return the decision
	 */
	Decision maxSessions(int maxSessions) {
		return refuse(WsRefusalReason.MAX_SESSIONS,
				"Too many WebSocket sessions (multi-ws.limits.max-sessions=" + maxSessions + ")", 0);
	}

	/**
	 * Refuse an upgrade over a per-client limit.
	 * @param reason the limit the client's table refused it by
	 * @param retryAfterNanos when the client may try again, for the handshake rate
	 * @param settings the limits
	 * @return the decision
	 */
	Decision client(WsRefusalReason reason, long retryAfterNanos, Settings settings) {
		return switch (reason) {
			case CLIENT_HANDSHAKE_RATE -> refuse(reason, "Too many handshakes from this client (max "
					+ settings.maxHandshakesPerClientPerSecond() + " per second)",
					Math.max(1, TimeUnit.NANOSECONDS.toSeconds(retryAfterNanos + 999_999_999L)));
			case CLIENT_SESSIONS -> refuse(reason,
					"Too many WebSocket sessions from this client (max " + settings.maxSessionsPerClient() + ")", 0);
			default -> refuse(reason,
					"Too many clients (multi-ws.limits.max-tracked-clients=" + settings.maxTrackedClients() + ")", 0);
		};
	}

	private Decision refuse(WsRefusalReason reason, String message, long retryAfterSeconds) {
		increment(reason);
		return new Decision(null, reason, message, retryAfterSeconds);
	}

	/**
	 * Count a refusal.
	 * @param reason the reason
	 */
	void increment(WsRefusalReason reason) {
		this.counts[reason.ordinal()].increment();
	}

	/**
	 * Return the refusals of one reason so far.
	 * @param reason the reason
	 * @return the count
	 */
	long count(WsRefusalReason reason) {
		return this.counts[reason.ordinal()].sum();
	}

	/**
	 * Return the refusals so far, by reason.
	 * @return the counts of every reason
	 */
	Map<WsRefusalReason, Long> counts() {
		Map<WsRefusalReason, Long> counts = new EnumMap<>(WsRefusalReason.class);
		for (WsRefusalReason reason : REASONS) {
			counts.put(reason, count(reason));
		}
		return Collections.unmodifiableMap(counts);
	}

	@Override
	public String toString() {
		return "AdmissionRefusals" + counts();
	}

}
