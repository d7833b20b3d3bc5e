package io.multiws.reactive;

import java.util.concurrent.atomic.AtomicReference;

import io.multiws.admission.WsAdmissionPermit;
import org.jspecify.annotations.Nullable;

/**
 * The admission permit of an upgrade between the checks and the handshake, which may run
 * on different threads: if the exchange is cancelled in between (the client went away
 * during a slow {@code @OnHandshake}), the permit is given back, whichever comes first.
 *
 * @author multi-ws team
 */
final class PendingPermit {

	private static final Object CANCELLED = new Object();

	private static final Object HANDED_OVER = new Object();

	private final AtomicReference<@Nullable Object> state = new AtomicReference<>();

	/**
	 * Hold the permit of admitted checks; released at once if already cancelled.
	 * @param permit the permit, or {@code null} if refused
	 */
	void hold(@Nullable WsAdmissionPermit permit) {
		if (permit != null && !this.state.compareAndSet(null, permit)) {
			permit.release();
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
		if (previous instanceof WsAdmissionPermit permit) {
			permit.release();
		}
	}

}
