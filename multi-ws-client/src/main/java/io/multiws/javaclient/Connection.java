package io.multiws.javaclient;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The connection of a {@link WsClient}, one open at a time: it opens it, keeps this
 * client's writes in order on it, closes or drops it, and after a close either schedules
 * the next attempt with the {@link Reconnects} or stops; pending requests fail with each
 * close. Thread-safe: one lock guards the state.
 *
 * @author multi-ws team
 */
final class Connection {

	/**
	 * The code of a connection lost, dropped or never opened.
	 */
	static final int LOST = 1006;

	private final ClientOptions options;

	private final Handshake handshake;

	private final Reconnects reconnects;

	private final Inbound inbound;

	private final Requests requests;

	private final CompletableFuture<Void> opened = new CompletableFuture<>();

	private final Object lock = new Object();

	private @Nullable WebSocket socket;

	private volatile @Nullable WebSocket lastSocket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	private @Nullable CompletableFuture<Void> closing;

	private boolean stopped;

	Connection(ClientOptions options, Inbound inbound, Requests requests) {
		this.options = options;
		this.handshake = new Handshake(options);
		this.reconnects = new Reconnects(options);
		this.inbound = inbound;
		this.requests = requests;
	}

	/**
	 * Return whether a connection is open.
	 * @return whether one is
	 */
	boolean isOpen() {
		synchronized (this.lock) {
			return this.socket != null;
		}
	}

	/**
	 * Return the future of the first connection.
	 * @return the future, completed when it opens, failed when it fails or the client
	 * closes first
	 */
	CompletableFuture<Void> opened() {
		return this.opened;
	}

	/**
	 * Return the WebSocket of the open connection, or of the last one.
	 * @return the WebSocket, or {@code null} before the first connection has opened
	 */
	@Nullable WebSocket lastSocket() {
		return this.lastSocket;
	}

	/**
	 * Write after this client's earlier writes, if a connection is open.
	 * @param send the write
	 * @return the write, or {@code null} if no connection is open
	 */
	@Nullable CompletableFuture<WebSocket> write(Function<WebSocket, CompletableFuture<WebSocket>> send) {
		return write(() -> {
		}, send);
	}

	/**
	 * Write after this client's earlier writes, if a connection is open.
	 * @param accepted done first under the lock, so that a close after it finds it done
	 * @param send the write
	 * @return the write, or {@code null} if no connection is open
	 */
	@Nullable CompletableFuture<WebSocket> write(Runnable accepted,
			Function<WebSocket, CompletableFuture<WebSocket>> send) {
		synchronized (this.lock) {
			WebSocket socket = this.socket;
			if (socket == null) {
				return null;
			}
			accepted.run();
			return write(socket, send);
		}
	}

	/**
	 * Write a reply to a request of the server, unless the connection it came on has
	 * closed.
	 * @param socket the WebSocket the request came on
	 * @param frame the reply
	 */
	void reply(WebSocket socket, String frame) {
		synchronized (this.lock) {
			if (socket == this.socket) {
				write(socket, (open) -> open.sendText(frame, true));
			}
		}
	}

	private CompletableFuture<WebSocket> write(WebSocket socket,
			Function<WebSocket, CompletableFuture<WebSocket>> send) {
		// The JDK's WebSocket takes one send at a time
		CompletableFuture<WebSocket> sent = this.sending.handle((result, ex) -> null)
			.thenCompose((ignored) -> send.apply(socket));
		this.sending = sent;
		return sent;
	}

	/**
	 * Close the connection and stop reconnecting.
	 * @param code the close code
	 * @param reason the reason
	 * @return a future completed once the close frame is written, at once if no
	 * connection is open
	 */
	CompletableFuture<Void> close(int code, String reason) {
		WebSocket socket;
		CompletableFuture<Void> answered = new CompletableFuture<>();
		synchronized (this.lock) {
			this.stopped = true;
			this.reconnects.cancel();
			socket = this.socket;
			if (socket != null && !socket.isOutputClosed()) {
				this.closing = answered;
			}
		}
		this.opened.completeExceptionally(new IllegalStateException("Closed before the connection opened"));
		this.requests.failAll("Client closed");
		this.reconnects.shutdown();
		if (socket == null || socket.isOutputClosed()) {
			return CompletableFuture.completedFuture(null);
		}
		// Cut off a server that does not answer; the timer goes, and with it the socket, once it does
		answered.orTimeout(this.options.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((answer, timeout) -> {
				if (timeout != null) {
					socket.abort();
				}
			});
		// Not behind this client's sends: the JDK takes a close while a send is pending
		CompletableFuture<WebSocket> sent = socket.sendClose(code, reason);
		sent.whenComplete((ws, ex) -> {
			if (ex != null) {
				socket.abort();
				answered.complete(null);
			}
		});
		return sent.thenAccept((ws) -> {
		});
	}

	/**
	 * Drop the connection without a close frame, as a lost network would.
	 */
	void abort() {
		WebSocket socket;
		synchronized (this.lock) {
			socket = this.socket;
		}
		if (socket != null) {
			socket.abort();
			closed(socket, LOST, "Connection aborted by the client");
		}
	}

	/**
	 * Start an attempt to connect, to the URI whose turn it is.
	 */
	void open() {
		URI uri;
		synchronized (this.lock) {
			uri = this.reconnects.target();
		}
		URI target = this.handshake.target(uri, this.inbound.lastId());
		this.handshake.open(target, new Receiver(this, this.inbound)).whenComplete((socket, ex) -> {
			if (ex != null) {
				failed(Handshake.failure(target, ex));
			}
		});
	}

	private void failed(Throwable failure) {
		this.opened.completeExceptionally(failure);
		closed(null, LOST, Handshake.describe(failure), Handshake.stopsOn(failure));
	}

	/**
	 * Take a connection that has opened, unless the client has stopped.
	 * @param socket its WebSocket
	 */
	void opened(WebSocket socket) {
		synchronized (this.lock) {
			if (this.stopped) {
				socket.abort();
				return;
			}
			this.socket = socket;
			this.lastSocket = socket;
			this.reconnects.opened();
		}
		this.options.listener.onOpen();
		this.opened.complete(null);
	}

	/**
	 * Take the close of a connection, unless it is no longer the current one.
	 * @param socket its WebSocket
	 * @param code the close code
	 * @param reason the reason
	 */
	void closed(WebSocket socket, int code, String reason) {
		closed(socket, code, reason, false);
	}

	private void closed(@Nullable WebSocket socket, int code, String reason, boolean refused) {
		boolean reconnect;
		synchronized (this.lock) {
			if (socket != null && socket != this.socket) {
				return;
			}
			if (this.closing != null) {
				this.closing.complete(null);
				this.closing = null;
			}
			this.socket = null;
			reconnect = this.options.reconnect && !this.stopped && !refused && !this.options.stopOn.test(code);
			if (reconnect) {
				this.reconnects.schedule(this::open);
			}
			else {
				this.stopped = true;
			}
		}
		this.requests.failAll("Connection closed (" + code + ")");
		this.options.listener.onClose(code, reason, reconnect);
	}

}
