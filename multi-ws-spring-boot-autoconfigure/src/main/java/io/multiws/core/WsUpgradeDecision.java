package io.multiws.core;

import java.util.concurrent.atomic.AtomicBoolean;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.admission.WsRefusalReason;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * The outcome of {@link WsUpgradeChecks}: either a refusal to answer, or the permit of an
 * admitted upgrade, which the binding gives back when the handshake fails or the
 * connection closes. An admitted upgrade's observation lasts until the binding reports
 * how the handshake itself ended ({@link #upgraded()} or {@link #handshakeFailed}), so
 * that it records what the client got.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsUpgradeDecision {

	private final @Nullable WsUpgradeRefusal refusal;

	private final @Nullable WsAdmissionPermit permit;

	private final WsListener.Handshake handshake;

	private final AtomicBoolean finished = new AtomicBoolean();

	private WsUpgradeDecision(@Nullable WsUpgradeRefusal refusal, @Nullable WsAdmissionPermit permit,
			WsListener.Handshake handshake) {
		this.refusal = refusal;
		this.permit = permit;
		this.handshake = handshake;
	}

	static WsUpgradeDecision refused(WsUpgradeRefusal refusal) {
		return new WsUpgradeDecision(refusal, null, WsListener.Handshake.NONE);
	}

	static WsUpgradeDecision admitted(WsAdmissionPermit permit) {
		return new WsUpgradeDecision(null, permit, WsListener.Handshake.NONE);
	}

	WsUpgradeDecision observedBy(WsListener.Handshake handshake) {
		return new WsUpgradeDecision(this.refusal, this.permit, handshake);
	}

	/**
	 * Return the refusal.
	 * @return the refusal, {@code null} if admitted
	 */
	public @Nullable WsUpgradeRefusal refusal() {
		return this.refusal;
	}

	/**
	 * Return the permit.
	 * @return the permit, {@code null} if refused
	 */
	public @Nullable WsAdmissionPermit permit() {
		return this.permit;
	}

	/**
	 * Return the permit of an admitted upgrade.
	 * @return the permit
	 * @throws IllegalStateException if the upgrade was refused
	 */
	public WsAdmissionPermit requirePermit() {
		WsAdmissionPermit permit = this.permit;
		Assert.state(permit != null, "Upgrade refused");
		return permit;
	}

	/**
	 * Report that the handshake of this admitted upgrade switched protocols. Only the
	 * first report of an upgrade counts.
	 */
	public void upgraded() {
		if (this.finished.compareAndSet(false, true)) {
			this.handshake.finished(null, null);
		}
	}

	/**
	 * Report that the handshake of this admitted upgrade failed after the checks. Only
	 * the first report of an upgrade counts.
	 * @param status the status the client was answered with
	 * @param failure the failure, or {@code null} if the handshake refused the request
	 */
	public void handshakeFailed(HttpStatus status, @Nullable Throwable failure) {
		if (this.finished.compareAndSet(false, true)) {
			this.handshake.finished(
					new WsUpgradeRefusal(status, "WebSocket handshake failed", WsRefusalReason.HANDSHAKE_FAILED),
					failure);
		}
	}

	@Override
	public String toString() {
		return (this.refusal != null) ? "WsUpgradeDecision[refused " + this.refusal + "]"
				: "WsUpgradeDecision[admitted]";
	}

}
