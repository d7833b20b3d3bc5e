package io.multiws.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.javaclient.WsClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A WebSocket client for tests against a running application, such as a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}, on the Java client
 * {@link WsClient} of {@code multi-ws-client} (itself on the JDK's
 * {@link java.net.http.WebSocket}), without its reconnect nor its envelope: a test sees
 * each frame as it came and the first close as it is. Immutable and thread-safe; every
 * connection it opens records what it receives for the {@code await} methods of
 * {@link WsReceiver}.
 * <p>
 * Inject it with {@code @AutoConfigureWsTestClient}, bound to the application's server:
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#64;AutoConfigureWsTestClient
 * class EchoTests {
 *
 *     &#64;Autowired
 *     WsTestClient ws;
 *
 *     &#64;Test
 *     void echoes() {
 *         try (WsTestConnection echo = this.ws.connect("/echo/1")) {
 *             echo.sendText("hello");
 *             assertThat(echo).receivedText().isEqualTo("hello");
 *         }
 *     }
 *
 * }
 * </pre>
 * That client ({@link #forApplication(ApplicationContext)}) returns from
 * {@link #connect(String)} once the server has <em>opened</em> the session: joined it to
 * its hub and run {@code @OnOpen}, so that a broadcast right after reaches it, after what
 * {@code @OnOpen} sent. It reads each endpoint's frames with that endpoint's settings
 * (message ids, presence frames) and writes JSON with the application's
 * {@code JsonMapper}. A client {@link #forPort(int) for a port} knows nothing of the
 * application: its {@code connect} returns on the {@code 101} response, before the server
 * may have joined the session to its hub, and it reads frames by their shape.
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

	private final Supplier<URI> baseUri;

	private final Duration timeout;

	private final TestJson json;

	private final @Nullable Application application;

	private final boolean awaitOpening;

	private WsTestClient(Supplier<URI> baseUri, Duration timeout, TestJson json,
			@Nullable Application application, boolean awaitOpening) {
		this.baseUri = baseUri;
		this.timeout = timeout;
		this.json = json;
		this.application = application;
		this.awaitOpening = awaitOpening;
	}

	/**
	 * Create a client for a server on the loopback interface. Its connections return on
	 * the {@code 101} response: see {@link #forApplication(ApplicationContext)} for one
	 * that waits until the server has opened each session.
	 * @param port the server's port, for example the {@code @LocalServerPort}
	 * @return the client
	 */
	public static WsTestClient forPort(int port) {
		return forUri("ws://127.0.0.1:" + port);
	}

	/**
	 * Create a client for a server. Its connections return on the {@code 101} response.
	 * @param baseUri the {@code ws://} or {@code wss://} URI that paths are relative to
	 * @return the client
	 */
	public static WsTestClient forUri(String baseUri) {
		Assert.isTrue(baseUri.startsWith("ws://") || baseUri.startsWith("wss://"),
				() -> "A WebSocket URI starts with ws:// or wss://, not " + baseUri);
		URI uri = URI.create(baseUri);
		return new WsTestClient(() -> uri, DEFAULT_TIMEOUT, new TestJson(new JsonMapper()), null, false);
	}

	/**
	 * Create a client for the web server of a running application: its port and context
	 * path, each endpoint's frame settings, its {@code JsonMapper}, and the
	 * {@link WsSessionOpenings} listener that {@code @AutoConfigureWsTestClient} registers,
	 * so that {@link #connect(String)} returns once the server has opened the session.
	 * Tests usually inject the client instead; this method serves a context that a test
	 * starts itself (add {@code @AutoConfigureWsTestClient} to one of its configuration
	 * classes, or take its {@code WsTestClient} bean).
	 * @param context the application context, with an embedded web server
	 * @return the client
	 * @throws IllegalStateException if the context has no {@link WsSessionOpenings} bean
	 * @since 0.2.0
	 */
	public static WsTestClient forApplication(ApplicationContext context) {
		WsSessionOpenings openings = context.getBeanProvider(WsSessionOpenings.class).getIfUnique();
		Assert.state(openings != null, () -> "The application context has no WsSessionOpenings bean, which tells the"
				+ " test client when the server has opened a session: add @AutoConfigureWsTestClient to the test class"
				+ " or to a configuration class of the context");
		JsonMapper jsonMapper = context.getBeanProvider(JsonMapper.class).getIfUnique(JsonMapper::new);
		Application application = new Application(openings, context.getBeanProvider(WsEndpointMappings.class)
			.getIfUnique());
		return new WsTestClient(SingletonSupplier.of(() -> webSocketUri(context)), DEFAULT_TIMEOUT,
				new TestJson(jsonMapper), application, true);
	}

	private static URI webSocketUri(ApplicationContext context) {
		LocalTestWebServer server = LocalTestWebServer.get(context);
		Assert.state(server != null, "The application has no local web server to connect to: start it with"
				+ " @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)");
		String uri = server.uri();
		return URI.create(uri.replaceFirst("^http", "ws"));
	}

	/**
	 * Return a client that waits this long to connect and in the {@code await} methods.
	 * @param timeout the timeout
	 * @return a new client
	 */
	public WsTestClient withTimeout(Duration timeout) {
		return new WsTestClient(this.baseUri, timeout, this.json, this.application, this.awaitOpening);
	}

	/**
	 * Return a client that writes and reads JSON with this mapper.
	 * @param jsonMapper the mapper
	 * @return a new client
	 */
	public WsTestClient withJsonMapper(JsonMapper jsonMapper) {
		return new WsTestClient(this.baseUri, this.timeout, new TestJson(jsonMapper), this.application,
				this.awaitOpening);
	}

	/**
	 * Return a client whose connections return on the {@code 101} response, without
	 * waiting for the server to open the session: for tests of what happens in between.
	 * @return a new client
	 * @since 0.2.0
	 */
	public WsTestClient withoutOpeningWait() {
		return new WsTestClient(this.baseUri, this.timeout, this.json, this.application, false);
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
		return new ConnectionSpec(path);
	}

	@Override
	public String toString() {
		return "WsTestClient for " + this.baseUri.get()
				+ ((this.application != null && this.awaitOpening) ? ", waiting for each session to open" : "");
	}

	/**
	 * A connection about to be made.
	 */
	public final class ConnectionSpec {

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String[] subprotocols = new String[0];

		private ConnectionSpec(String path) {
			this.path = path;
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
		 * @return the connection, once the server has opened its session if the client
		 * is bound to the application
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
		 * connection is then closed at once), otherwise the status of the refusal.
		 * @return the status
		 */
		public int handshakeStatus() {
			try {
				open(false).close();
				return 101;
			}
			catch (WsHandshakeRefusedException ex) {
				return ex.getStatus();
			}
		}

		/**
		 * Connect.
		 * @return the connection, once the server has opened its session if the client
		 * is bound to the application
		 * @throws WsHandshakeRefusedException if the server refused the handshake
		 */
		public WsTestConnection open() {
			return open(WsTestClient.this.awaitOpening);
		}

		private WsTestConnection open(boolean awaitOpening) {
			URI uri = uri();
			Application application = WsTestClient.this.application;
			WsSessionOpenings.Opening opening = (application != null && awaitOpening) ? application.openings().expect()
					: null;
			try {
				WsTestConnection connection = handshake(uri, opening);
				if (opening != null) {
					awaitOpening(connection, opening.opened());
				}
				return connection;
			}
			finally {
				if (opening != null) {
					application.openings().forget(opening.key());
				}
			}
		}

		private URI uri() {
			String base = WsTestClient.this.baseUri.get().toString();
			return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + this.path);
		}

		private WsTestConnection handshake(URI uri, WsSessionOpenings.@Nullable Opening opening) {
			Duration timeout = WsTestClient.this.timeout;
			WsTestConnection connection = new WsTestConnection(uri.getPath(),
					new ReceivedMessages(uri.getPath(), timeout, WsTestClient.this.json, format(uri)),
					WsTestClient.this.json, timeout);
			WsClient.Builder builder = WsClient.builder(uri)
				.httpClient(HTTP)
				.connectTimeout(timeout)
				.reconnect(false)
				.listener(connection.listener());
			this.headers.forEach(builder::header);
			if (opening != null) {
				builder.header(WsSessionOpenings.CONNECTION_HEADER, opening.key());
			}
			if (this.subprotocols.length > 0) {
				builder.subprotocols(this.subprotocols);
			}
			WsClient client = builder.connect();
			connection.connecting(client);
			try {
				client.opened().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				return connection;
			}
			catch (ExecutionException ex) {
				WsHandshakeRefusedException refused = WsHandshakeRefusedException.of(ex.getCause());
				if (refused != null) {
					throw refused;
				}
				throw new IllegalStateException("Could not connect to " + uri, ex.getCause());
			}
			catch (TimeoutException ex) {
				// A handshake that completes after all leaves no session behind on the server
				client.close();
				throw new IllegalStateException("Could not connect to " + uri + " within " + timeout, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				client.close();
				throw new IllegalStateException("Interrupted while connecting to " + uri, ex);
			}
		}

		/**
		 * Wait until the server has opened the session, or closed the connection (a full
		 * hub, a failing {@code @OnOpen}), which the test then sees.
		 */
		private void awaitOpening(WsTestConnection connection, CompletableFuture<Void> opened) {
			Duration timeout = WsTestClient.this.timeout;
			try {
				CompletableFuture.anyOf(opened, connection.messages().closeFuture())
					.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				connection.close();
				throw new AssertionError("Connected to " + connection.path() + " (101) but the server did not open the"
						+ " session (join it to its hub and run @OnOpen) within " + timeout
						+ "; is @OnOpen blocking? " + connection.messages().received(), ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + connection.path() + " to open", ex);
			}
		}

		private FrameFormat format(URI uri) {
			Application application = WsTestClient.this.application;
			if (application == null || application.mappings() == null) {
				return FrameFormat.BY_SHAPE;
			}
			String contextPath = WsTestClient.this.baseUri.get().getRawPath();
			String path = uri.getRawPath();
			if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
				path = path.substring(contextPath.length());
			}
			try {
				WsEndpointMatch match = application.mappings().match(path);
				return (match != null) ? FrameFormat.of(match.endpoint()) : FrameFormat.BY_SHAPE;
			}
			catch (RuntimeException ex) {
				// A path the server refuses: the handshake tells
				return FrameFormat.BY_SHAPE;
			}
		}

	}

	/**
	 * What a client bound to an application knows of it.
	 *
	 * @param openings the listener that tells when a session has opened
	 * @param mappings the endpoints, for their frame settings
	 */
	private record Application(WsSessionOpenings openings, @Nullable WsEndpointMappings mappings) {

	}

}
