package io.multiws.cluster;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;

/**
 * Whether the history of history hubs is shared by the cluster and, while it is not, the
 * fallback to each instance's own history: a broadcast is then numbered and delivered by
 * its own instance, as without a cluster. It is not shared while Redis cannot be reached,
 * while the history streams cannot be read, and from a script that Redis refused until one
 * numbers a broadcast again; {@link #localReason()} says since when and why, and both
 * changes are logged once.
 *
 * @author multi-ws team
 */
final class HistoryFallback {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final RedisPublisher publisher;

	private final AtomicLong localBroadcasts = new AtomicLong();

	private volatile @Nullable LocalReason scriptFailure;

	private volatile @Nullable LocalReason readFailure;

	private volatile boolean readerHealthy = true;

	private volatile boolean degradedLogged;

	/**
	 * Create the fallback.
	 * @param publisher the publisher, which knows whether Redis answers
	 */
	HistoryFallback(RedisPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Whether broadcasts to history hubs are numbered by Redis: it answers and the
	 * streams can be read.
	 * @return {@code true} if the history is shared
	 */
	boolean isShared() {
		return this.readerHealthy && this.publisher.isAvailable();
	}

	/**
	 * Return since when and why broadcasts to history hubs are not shared by the cluster.
	 * @return the reason, or {@code null} if they are shared
	 */
	@Nullable LocalReason localReason() {
		Instant down = this.publisher.downSince();
		if (down != null) {
			return new LocalReason(down, "Redis cannot be reached");
		}
		LocalReason read = this.readFailure;
		return (read != null) ? read : this.scriptFailure;
	}

	/**
	 * Number and deliver a broadcast on this instance alone.
	 * @param path the canonical hub path
	 * @param payload the payload
	 * @param excluded the session not to deliver to, if any
	 * @param local the registry's delivery to this instance's sessions
	 * @param cause why Redis did not take it, if known
	 * @return the number of sessions it was queued for
	 */
	int deliverHere(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local,
			@Nullable Throwable cause) {
		this.localBroadcasts.incrementAndGet();
		if (!this.degradedLogged) {
			this.degradedLogged = true;
			logger.warn("Redis cannot be reached" + ((cause != null) ? " (" + cause + ")" : "")
					+ ": hub history is kept and numbered on this instance only until it answers again");
		}
		return local.deliver(path, payload, excluded);
	}

	void scriptFailed(Throwable ex) {
		if (this.scriptFailure == null) {
			this.scriptFailure = new LocalReason(Instant.now(),
					"a broadcast could not be numbered by Redis: " + NestedExceptionUtils.getMostSpecificCause(ex));
		}
	}

	/**
	 * Take the script as working again: Redis numbered a broadcast, or answers again after
	 * an outage.
	 */
	void scriptSucceeded() {
		this.scriptFailure = null;
	}

	/**
	 * Take a read of the streams that succeeded.
	 * @return {@code true} if the reads failed before, so that signals may have been lost
	 */
	boolean readSucceeded() {
		if (this.readerHealthy) {
			return false;
		}
		this.readerHealthy = true;
		this.readFailure = null;
		return true;
	}

	/**
	 * Log once that the history is shared again, if Redis answers after an outage was
	 * logged.
	 */
	void sharedAgain() {
		if (this.degradedLogged && this.publisher.isAvailable()) {
			this.degradedLogged = false;
			logger.info("Redis answers again: hub history is shared by the cluster again");
		}
	}

	void readFailed(RuntimeException ex) {
		if (this.readerHealthy) {
			this.readerHealthy = false;
			this.readFailure = new LocalReason(Instant.now(),
					"the history streams cannot be read: " + NestedExceptionUtils.getMostSpecificCause(ex));
			logger.debug("Could not read the shared hub history", ex);
		}
	}

	long localBroadcasts() {
		return this.localBroadcasts.get();
	}

	@Override
	public String toString() {
		return "HistoryFallback[shared=" + isShared() + ", localBroadcasts=" + this.localBroadcasts.get() + "]";
	}

	/**
	 * Since when and why broadcasts to history hubs are numbered by each instance alone.
	 *
	 * @param since when it started
	 * @param reason why
	 */
	record LocalReason(Instant since, String reason) {

	}

}
