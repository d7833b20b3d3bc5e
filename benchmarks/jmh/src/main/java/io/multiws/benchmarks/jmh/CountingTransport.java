package io.multiws.benchmarks.jmh;

import java.util.List;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link WsTransport}: every send completes at once, on the caller's thread,
 * and only counts its bytes, so that a benchmark measures the runtime and not a socket.
 *
 * @author multi-ws team
 */
final class CountingTransport implements WsTransport {

	private long messages;

	private long bytes;

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		for (WsPayload payload : messages) {
			this.messages++;
			this.bytes += payload.size();
		}
		callback.sendComplete(null);
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
