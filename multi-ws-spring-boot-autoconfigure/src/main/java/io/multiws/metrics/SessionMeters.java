package io.multiws.metrics;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.multiws.core.WsSessionListener;
import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;

/**
 * The meters of one endpoint template as one of its sessions sees them: what its writer,
 * its dispatch and its close report, counted without building a tag.
 *
 * @author multi-ws team
 */
final class SessionMeters implements WsSessionListener {

	/**
	 * How long a write must have waited for the network to be timed: on Reactor Netty
	 * every write completes later, on the event loop, and timing each cost the reactive
	 * sample 5 % of its CPU per fan-out delivery, for waits that tell nothing.
	 */
	private static final long WAITED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final TemplateMeters meters;

	SessionMeters(TemplateMeters meters) {
		this.meters = meters;
	}

	@Override
	public boolean observesWrites() {
		return this.meters.writesMeasured;
	}

	@Override
	public void written(int messages, long bytes, long waitedNanos) {
		this.meters.sent.increment(messages);
		this.meters.sentBytes.increment(bytes);
		if (waitedNanos >= WAITED_NANOS) {
			this.meters.waitingWrites.record(waitedNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public Scope messageReceived(Object message) {
		this.meters.received.increment();
		if (this.meters.receivedBytesMeasured) {
			this.meters.receivedBytes.increment((message instanceof String text) ? WsPayload.utf8Length(text)
					: (message instanceof ByteBuffer bytes) ? bytes.remaining() : 0);
		}
		return Scope.NONE;
	}

	@Override
	public void messageDropped(OverflowPolicy policy) {
		Counter counter = this.meters.dropped.get(policy);
		if (counter != null) {
			counter.increment();
		}
	}

	@Override
	public void callbackFailed(String callback, Throwable failure) {
		Counter counter = this.meters.callbackErrors
			.get(callback.startsWith("@On") ? callback.substring(3).toLowerCase(Locale.ROOT) : callback);
		if (counter != null) {
			counter.increment();
		}
	}

	@Override
	public void closed(WsCloseStatus status) {
		this.meters.active.decrementAndGet();
		Counter counter = this.meters.closed.get(TemplateMeters.closeClass(status.code()));
		if (counter != null) {
			counter.increment();
		}
	}

}
