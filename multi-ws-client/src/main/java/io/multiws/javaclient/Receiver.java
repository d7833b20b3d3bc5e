package io.multiws.javaclient;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The JDK's listener of one connection of a {@link WsClient}: it joins the fragments of
 * each message, hands whole messages to the {@link Inbound}, and tells the
 * {@link Connection} when the connection opens and closes. Asks for one frame at a time.
 *
 * @author multi-ws team
 */
final class Receiver implements WebSocket.Listener {

	private final Connection connection;

	private final Inbound inbound;

	private final StringBuilder text = new StringBuilder();

	private ByteBuffer binary = ByteBuffer.allocate(0);

	Receiver(Connection connection, Inbound inbound) {
		this.connection = connection;
		this.inbound = inbound;
	}

	@Override
	public void onOpen(WebSocket socket) {
		this.connection.opened(socket);
		socket.request(1);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			String message = this.text.toString();
			this.text.setLength(0);
			this.inbound.text(this.connection, socket, message);
		}
		socket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
		ByteBuffer joined = ByteBuffer.allocate(this.binary.remaining() + data.remaining());
		joined.put(this.binary).put(data).flip();
		this.binary = joined;
		if (last) {
			this.binary = ByteBuffer.allocate(0);
			this.inbound.binary(joined);
		}
		socket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
		this.connection.closed(socket, statusCode, reason);
		return null;
	}

	@Override
	public void onError(WebSocket socket, Throwable error) {
		this.connection.closed(socket, Connection.LOST, Failures.reason(error));
	}

}
