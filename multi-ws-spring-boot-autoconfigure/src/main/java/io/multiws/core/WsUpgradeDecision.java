package io.multiws.core;

import io.multiws.admission.WsAdmissionPermit;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The outcome of {@link WsUpgradeChecks}: either a refusal to answer, or the permit of an
 * admitted upgrade, which the binding gives back when the handshake fails or the
 * connection closes.
 *
 * @param refusal the refusal, {@code null} if admitted
 * @param permit the permit, {@code null} if refused
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsUpgradeDecision(@Nullable WsUpgradeRefusal refusal, @Nullable WsAdmissionPermit permit) {

	static WsUpgradeDecision refused(WsUpgradeRefusal refusal) {
		return new WsUpgradeDecision(refusal, null);
	}

	static WsUpgradeDecision admitted(WsAdmissionPermit permit) {
		return new WsUpgradeDecision(null, permit);
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

}
