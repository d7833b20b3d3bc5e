package io.multiws.servlet;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.core.DefaultWsHubs;
import org.jspecify.annotations.Nullable;

/**
 * The admission permit of an upgraded connection until the container opens it: if the
 * client vanished before the 101 could be written, no callback ever comes, and the
 * deadline gives the permit back. The deadline is cancelled, and so retains nothing, as
 * soon as the connection opens.
 *
 * @author multi-ws team
 */
final class OpeningPermit {

	private final WsAdmissionPermit permit;

	private volatile boolean opened;

	private volatile @Nullable ScheduledFuture<?> deadline;

	OpeningPermit(WsAdmissionPermit permit) {
		this.permit = permit;
	}

	/**
	 * Give the permit back unless the connection opens within the deadline.
	 * @param hubs the registry, whose timer runs the deadline
	 * @param timeout the deadline
	 */
	void expectOpening(DefaultWsHubs hubs, Duration timeout) {
		this.deadline = hubs.schedule(this::releaseUnlessOpened, timeout);
		if (this.opened) {
			cancelDeadline();
		}
	}

	void opened() {
		this.opened = true;
		cancelDeadline();
	}

	private void cancelDeadline() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	void releaseUnlessOpened() {
		if (!this.opened) {
			this.permit.release();
		}
	}

	void release() {
		this.permit.release();
	}

}
