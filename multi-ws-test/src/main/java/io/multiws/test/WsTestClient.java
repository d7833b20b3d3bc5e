package io.multiws.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multiws.core.JacksonWsJsonCodec;
import io.multiws.core.WsJsonCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * A WebSocket client for tests against a running application, such as a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}, on the JDK's
 * {@link java.net.http.WebSocket}. Immutable and thread-safe; every connection it opens
 * records what it receives for the {@code await} methods of {@link WsReceiver}.
 * <pre class="code">
 * &#64;LocalServerPort
 * int port;
 *
 * &#64;Test
 * void echoes() {
 *     try (WsTestConnection echo = WsTestClient.forPort(this.port).connect("/echo/1")) {
 *         echo.sendText("hello");
 *         assertThat(echo).receivedText().isEqualTo("hello");
 *     }
 * }
 * </pre>
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsTestClient {

	/**
	 * How long connecting and the {@code await} methods wait unless told otherwise.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();

	private final URI baseUri;

	private final Duration timeout;

	private final WsJsonCodec jsonCodec;

	private WsTestClient(URI baseUri, Duration timeout, WsJsonCodec jsonCodec) {
		this.baseUri = baseUri;
		this.timeout = timeout;
		this.jsonCodec = jsonCodec;
	}

	/**
	 * Create a client for a server on the loopback interface.
	 * @param port the server's port, for example the {@code @LocalServerPort}
	 * @return the client
	 */
	public static WsTestClient forPort(int port) {
		return forUri("ws://127.0.0.1:" + port);
	}

	/**
	 * Create a client for a server.
	 * @param baseUri the {@code ws://} or {@code wss://} URI that paths are relative to
	 * @return the client
	 */
	public static WsTestClient forUri(String baseUri) {
		Assert.isTrue(baseUri.startsWith("ws://") || baseUri.startsWith("wss://"),
				() -> "A WebSocket URI starts with ws:// or wss://, not " + baseUri);
		return new WsTestClient(URI.create(baseUri), DEFAULT_TIMEOUT, new JacksonWsJsonCodec(new JsonMapper()));
	}

	/**
	 * Return a client that waits this long to connect and in the {@code await} methods.
	 * @param timeout the timeout
	 * @return a new client
	 */
	public WsTestClient withTimeout(Duration timeout) {
		return new WsTestClient(this.baseUri, timeout, this.jsonCodec);
	}

	/**
	 * Return a client that writes and reads JSON with this mapper, for example the
	 * application's.
	 * @param jsonMapper the mapper
	 * @return a new client
	 */
	public WsTestClient withJsonMapper(JsonMapper jsonMapper) {
		return new WsTestClient(this.baseUri, this.timeout, new JacksonWsJsonCodec(jsonMapper));
	}

	/**
	 * Connect to a path, failing with an {@link AssertionError} if the handshake is
	 * refused.
	 * @param path the path, with a query string if needed
	 * @return the connection
	 */
	public WsTestConnection connect(String path) {
		return path(path).connect();
	}

	/**
	 * Start a connection with handshake headers, an origin or subprotocols.
	 * @param path the path, with a query string if needed
	 * @return the connection spec
	 */
	public ConnectionSpec path(String path) {
		Assert.isTrue(path.startsWith("/"), () -> "A path starts with '/', not " + path);
		return new ConnectionSpec(this.baseUri.resolve(path));
	}

	/**
	 * A connection about to be made.
	 */
	public final class ConnectionSpec {

		private final URI uri;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String[] subprotocols = new String[0];

		private ConnectionSpec(URI uri) {
			this.uri = uri;
		}

		/**
		 * Add a handshake header.
		 * @param name the name
		 * @param value the value
		 * @return this spec
		 */
		public ConnectionSpec header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Send an {@code Origin} header, as a browser does.
		 * @param origin the origin, such as {@code https://app.example}
		 * @return this spec
		 */
		public ConnectionSpec origin(String origin) {
			return header("Origin", origin);
		}

		/**
		 * Offer subprotocols, in order of preference.
		 * @param subprotocols the subprotocols
		 * @return this spec
		 */
		public ConnectionSpec subprotocols(String... subprotocols) {
			this.subprotocols = subprotocols.clone();
			return this;
		}

		/**
		 * Connect, failing with an {@link AssertionError} that gives the HTTP status and
		 * body if the handshake is refused.
		 * @return the connection
		 */
		public WsTestConnection connect() {
			try {
				return open();
			}
			catch (WsHandshakeRefusedException ex) {
				throw new AssertionError(ex.getMessage(), ex);
			}
		}

		/**
		 * Attempt the handshake and return its HTTP status: 101 if it succeeded (the
		 * connection is then closed), otherwise the status of the refusal.
		 * @return the status
		 */
		public int handshakeStatus() {
			try {
				open().close();
				return 101;
			}
			catch (WsHandshakeRefusedException ex) {
				return ex.getStatus();
			}
		}

		/**
		 * Connect.
		 * @return the connection
		 * @throws WsHandshakeRefusedException if the server refused the handshake
		 */
		public WsTestConnection open() {
			WsTestConnection connection = new WsTestConnection(this.uri.getPath(),
					new ReceivedMessages(this.uri.getPath(), WsTestClient.this.timeout, WsTestClient.this.jsonCodec),
					WsTestClient.this.jsonCodec, WsTestClient.this.timeout);
			WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WsTestClient.this.timeout);
			this.headers.forEach(builder::header);
			if (this.subprotocols.length > 0) {
				builder.subprotocols(this.subprotocols[0],
						Arrays.copyOfRange(this.subprotocols, 1, this.subprotocols.length));
			}
			try {
				connection.connected(builder.buildAsync(this.uri, connection.listener())
					.get(WsTestClient.this.timeout.toMillis(), TimeUnit.MILLISECONDS));
				return connection;
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof WebSocketHandshakeException refused) {
					throw new WsHandshakeRefusedException(this.uri, refused.getResponse().statusCode(),
							String.valueOf(refused.getResponse().body()));
				}
				throw new IllegalStateException("Could not connect to " + this.uri, ex.getCause());
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException(
						"Could not connect to " + this.uri + " within " + WsTestClient.this.timeout, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while connecting to " + this.uri, ex);
			}
		}

	}

}
