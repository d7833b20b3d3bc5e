package io.multiws.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The hub membership of one session: its join, once a shared history has caught up and
 * within the caps of the registry and the hub, and its leave, once, however the
 * connection ends, even while the join is under way (the container may report the end
 * on another thread).
 *
 * @author multi-ws team
 */
final class SessionMembership {

	// The session's category, as the operators know it
	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private static final AtomicIntegerFieldUpdater<SessionMembership> LEFT = AtomicIntegerFieldUpdater
		.newUpdater(SessionMembership.class, "left");

	/**
	 * How long a join waits at most for a shared history to catch up with its store.
	 */
	private static final long CATCH_UP_WAIT_MILLIS = 2000;

	private final DefaultWsSession session;

	private final DefaultWsHubs hubs;

	/**
	 * Guards the hand-over between joining the hub and the end of the connection, which
	 * the container may report on another thread while the join is under way.
	 */
	private final Object lock = new Object();

	private volatile @Nullable DefaultWsHub hub;

	private volatile @Nullable CompletionStage<Void> prepared;

	private boolean ended;

	private volatile int left;

	SessionMembership(DefaultWsSession session, DefaultWsHubs hubs) {
		this.session = session;
		this.hubs = hubs;
	}

	/**
	 * Join the hub of the session's path. A full hub closes the session with 1013.
	 * @return whether the session joined its hub
	 * @see DefaultWsSession#join()
	 */
	boolean join() {
		if (this.hub != null) {
			return true;
		}
		awaitPrepared();
		DefaultWsHub joined = this.hubs.registry().join(this.session, this.hubs);
		if (joined == null) {
			this.session.refused(WsCloseStatus.TRY_AGAIN_LATER.withReason("Hub full or too many hubs"));
			return false;
		}
		boolean ended;
		synchronized (this.lock) {
			this.hub = joined;
			ended = this.ended;
		}
		if (ended) {
			// The connection ended while the join was under way (a write of the replay
			// failed, or the peer left): nobody else will take the session out of its hub
			leave();
			return false;
		}
		return true;
	}

	/**
	 * Prepare the join without waiting.
	 * @return a stage that completes when the session may join without waiting
	 * @see DefaultWsSession#prepareJoin()
	 */
	CompletionStage<Void> prepare() {
		CompletionStage<Void> prepared = this.hubs.beforeJoin(this.session.match());
		this.prepared = prepared;
		return prepared;
	}

	/**
	 * Wait, on a thread that may block, until a shared history is up to date for this
	 * session's replay; past {@value #CATCH_UP_WAIT_MILLIS} ms, join anyway and receive
	 * the rest as it is read.
	 */
	private void awaitPrepared() {
		CompletionStage<Void> prepared = this.prepared;
		CompletableFuture<Void> ready = ((prepared != null) ? prepared : prepare()).toCompletableFuture();
		if (ready.isDone()) {
			return;
		}
		try {
			ready.get(CATCH_UP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("Joining " + this.session.match().path() + " before its shared history is up to date", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Record that the connection is ending: a join still under way leaves the hub as soon
	 * as it is in.
	 * @return the hub joined so far, if any
	 */
	@Nullable DefaultWsHub end() {
		synchronized (this.lock) {
			this.ended = true;
			return this.hub;
		}
	}

	/**
	 * Leave the hub, once, if the session joined it.
	 */
	void leave() {
		if (this.hub != null && LEFT.compareAndSet(this, 0, 1)) {
			this.hubs.registry().leave(this.session, this.hubs.sweeper().scheduler());
		}
	}

	/**
	 * Return the hub the session joined.
	 * @return the hub, or {@code null} before the session joined it
	 */
	@Nullable DefaultWsHub hub() {
		return this.hub;
	}

}
