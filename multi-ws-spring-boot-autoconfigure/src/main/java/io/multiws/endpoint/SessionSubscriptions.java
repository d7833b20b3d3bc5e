package io.multiws.endpoint;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.hub.WsSession;

/**
 * The live subscriptions to the reactive return values of one endpoint's callbacks, per
 * session, so that closing a session cancels them: a {@code Flux} never outlives the
 * session it feeds.
 *
 * @author multi-ws team
 */
final class SessionSubscriptions {

	private final Map<WsSession, Set<Runnable>> bySession = new ConcurrentHashMap<>();

	/**
	 * Track a subscription until it ends or its session closes.
	 * @param session the session
	 * @param cancel cancels the subscription
	 * @return {@code false} if the session had already closed and the subscription was
	 * cancelled
	 */
	boolean add(WsSession session, Runnable cancel) {
		this.bySession.compute(session, (key, cancels) -> {
			Set<Runnable> set = (cancels != null) ? cancels : ConcurrentHashMap.newKeySet();
			set.add(cancel);
			return set;
		});
		if (!session.isOpen()) {
			cancelAll(session);
			return false;
		}
		return true;
	}

	/**
	 * Stop tracking a subscription that completed or failed.
	 * @param session the session
	 * @param cancel the subscription's cancel action
	 */
	void remove(WsSession session, Runnable cancel) {
		this.bySession.computeIfPresent(session, (key, cancels) -> {
			cancels.remove(cancel);
			return cancels.isEmpty() ? null : cancels;
		});
	}

	/**
	 * Cancel every subscription of a session, when it closed.
	 * @param session the session
	 */
	void cancelAll(WsSession session) {
		Set<Runnable> cancels = this.bySession.remove(session);
		if (cancels != null) {
			cancels.forEach(Runnable::run);
		}
	}

	/**
	 * Return the number of sessions with live subscriptions.
	 * @return the session count
	 */
	int sessionCount() {
		return this.bySession.size();
	}

	@Override
	public String toString() {
		return "SessionSubscriptions for " + this.bySession.size() + " sessions";
	}

}
