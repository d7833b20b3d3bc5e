package io.multiws.javaclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntPredicate;

import org.jspecify.annotations.Nullable;

/**
 * A client of one multi-ws hub path for services and load tools, on the JDK's
 * {@link WebSocket}: the protocol of the browser client {@code multi-ws.js} (see the
 * README, "Clients"). It reconnects after a lost connection with capped exponential
 * back-off and jitter; with {@link Builder#messageIds(boolean) message ids} it decodes
 * each message's id and reconnects with {@code ?lastEventId=}, so that the server sends
 * exactly what it missed; with {@link Builder#replies(boolean) replies} it sends requests
 * with ids and timeouts, and answers the server's. Close codes 1003, 1008 and 4000-4999
 * stop it, as does {@link #close()}. Thread-safe.
 * <p>
 * With none of those options and {@link Builder#reconnect(boolean) reconnect(false)} it
 * is a plain client for tests: every message reaches the listener as it came, the first
 * close is the last, and {@link #opened()} fails with a
 * {@link WsHandshakeRefusedException} that gives the status of a refused handshake. The
 * test starter's {@code WsTestClient} is built so.
 * <p>
 * Why the JDK's WebSocket rather than Reactor Netty's: it needs nothing beyond the JDK, so
 * that a service or a test adds one small jar and no Netty, and measured against Reactor
 * Netty's client for this use ({@code ClientChoiceBenchmark} in {@code benchmarks/load},
 * figures in {@code benchmarks/RESULTS.md}) it receives as many messages per second on
 * one connection for the same CPU, and connects in a millisecond or two where Reactor
 * Netty takes under one. Its cost is memory: about 60 KB of heap per idle connection
 * against 7 KB, half of it the JDK's two 16 KB send buffers, which the system properties
 * {@code jdk.httpclient.websocket.writeBufferSize} and
 * {@code jdk.httpclient.websocket.intermediateBufferSize} make smaller. Clients share one
 * JDK {@link HttpClient}, and so one selector thread, unless given one.
 * <pre class="code">
 * WsClient chat = WsClient.builder(URI.create("ws://localhost:8080/chat/lobby"))
 *     .messageIds(true).replies(true)
 *     .listener(new WsClientListener() { ... })
 *     .connect();
 * String answer = chat.request("/time").get();
 * </pre>
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class WsClient implements AutoCloseable {

	private final Duration requestTimeout;

	private final Requests requests;

	private final Inbound inbound;

	private final Connection connection;

	private WsClient(ClientOptions options) {
		this.requestTimeout = options.requestTimeout;
		this.requests = new Requests(options);
		this.inbound = new Inbound(options, this.requests);
		this.connection = new Connection(options, this.inbound, this.requests);
	}

	/**
	 * Start a client of a hub path.
	 * @param uri the {@code ws://} or {@code wss://} URI of the hub path, with a query
	 * string if needed
	 * @return the builder
	 */
	public static Builder builder(URI uri) {
		return new Builder(checked(uri));
	}

	private static URI checked(URI uri) {
		String scheme = uri.getScheme();
		if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
			throw new IllegalArgumentException("A WebSocket URI starts with ws:// or wss://, not " + uri);
		}
		return uri;
	}

	/**
	 * Return whether a connection is open.
	 * @return whether the client is connected
	 */
	public boolean isConnected() {
		return this.connection.isOpen();
	}

	/**
	 * Return a future completed once the first connection has opened, or failed if the
	 * first attempt fails, whether the client then tries again or not: with a
	 * {@link WsHandshakeRefusedException} if the server refused the handshake, with the
	 * I/O error or timeout of the attempt otherwise, or with an
	 * {@link IllegalStateException} if the client was closed first.
	 * @return a copy of the future, which callers may cancel
	 */
	public CompletableFuture<WsClient> opened() {
		return this.connection.opened().thenApply((open) -> this);
	}

	/**
	 * Return the JDK WebSocket of the open connection, or of the last one once it has
	 * closed, for what the methods here do not cover, such as pings. Sends on it bypass
	 * the order that this client keeps between its own sends.
	 * @return the WebSocket, or {@code null} before the first connection has opened
	 */
	public @Nullable WebSocket webSocket() {
		return this.connection.lastSocket();
	}

	/**
	 * Return the id of the last message received, which the next connection resumes from.
	 * @return the id (a decimal string), or {@code null} before the first
	 */
	public @Nullable String lastId() {
		return this.inbound.lastId();
	}

	/**
	 * Send a text message; nothing is queued while disconnected.
	 * @param text the message
	 * @return whether it was handed to the open connection
	 */
	public boolean send(String text) {
		return this.connection.write((open) -> open.sendText(text, true)) != null;
	}

	/**
	 * Send a text message, or a fragment of one, after this client's sends before it: a
	 * message ends with the fragment sent with {@code last}, and no other message may
	 * start before.
	 * @param text the message or fragment
	 * @param last whether it ends the message
	 * @return a future completed once it is written, failed if it could not be, or at
	 * once with an {@link IllegalStateException} when no connection is open
	 */
	public CompletableFuture<Void> sendText(CharSequence text, boolean last) {
		return send((socket) -> socket.sendText(text, last));
	}

	/**
	 * Send a binary message, or a fragment of one, after this client's sends before it.
	 * @param data the message or fragment, which must not change until it is written
	 * @param last whether it ends the message
	 * @return a future completed once it is written, failed if it could not be, or at
	 * once with an {@link IllegalStateException} when no connection is open
	 */
	public CompletableFuture<Void> sendBinary(ByteBuffer data, boolean last) {
		return send((socket) -> socket.sendBinary(data, last));
	}

	private CompletableFuture<Void> send(Function<WebSocket, CompletableFuture<WebSocket>> send) {
		CompletableFuture<WebSocket> sent = this.connection.write(send);
		if (sent == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("Not connected"));
		}
		return sent.thenAccept((written) -> {
		});
	}

	/**
	 * Send a request with the builder's timeout.
	 * @param payload the request
	 * @return the reply, failed with a {@link WsRequestException} for an error reply or a
	 * close, or with a {@link java.util.concurrent.TimeoutException}
	 */
	public CompletableFuture<String> request(String payload) {
		return request(payload, this.requestTimeout);
	}

	/**
	 * Send a request; the endpoint must have {@code replies.enabled}.
	 * @param payload the request
	 * @param timeout how long to wait for the reply
	 * @return the reply, failed with a {@link WsRequestException} for an error reply or a
	 * close, or with a {@link java.util.concurrent.TimeoutException}
	 */
	public CompletableFuture<String> request(String payload, Duration timeout) {
		return this.requests.send(this.connection, payload, timeout);
	}

	/**
	 * Close the connection with 1000 and stop reconnecting; pending requests fail.
	 */
	@Override
	public void close() {
		close(WebSocket.NORMAL_CLOSURE, "");
	}

	/**
	 * Close the connection with a code and reason of the caller's choice and stop
	 * reconnecting; pending requests fail. The listener hears the server's close when it
	 * comes; a server that does not answer within the connect timeout is cut off.
	 * @param code the close code
	 * @param reason the reason
	 * @return a future completed once the close frame is written, at once if no
	 * connection is open
	 */
	public CompletableFuture<Void> close(int code, String reason) {
		return this.connection.close(code, reason);
	}

	/**
	 * Drop the connection without a close frame, as a lost network would: the listener
	 * hears a 1006 close, and the client reconnects if it would after any lost
	 * connection.
	 */
	public void abort() {
		this.connection.abort();
	}

	/**
	 * Options of a {@link WsClient}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder {

		private final ClientOptions options;

		private Builder(URI uri) {
			this.options = new ClientOptions(uri);
		}

		/**
		 * Reconnect to these URIs in turn with the first, one after each close: the same
		 * hub path on each instance of a cluster, where a resume gets what was missed on
		 * any of them.
		 * @param others the URIs of the hub path on the other instances
		 * @return this builder
		 */
		public Builder failover(URI... others) {
			for (URI other : others) {
				this.options.uris.add(checked(other));
			}
			return this;
		}

		/**
		 * Use this HTTP client, for example one with an executor or an SSL context.
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.options.httpClient = httpClient;
			return this;
		}

		/**
		 * Send a header with each handshake, in addition to those already added.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.options.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/**
		 * Send an {@code Origin} header with each handshake, as a browser does.
		 * @param origin the origin, such as {@code https://app.example}
		 * @return this builder
		 */
		public Builder origin(String origin) {
			return header("Origin", origin);
		}

		/**
		 * Offer these subprotocols, in order of preference;
		 * {@code webSocket().getSubprotocol()} gives the one the server chose.
		 * @param subprotocols the subprotocols
		 * @return this builder
		 */
		public Builder subprotocols(String... subprotocols) {
			this.options.subprotocols = List.of(subprotocols);
			return this;
		}

		/**
		 * Whether to connect again after a lost connection (true): {@code false} makes
		 * the first close the last, for tests of close codes.
		 * @param reconnect whether to reconnect
		 * @return this builder
		 */
		public Builder reconnect(boolean reconnect) {
			this.options.reconnect = reconnect;
			return this;
		}

		/**
		 * Schedule reconnects on this executor, for example one shared by many clients,
		 * rather than on a thread of the client's own; {@link WsClient#close()} leaves it
		 * running.
		 * @param scheduler the executor
		 * @return this builder
		 */
		public Builder scheduler(ScheduledExecutorService scheduler) {
			this.options.scheduler = scheduler;
			return this;
		}

		/**
		 * Take the jitter of each reconnect delay from this source of numbers in
		 * {@code [0, 1)}, for tests of the back-off.
		 * @param jitter the source
		 * @return this builder
		 */
		Builder jitter(DoubleSupplier jitter) {
			this.options.jitter = jitter;
			return this;
		}

		/**
		 * Tell this listener what arrives.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(WsClientListener listener) {
			this.options.listener = listener;
			return this;
		}

		/**
		 * Decode message ids and resume with the last one (the endpoint has
		 * {@code history.message-ids}).
		 * @param messageIds whether messages carry ids
		 * @return this builder
		 */
		public Builder messageIds(boolean messageIds) {
			this.options.messageIds = messageIds;
			return this;
		}

		/**
		 * Resume from this id on the first connection as well.
		 * @param lastId the id of the last message the application has
		 * @return this builder
		 */
		public Builder lastId(@Nullable String lastId) {
			this.options.lastId = lastId;
			return this;
		}

		/**
		 * Hand presence frames to {@link WsClientListener#onPresence(String)} rather than
		 * {@link WsClientListener#onMessage(String, String)}.
		 * @param presence whether the endpoint pushes presence
		 * @return this builder
		 */
		public Builder presence(boolean presence) {
			this.options.presence = presence;
			return this;
		}

		/**
		 * Decode requests and replies (the endpoint has {@code replies.enabled}).
		 * @param replies whether the endpoint answers requests
		 * @return this builder
		 */
		public Builder replies(boolean replies) {
			this.options.replies = replies;
			return this;
		}

		/**
		 * Answer the server's requests with this function: its value is the reply, its
		 * failure an error reply with the exception's message.
		 * @param requestHandler the handler
		 * @return this builder
		 */
		public Builder onRequest(Function<String, CompletionStage<String>> requestHandler) {
			this.options.requestHandler = requestHandler;
			return this;
		}

		/**
		 * Wait this long for a reply unless the request says otherwise (10 s).
		 * @param requestTimeout the timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.options.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Wait this long for each connection to open (10 s).
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.options.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Reconnect after this delay, then after twice as long each time up to
		 * {@code maxDelay}, each delay a random 50-100 % of that (500 ms and 10 s).
		 * @param minDelay the first delay
		 * @param maxDelay the longest delay
		 * @return this builder
		 */
		public Builder backOff(Duration minDelay, Duration maxDelay) {
			if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
				throw new IllegalArgumentException("The back-off needs 0 <= minDelay <= maxDelay, not " + minDelay
						+ " and " + maxDelay);
			}
			this.options.minDelay = minDelay;
			this.options.maxDelay = maxDelay;
			return this;
		}

		/**
		 * Stop rather than reconnect after a close with a code that this predicate
		 * accepts (1003, 1008 and 4000-4999 unless set).
		 * @param stopOn the predicate
		 * @return this builder
		 */
		public Builder stopOn(IntPredicate stopOn) {
			this.options.stopOn = stopOn;
			return this;
		}

		/**
		 * Create the client and start connecting; the listener's
		 * {@link WsClientListener#onOpen()} says when it is connected.
		 * @return the client
		 */
		public WsClient connect() {
			// A copy, so that the builder may go on to build other clients
			WsClient client = new WsClient(new ClientOptions(this.options));
			client.connection.open();
			return client;
		}

	}

}
