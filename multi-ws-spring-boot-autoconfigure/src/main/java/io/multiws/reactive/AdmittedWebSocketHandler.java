package io.multiws.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.WsUpgradeDecision;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Holds the admission permit of an upgrade until its connection ends: the server
 * subscribes to {@link #handle} once the handshake succeeded (which reports the upgrade
 * as done), and the permit is given back when that completes, fails or is cancelled; if
 * the handshake ends without the server calling it, {@link #handshakeDone} gives it back,
 * at once or after a deadline.
 *
 * @author multi-ws team
 */
final class AdmittedWebSocketHandler implements WebSocketHandler {

	private static final AtomicIntegerFieldUpdater<AdmittedWebSocketHandler> STARTED = AtomicIntegerFieldUpdater
		.newUpdater(AdmittedWebSocketHandler.class, "started");

	private final WebSocketHandler delegate;

	/**
	 * Dropped once the connection opened: it holds the handshake's observation and, through
	 * it, the upgrade request's exchange, which the connection would keep for its life.
	 */
	private volatile @Nullable WsUpgradeDecision decision;

	private final WsAdmissionPermit permit;

	private volatile int started;

	private volatile @Nullable ScheduledFuture<?> deadline;

	AdmittedWebSocketHandler(WebSocketHandler delegate, WsUpgradeDecision decision) {
		this.delegate = delegate;
		this.decision = decision;
		this.permit = decision.requirePermit();
	}

	@Override
	public List<String> getSubProtocols() {
		return this.delegate.getSubProtocols();
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		STARTED.set(this, 1);
		cancelDeadline();
		WsUpgradeDecision decision = this.decision;
		if (decision != null) {
			this.decision = null;
			decision.upgraded();
		}
		return Mono.defer(() -> this.delegate.handle(session)).doFinally((signal) -> this.permit.release());
	}

	/**
	 * Called when the handshake's own publisher terminated. Reactor Netty calls the
	 * handler before it completes, Tomcat (and Jetty) after: a handshake that completed
	 * keeps the permit until the handler is called or the deadline passes (a client that
	 * vanished before its connection opened); one that failed or was cancelled gives it
	 * back at once, as no session will hold it.
	 * @param signal how the handshake's publisher terminated
	 * @param hubs the registry, whose timer runs the deadline
	 * @param openDeadline how long an upgraded connection may take to open
	 */
	void handshakeDone(SignalType signal, DefaultWsHubs hubs, Duration openDeadline) {
		if (this.started != 0) {
			return;
		}
		if (signal == SignalType.ON_COMPLETE) {
			// Cancelled, and so retaining nothing, as soon as the handler is called
			this.deadline = hubs.schedule(this::releaseUnlessStarted, openDeadline);
			if (this.started != 0) {
				cancelDeadline();
			}
		}
		else {
			releaseUnlessStarted();
		}
	}

	private void cancelDeadline() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			this.deadline = null;
			deadline.cancel(false);
		}
	}

	private void releaseUnlessStarted() {
		if (STARTED.compareAndSet(this, 0, 1)) {
			this.permit.release();
		}
	}

	@Override
	public String toString() {
		return "Admitted " + this.delegate;
	}

}
