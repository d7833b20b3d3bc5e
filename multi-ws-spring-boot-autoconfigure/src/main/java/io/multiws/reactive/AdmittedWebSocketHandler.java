package io.multiws.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.core.DefaultWsHubs;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Holds the admission permit of an upgrade until its connection ends: the server
 * subscribes to {@link #handle} once the handshake succeeded, and the permit is given
 * back when that completes, fails or is cancelled. If the handshake's publisher fails
 * without the server ever calling it, {@link #handshakeDone} gives the permit back at
 * once; if it completes first, as on Tomcat, where the container opens the connection
 * after the upgrade response, the server has a few seconds to call it before the permit
 * is given back, so that the connection counts against the limits while it is open.
 *
 * @author multi-ws team
 */
final class AdmittedWebSocketHandler implements WebSocketHandler {

	/**
	 * How long the server may take to open an upgraded connection before its permit is
	 * given back.
	 */
	private static final Duration OPEN_DEADLINE = Duration.ofSeconds(5);

	private static final AtomicIntegerFieldUpdater<AdmittedWebSocketHandler> STARTED = AtomicIntegerFieldUpdater
		.newUpdater(AdmittedWebSocketHandler.class, "started");

	private final WebSocketHandler delegate;

	private final WsAdmissionPermit permit;

	private volatile int started;

	private volatile @Nullable ScheduledFuture<?> deadline;

	AdmittedWebSocketHandler(WebSocketHandler delegate, WsAdmissionPermit permit) {
		this.delegate = delegate;
		this.permit = permit;
	}

	@Override
	public List<String> getSubProtocols() {
		return this.delegate.getSubProtocols();
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		STARTED.set(this, 1);
		cancelDeadline();
		return Mono.defer(() -> this.delegate.handle(session)).doFinally((signal) -> this.permit.release());
	}

	/**
	 * Called when the handshake's own publisher terminated: if the connection was never
	 * handed over, no session holds the permit, unless the server is yet to open it.
	 * @param signal how the publisher terminated
	 * @param hubs the registry, whose timer runs the deadline
	 */
	void handshakeDone(SignalType signal, DefaultWsHubs hubs) {
		if (this.started != 0) {
			return;
		}
		if (signal == SignalType.ON_COMPLETE) {
			this.deadline = hubs.schedule(this::releaseUnlessStarted, OPEN_DEADLINE);
			if (this.started != 0) {
				cancelDeadline();
			}
			return;
		}
		releaseUnlessStarted();
	}

	private void releaseUnlessStarted() {
		if (STARTED.compareAndSet(this, 0, 1)) {
			this.permit.release();
		}
	}

	private void cancelDeadline() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	@Override
	public String toString() {
		return "Admitted " + this.delegate;
	}

}
