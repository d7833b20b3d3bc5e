package io.multiws.javaclient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern ENVELOPE = Pattern.compile("^([?=!])(\\d{1,15}):");

	private static final Pattern MESSAGE_ID = Pattern.compile("^(\\d+):");

	private static final String PRESENCE = "{\"presence\":";

	private static final int LOST = 1006;

	private final Builder options;

	private final ScheduledExecutorService scheduler;

	private final boolean ownsScheduler;

	private final BackOff backOff;

	private final CompletableFuture<WsClient> opened = new CompletableFuture<>();

	private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final Object lock = new Object();

	private @Nullable WebSocket socket;

	private volatile @Nullable WebSocket lastSocket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	private @Nullable ScheduledFuture<?> timer;

	private @Nullable CompletableFuture<Void> closing;

	private int server;

	private boolean stopped;

	private volatile @Nullable String lastId;

	private WsClient(Builder options) {
		this.options = options;
		this.lastId = options.lastId;
		this.ownsScheduler = options.scheduler == null;
		this.scheduler = (options.scheduler != null) ? options.scheduler : newScheduler();
		this.backOff = new BackOff(options.minDelay, options.maxDelay, options.jitter);
	}

	private static ScheduledExecutorService newScheduler() {
		// Its thread starts with the first reconnect
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "multi-ws-client");
			thread.setDaemon(true);
			return thread;
		});
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
		synchronized (this.lock) {
			return this.socket != null;
		}
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
		return this.opened.copy();
	}

	/**
	 * Return the JDK WebSocket of the open connection, or of the last one once it has
	 * closed, for what the methods here do not cover, such as pings. Sends on it bypass
	 * the order that this client keeps between its own sends.
	 * @return the WebSocket, or {@code null} before the first connection has opened
	 */
	public @Nullable WebSocket webSocket() {
		return this.lastSocket;
	}

	/**
	 * Return the id of the last message received, which the next connection resumes from.
	 * @return the id (a decimal string), or {@code null} before the first
	 */
	public @Nullable String lastId() {
		return this.lastId;
	}

	/**
	 * Send a text message; nothing is queued while disconnected.
	 * @param text the message
	 * @return whether it was handed to the open connection
	 */
	public boolean send(String text) {
		synchronized (this.lock) {
			WebSocket socket = this.socket;
			if (socket == null) {
				return false;
			}
			write(socket, (open) -> open.sendText(text, true));
			return true;
		}
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
		synchronized (this.lock) {
			WebSocket socket = this.socket;
			if (socket == null) {
				return CompletableFuture.failedFuture(new IllegalStateException("Not connected"));
			}
			return write(socket, send).thenAccept((sent) -> {
			});
		}
	}

	/**
	 * Send a request with the builder's timeout.
	 * @param payload the request
	 * @return the reply, failed with a {@link WsRequestException} for an error reply or a
	 * close, or with a {@link java.util.concurrent.TimeoutException}
	 */
	public CompletableFuture<String> request(String payload) {
		return request(payload, this.options.requestTimeout);
	}

	/**
	 * Send a request; the endpoint must have {@code replies.enabled}.
	 * @param payload the request
	 * @param timeout how long to wait for the reply
	 * @return the reply, failed with a {@link WsRequestException} for an error reply or a
	 * close, or with a {@link java.util.concurrent.TimeoutException}
	 */
	public CompletableFuture<String> request(String payload, Duration timeout) {
		CompletableFuture<String> reply = new CompletableFuture<>();
		long id = this.sequence.incrementAndGet();
		synchronized (this.lock) {
			WebSocket socket = this.socket;
			if (socket == null) {
				reply.completeExceptionally(new WsRequestException("Not connected", false));
				return reply;
			}
			this.pending.put(id, reply);
			write(socket, (open) -> open.sendText("?" + id + ":" + payload, true));
		}
		reply.whenComplete((value, ex) -> this.pending.remove(id));
		return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
		WebSocket socket;
		CompletableFuture<Void> answered = new CompletableFuture<>();
		synchronized (this.lock) {
			this.stopped = true;
			if (this.timer != null) {
				this.timer.cancel(false);
			}
			socket = this.socket;
			if (socket != null && !socket.isOutputClosed()) {
				this.closing = answered;
			}
		}
		this.opened.completeExceptionally(new IllegalStateException("Closed before the connection opened"));
		failPending("Client closed");
		if (this.ownsScheduler) {
			this.scheduler.shutdown();
		}
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
	 * Drop the connection without a close frame, as a lost network would: the listener
	 * hears a 1006 close, and the client reconnects if it would after any lost
	 * connection.
	 */
	public void abort() {
		WebSocket socket;
		synchronized (this.lock) {
			socket = this.socket;
		}
		if (socket != null) {
			socket.abort();
			closed(socket, LOST, "Connection aborted by the client", false);
		}
	}

	private void open() {
		URI uri;
		synchronized (this.lock) {
			uri = this.options.uris.get(this.server);
		}
		String lastId = this.lastId;
		if (this.options.messageIds && lastId != null) {
			String query = "lastEventId=" + URLEncoder.encode(lastId, StandardCharsets.UTF_8);
			uri = URI.create(uri + ((uri.getRawQuery() != null) ? "&" : "?") + query);
		}
		WebSocket.Builder builder = this.options.httpClient.newWebSocketBuilder()
			.connectTimeout(this.options.connectTimeout);
		this.options.headers.forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		List<String> subprotocols = this.options.subprotocols;
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
		}
		URI target = uri;
		builder.buildAsync(uri, new Listener()).whenComplete((socket, ex) -> {
			if (ex != null) {
				failed(target, unwrap(ex));
			}
		});
	}

	private void failed(URI uri, Throwable cause) {
		Throwable failure = cause;
		if (cause instanceof WebSocketHandshakeException refused) {
			failure = new WsHandshakeRefusedException(uri, refused.getResponse().statusCode(),
					Objects.toString(refused.getResponse().body(), ""));
		}
		this.opened.completeExceptionally(failure);
		closed(null, LOST, describe(failure), stopsOn(failure));
	}

	private void opened(WebSocket socket) {
		synchronized (this.lock) {
			if (this.stopped) {
				socket.abort();
				return;
			}
			this.socket = socket;
			this.lastSocket = socket;
			this.backOff.reset();
		}
		this.options.listener.onOpen();
		this.opened.complete(this);
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
				this.server = (this.server + 1) % this.options.uris.size();
				this.timer = this.scheduler.schedule(this::open, this.backOff.nextDelayMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				this.stopped = true;
			}
		}
		failPending("Connection closed (" + code + ")");
		this.options.listener.onClose(code, reason, reconnect);
	}

	private void failPending(String reason) {
		this.pending.values().forEach((reply) -> reply.completeExceptionally(new WsRequestException(reason, false)));
		this.pending.clear();
	}

	private CompletableFuture<WebSocket> write(WebSocket socket,
			Function<WebSocket, CompletableFuture<WebSocket>> send) {
		// The JDK's WebSocket takes one send at a time
		CompletableFuture<WebSocket> sent = this.sending.handle((result, ex) -> null)
			.thenCompose((ignored) -> send.apply(socket));
		this.sending = sent;
		return sent;
	}

	private void onText(WebSocket socket, String text) {
		WsClientListener listener = this.options.listener;
		Matcher matcher;
		if (this.options.replies && (matcher = ENVELOPE.matcher(text)).find()) {
			envelope(socket, matcher.group(1).charAt(0), Long.parseLong(matcher.group(2)), text.substring(matcher.end()));
		}
		else if (this.options.presence && text.startsWith(PRESENCE)) {
			listener.onPresence(text);
		}
		else if (this.options.messageIds && text.startsWith("gap:")) {
			listener.onGap(text.substring(4));
		}
		else if (this.options.messageIds && (matcher = MESSAGE_ID.matcher(text)).find()) {
			String id = matcher.group(1);
			this.lastId = id;
			listener.onMessage(text.substring(matcher.end()), id);
		}
		else {
			listener.onMessage(text, null);
		}
	}

	private void onBinary(ByteBuffer data) {
		String id = null;
		if (this.options.messageIds && data.remaining() >= Long.BYTES) {
			id = Long.toUnsignedString(data.getLong());
			this.lastId = id;
		}
		this.options.listener.onBinary(data.slice(), id);
	}

	private void envelope(WebSocket socket, char kind, long id, String payload) {
		if (kind == '?') {
			answer(payload).whenComplete((reply, ex) -> {
				String frame = (ex != null) ? "!" + id + ":" + reason(ex) : "=" + id + ":" + Objects.toString(reply, "");
				synchronized (this.lock) {
					// A reply belongs to the connection the request came on
					if (socket == this.socket) {
						write(socket, (open) -> open.sendText(frame, true));
					}
				}
			});
			return;
		}
		CompletableFuture<String> reply = this.pending.remove(id);
		if (reply != null) {
			if (kind == '=') {
				reply.complete(payload);
			}
			else {
				reply.completeExceptionally(new WsRequestException(payload, true));
			}
		}
	}

	private CompletionStage<String> answer(String payload) {
		Function<String, CompletionStage<String>> handler = this.options.requestHandler;
		if (handler == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("No request handler"));
		}
		try {
			return handler.apply(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static String reason(Throwable ex) {
		Throwable cause = unwrap(ex);
		String reason = Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
		// The JDK reports a protocol failure as a ProtocolException whose cause says what
		Throwable detail = cause.getCause();
		return (detail != null && detail.getMessage() != null) ? reason + ": " + detail.getMessage() : reason;
	}

	private static String describe(Throwable failure) {
		if (failure instanceof WsHandshakeRefusedException refused) {
			return "Handshake refused (" + refused.getStatus() + ")";
		}
		return reason(failure);
	}

	/**
	 * A handshake refused with a client error other than 429 would be refused again.
	 */
	private static boolean stopsOn(Throwable failure) {
		if (failure instanceof WsHandshakeRefusedException refused) {
			int status = refused.getStatus();
			return status >= 400 && status < 500 && status != 429;
		}
		return false;
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private ByteBuffer binary = ByteBuffer.allocate(0);

		@Override
		public void onOpen(WebSocket socket) {
			opened(socket);
			socket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				WsClient.this.onText(socket, message);
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
				WsClient.this.onBinary(joined);
			}
			socket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
			closed(socket, statusCode, reason, false);
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			closed(socket, LOST, reason(error), false);
		}

	}

	/**
	 * Options of a {@link WsClient}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder {

		private final List<URI> uris = new ArrayList<>();

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private List<String> subprotocols = List.of();

		private HttpClient httpClient = SharedHttpClient.INSTANCE;

		private WsClientListener listener = new WsClientListener() {
		};

		private boolean messageIds;

		private boolean presence;

		private boolean replies;

		private @Nullable String lastId;

		private Duration requestTimeout = Duration.ofSeconds(10);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration minDelay = Duration.ofMillis(500);

		private Duration maxDelay = Duration.ofSeconds(10);

		private IntPredicate stopOn = (code) -> code == 1003 || code == 1008 || (code >= 4000 && code < 5000);

		private @Nullable Function<String, CompletionStage<String>> requestHandler;

		private boolean reconnect = true;

		private @Nullable ScheduledExecutorService scheduler;

		private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

		private Builder(URI uri) {
			this.uris.add(uri);
		}

		private Builder(Builder builder) {
			this.uris.addAll(builder.uris);
			this.httpClient = builder.httpClient;
			this.listener = builder.listener;
			this.messageIds = builder.messageIds;
			this.presence = builder.presence;
			this.replies = builder.replies;
			this.lastId = builder.lastId;
			this.requestTimeout = builder.requestTimeout;
			this.connectTimeout = builder.connectTimeout;
			this.minDelay = builder.minDelay;
			this.maxDelay = builder.maxDelay;
			this.stopOn = builder.stopOn;
			this.requestHandler = builder.requestHandler;
			builder.headers.forEach((name, values) -> this.headers.put(name, List.copyOf(values)));
			this.subprotocols = builder.subprotocols;
			this.reconnect = builder.reconnect;
			this.scheduler = builder.scheduler;
			this.jitter = builder.jitter;
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
				this.uris.add(checked(other));
			}
			return this;
		}

		/**
		 * Use this HTTP client, for example one with an executor or an SSL context.
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Send a header with each handshake, in addition to those already added.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
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
			this.subprotocols = List.of(subprotocols);
			return this;
		}

		/**
		 * Whether to connect again after a lost connection (true): {@code false} makes
		 * the first close the last, for tests of close codes.
		 * @param reconnect whether to reconnect
		 * @return this builder
		 */
		public Builder reconnect(boolean reconnect) {
			this.reconnect = reconnect;
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
			this.scheduler = scheduler;
			return this;
		}

		/**
		 * Take the jitter of each reconnect delay from this source of numbers in
		 * {@code [0, 1)}, for tests of the back-off.
		 * @param jitter the source
		 * @return this builder
		 */
		Builder jitter(DoubleSupplier jitter) {
			this.jitter = jitter;
			return this;
		}

		/**
		 * Tell this listener what arrives.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(WsClientListener listener) {
			this.listener = listener;
			return this;
		}

		/**
		 * Decode message ids and resume with the last one (the endpoint has
		 * {@code history.message-ids}).
		 * @param messageIds whether messages carry ids
		 * @return this builder
		 */
		public Builder messageIds(boolean messageIds) {
			this.messageIds = messageIds;
			return this;
		}

		/**
		 * Resume from this id on the first connection as well.
		 * @param lastId the id of the last message the application has
		 * @return this builder
		 */
		public Builder lastId(@Nullable String lastId) {
			this.lastId = lastId;
			return this;
		}

		/**
		 * Hand presence frames to {@link WsClientListener#onPresence(String)} rather than
		 * {@link WsClientListener#onMessage(String, String)}.
		 * @param presence whether the endpoint pushes presence
		 * @return this builder
		 */
		public Builder presence(boolean presence) {
			this.presence = presence;
			return this;
		}

		/**
		 * Decode requests and replies (the endpoint has {@code replies.enabled}).
		 * @param replies whether the endpoint answers requests
		 * @return this builder
		 */
		public Builder replies(boolean replies) {
			this.replies = replies;
			return this;
		}

		/**
		 * Answer the server's requests with this function: its value is the reply, its
		 * failure an error reply with the exception's message.
		 * @param requestHandler the handler
		 * @return this builder
		 */
		public Builder onRequest(Function<String, CompletionStage<String>> requestHandler) {
			this.requestHandler = requestHandler;
			return this;
		}

		/**
		 * Wait this long for a reply unless the request says otherwise (10 s).
		 * @param requestTimeout the timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Wait this long for each connection to open (10 s).
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
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
			this.minDelay = minDelay;
			this.maxDelay = maxDelay;
			return this;
		}

		/**
		 * Stop rather than reconnect after a close with a code that this predicate
		 * accepts (1003, 1008 and 4000-4999 unless set).
		 * @param stopOn the predicate
		 * @return this builder
		 */
		public Builder stopOn(IntPredicate stopOn) {
			this.stopOn = stopOn;
			return this;
		}

		/**
		 * Create the client and start connecting; the listener's
		 * {@link WsClientListener#onOpen()} says when it is connected.
		 * @return the client
		 */
		public WsClient connect() {
			// A copy, so that the builder may go on to build other clients
			WsClient client = new WsClient(new Builder(this));
			client.open();
			return client;
		}

	}

	/**
	 * The HTTP client of every {@link WsClient} not given one: one selector thread for
	 * them all, started with the first.
	 */
	private static final class SharedHttpClient {

		private static final HttpClient INSTANCE = HttpClient.newHttpClient();

	}

}
