package io.multiws.reactive;

import java.util.concurrent.atomic.AtomicLong;

import io.multiws.container.tomcat.TomcatSupport;
import io.multiws.core.WsReadPacing;
import io.multiws.core.WsTransport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;

import org.springframework.util.ClassUtils;

/**
 * The demand for one session's inbound messages: a few requested ahead of the
 * callbacks, more as they are processed, and none while reading is paused (while the
 * recipients of this session's broadcasts drain, {@link WsReadPacing}), so that the
 * server stops reading the connection instead of queueing without bound.
 *
 * @author multi-ws team
 */
final class InboundDemand implements WsReadPacing {

	/**
	 * Messages requested ahead of the callbacks; half of them are requested again once
	 * processed.
	 */
	private static final int PREFETCH = 16;

	private static final boolean JAKARTA_WEBSOCKET = ClassUtils.isPresent("jakarta.websocket.server.ServerContainer",
			InboundDemand.class.getClassLoader());

	private final AtomicLong withheld = new AtomicLong();

	private @Nullable Subscription upstream;

	private @Nullable WsTransport transport;

	private volatile boolean readingPaused;

	private int consumed;

	/**
	 * Name the transport of the session, whose reads {@link #stopReading} stops too.
	 * @param transport the session's transport
	 */
	void readsThrough(WsTransport transport) {
		this.transport = transport;
	}

	/**
	 * Start demanding the inbound messages, on the event loop.
	 * @param subscription the subscription to them
	 */
	void subscribed(Subscription subscription) {
		this.upstream = subscription;
		subscription.request(PREFETCH);
	}

	/**
	 * Demand one more message in place of one that the session does not process.
	 */
	void requestOne() {
		request(1);
	}

	/**
	 * Count a message that the session processed, demanding more every
	 * {@code PREFETCH / 2} of them.
	 */
	void consumed() {
		if (++this.consumed == PREFETCH / 2) {
			this.consumed = 0;
			request(PREFETCH / 2);
		}
	}

	private void request(long count) {
		Subscription upstream = this.upstream;
		if (upstream == null) {
			return;
		}
		if (!this.readingPaused) {
			upstream.request(count);
			return;
		}
		this.withheld.addAndGet(count);
		if (!this.readingPaused) {
			// Resumed meanwhile: whoever takes the withheld demand requests it
			requestWithheld();
		}
	}

	private void requestWithheld() {
		long count = this.withheld.getAndSet(0);
		Subscription upstream = this.upstream;
		if (count > 0 && upstream != null) {
			upstream.request(count);
		}
	}

	@Override
	public void pauseReading() {
		this.readingPaused = true;
	}

	@Override
	public void resumeReading() {
		this.readingPaused = false;
		requestWithheld();
	}

	/**
	 * Withhold demand for good; on Tomcat, whose pings reach the session outside the
	 * inbound messages, suspend its reads too.
	 */
	@Override
	public void stopReading(boolean paused) {
		this.readingPaused = true;
		WsTransport transport = this.transport;
		if (JAKARTA_WEBSOCKET && transport != null) {
			TomcatSupport.stopReading(transport);
		}
	}

}
