package io.multiws.benchmarks.jmh;

import java.util.List;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link WsTransport}: every send completes at once, on the caller's thread,
 * and only counts its bytes, so that a benchmark measures the runtime and not a socket.
 * One made {@link #completingLater()} completes a send only when told to, after
 * {@code send} returned, as an event loop completes a write after its flush.
 *
 * @author multi-ws team
 */
final class CountingTransport implements WsTransport {

	private final boolean later;

	private long messages;

	private long bytes;

	private @Nullable SendCallback pending;

	CountingTransport() {
		this(false);
	}

	private CountingTransport(boolean later) {
		this.later = later;
	}

	/**
	 * Return a transport whose sends complete on {@link #complete()}.
	 * @return the transport
	 */
	static CountingTransport completingLater() {
		return new CountingTransport(true);
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		for (WsPayload payload : messages) {
			this.messages++;
			this.bytes += payload.size();
		}
		if (this.later) {
			this.pending = callback;
		}
		else {
			callback.sendComplete(null);
		}
	}

	/**
	 * Complete the send in flight, if any.
	 */
	void complete() {
		SendCallback callback = this.pending;
		if (callback != null) {
			this.pending = null;
			callback.sendComplete(null);
		}
	}

	@Override
	public void ping() {
	}

	@Override
	public void close(WsCloseStatus status) {
	}

	@Override
	public void abort(WsCloseStatus status) {
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return null;
	}

	long messages() {
		return this.messages;
	}

	long bytes() {
		return this.bytes;
	}

}
