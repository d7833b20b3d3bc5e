package io.multiws.reactive;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import io.multiws.core.WsUpgradeDecision;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The admission permit of an upgrade between the checks and the handshake, which may run
 * on different threads: if the exchange is cancelled in between (the client went away
 * during a slow {@code @OnHandshake}), the permit is given back, whichever comes first,
 * and the upgrade's observation ends with the cancellation.
 *
 * @author multi-ws team
 */
final class PendingPermit {

	private static final Object CANCELLED = new Object();

	private static final Object HANDED_OVER = new Object();

	private final AtomicReference<@Nullable Object> state = new AtomicReference<>();

	/**
	 * Hold the permit of admitted checks; given back at once if already cancelled.
	 * @param decision the checks' decision, which holds no permit if refused
	 */
	void hold(WsUpgradeDecision decision) {
		if (decision.permit() != null && !this.state.compareAndSet(null, decision)) {
			abandon(decision);
		}
	}

	/**
	 * Hand the permit over to the handshake, which gives it back from then on.
	 */
	void handOver() {
		this.state.set(HANDED_OVER);
	}

	/**
	 * Give the permit back unless the handshake has it.
	 */
	void cancel() {
		Object previous = this.state.getAndUpdate((current) -> (current == HANDED_OVER) ? current : CANCELLED);
		if (previous instanceof WsUpgradeDecision decision) {
			abandon(decision);
		}
	}

	private static void abandon(WsUpgradeDecision decision) {
		decision.requirePermit().release();
		decision.handshakeFailed(HttpStatus.INTERNAL_SERVER_ERROR,
				new CancellationException("The exchange was cancelled before the handshake"));
	}

}
