package io.multiws.admission;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * The slot of one admitted upgrade in the session cap and its client's count, taken
 * before the handshake. The web stack binding gives it back exactly once: when the
 * handshake fails or the connection closes; any further {@link #release()} is ignored.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsAdmissionPermit {

	private static final AtomicIntegerFieldUpdater<WsAdmissionPermit> RELEASED = AtomicIntegerFieldUpdater
		.newUpdater(WsAdmissionPermit.class, "released");

	private final WsAdmission admission;

	private final @Nullable String client;

	private volatile int released;

	WsAdmissionPermit(WsAdmission admission, @Nullable String client) {
		this.admission = admission;
		this.client = client;
	}

	/**
	 * Give the slot back; only the first call counts.
	 */
	public void release() {
		if (RELEASED.compareAndSet(this, 0, 1)) {
			this.admission.release(this.client);
		}
	}

	/**
	 * Return a new inbound limiter for the session of this upgrade: that of its
	 * endpoint, for every client, as the rates are per session (a client exempt from the
	 * per-client limits is not exempt from them).
	 * @param endpoint the endpoint name
	 * @return the limiter
	 */
	public InboundLimiter inboundLimiter(String endpoint) {
		return this.admission.inboundLimiter(endpoint);
	}

	/**
	 * Whether the slot was given back.
	 * @return {@code true} once released
	 */
	public boolean isReleased() {
		return this.released != 0;
	}

	@Override
	public String toString() {
		return "WsAdmissionPermit[client=" + this.client + ", released=" + isReleased() + "]";
	}

}
