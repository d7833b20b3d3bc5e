package io.multiws.test;

import java.beans.Introspector;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.multiws.annotation.WsEndpoint;
import io.multiws.autoconfigure.MultiWsProperties;
import io.multiws.autoconfigure.WsEndpointDefinitions;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.JacksonWsJsonCodec;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsPayloadEncoder;
import io.multiws.core.WsTransport;
import io.multiws.core.WsUpgradeRefusal;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.endpoint.WsArgumentResolverComposite;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Tests {@code @WsEndpoint} beans in process, without a server or a socket, fast enough
 * for plain unit tests: join a session to a path, push messages, and assert what the
 * endpoint sent back to that session and what it broadcast to the hub. The endpoints are
 * built as the application builds them (paths, argument resolution, JSON, hubs), and
 * callbacks run on the calling thread; asynchronous return values arrive when they
 * complete, so the {@code await} methods wait for them.
 * <p>
 * The endpoints get the application's configuration: the {@code multi-ws.*} properties of
 * {@code application.properties} / {@code application.yml} on the class path (and of the
 * profiles given to the {@link Builder#profiles builder}), as Spring Boot reads them, with
 * the {@link Builder#properties(String...) builder's properties} on top. So an endpoint
 * with {@code history.message-ids} sends {@code <id>:<payload>} here as over the wire
 * (read it with {@link WsReceiver#awaitMessage()}), keeps a history, and pushes presence.
 * Settings of endpoints that are not under test are left out. Without the application's
 * files: {@link Builder#withoutApplicationConfiguration()}.
 * <pre class="code">
 * try (WsEndpointTester tester = WsEndpointTester.of(new RoomEndpoint())) {
 *     WsTestSession alice = tester.join("/rooms/a");
 *     WsTestSession bob = tester.join("/rooms/a");
 *     alice.sendText("hi");
 *     assertThat(tester.broadcasts("/rooms/a")).receivedText().isEqualTo("hi");
 *     assertThat(bob).receivedText().isEqualTo("hi");
 *     assertThat(tester.hubs()).hub("/rooms/a").hasSessions(2);
 * }
 * </pre>
 * {@code @OnHandshake} methods are not called: test them over the wire with
 * {@link WsTestClient}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsEndpointTester implements AutoCloseable {

	private final DefaultWsHubs hubs;

	private final WsEndpointMappings mappings;

	private final WsJsonCodec jsonCodec;

	private final TestJson json;

	private final Duration timeout;

	private final Map<String, ReceivedMessages> broadcasts;

	private final List<WsTestSession> sessions = new CopyOnWriteArrayList<>();

	private final AtomicLong sessionIds = new AtomicLong();

	private WsEndpointTester(Builder builder) {
		this.jsonCodec = new JacksonWsJsonCodec(builder.jsonMapper);
		this.json = new TestJson(builder.jsonMapper);
		this.timeout = builder.timeout;
		this.broadcasts = new ConcurrentHashMap<>();
		WsPayloadEncoder encoder = new WsPayloadEncoder(this.jsonCodec);
		MultiWsProperties properties = builder.properties();
		this.mappings = new WsEndpointMappings(definitions(builder, properties, encoder),
				properties.getMaxPathLength());
		MultiWsProperties.Session session = properties.getSession();
		this.hubs = new DefaultWsHubs(this.mappings, new RecordingRelay(), encoder, (event) -> {
		}, new DefaultWsHubs.Settings(properties.getMaxHubs(), session.getPingInterval(), session.getIdleTimeout(),
				properties.getShutdownTimeout()));
		// The registry's timer: presence diffs, history expiry, empty hubs, pings
		this.hubs.start();
	}

	private static List<WsEndpointDefinition> definitions(Builder builder, MultiWsProperties properties,
			WsPayloadEncoder encoder) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		builder.endpoints.forEach((name, endpoint) -> {
			Assert.isTrue(AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(endpoint), WsEndpoint.class),
					() -> "Not a @WsEndpoint bean: " + endpoint.getClass().getName());
			beanFactory.registerSingleton(name, endpoint);
		});
		List<WsArgumentResolver> resolvers = new ArrayList<>(builder.resolvers);
		resolvers.addAll(StandardArgumentResolvers.create(builder.conversionService));
		AnnotatedEndpointFactory factory = new AnnotatedEndpointFactory(new WsArgumentResolverComposite(resolvers),
				encoder.jsonCodec(), builder.conversionService);
		return new WsEndpointDefinitions(properties, factory, List.of()).create(beanFactory);
	}

	/**
	 * Create a tester of endpoint beans with the default settings.
	 * @param endpoints the {@code @WsEndpoint} beans
	 * @return the tester
	 */
	public static WsEndpointTester of(Object... endpoints) {
		Builder builder = builder();
		for (Object endpoint : endpoints) {
			builder.endpoint(endpoint);
		}
		return builder.build();
	}

	/**
	 * Start a tester with properties, a JSON mapper, extra argument resolvers or another
	 * timeout.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Join a session to a path, calling {@code @OnOpen}.
	 * @param path the path, with a query string if needed
	 * @return the session
	 */
	public WsTestSession join(String path) {
		return path(path).join();
	}

	/**
	 * Start a session with handshake headers or a principal.
	 * @param path the path, with a query string if needed
	 * @return the session spec
	 */
	public SessionSpec path(String path) {
		return new SessionSpec(path);
	}

	/**
	 * Return the registry of this tester's hubs.
	 * @return the hubs
	 */
	public WsHubs hubs() {
		return this.hubs;
	}

	/**
	 * Return what was broadcast to the hub of a path, from a callback or through
	 * {@link #hubs()}, in order: the hub's own history, kept after the hub is gone.
	 * @param path the canonical hub path
	 * @return the broadcasts
	 */
	public WsReceiver broadcasts(String path) {
		return broadcastsTo(path);
	}

	private ReceivedMessages broadcastsTo(String path) {
		return this.broadcasts.computeIfAbsent(path,
				(key) -> new ReceivedMessages("broadcasts to " + key, this.timeout, this.json, FrameFormat.PLAIN));
	}

	/**
	 * Close every session still open with 1001, calling {@code @OnClose}, and release the
	 * hubs' timers.
	 */
	@Override
	public void close() {
		this.sessions.forEach((session) -> session.closeFromClient(WsCloseStatus.GOING_AWAY));
		this.hubs.stop();
		this.hubs.destroy();
	}

	@Override
	public String toString() {
		return "WsEndpointTester of " + this.mappings;
	}

	private static Object decode(WsPayload payload) {
		return payload.isText() ? payload.asText() : payload.toBytes();
	}

	/**
	 * Builds a {@link WsEndpointTester}.
	 */
	public static final class Builder {

		private final Map<String, Object> endpoints = new LinkedHashMap<>();

		private final List<WsArgumentResolver> resolvers = new ArrayList<>();

		private @Nullable MultiWsProperties properties;

		private final List<String> inlinedProperties = new ArrayList<>();

		private final List<String> profiles = new ArrayList<>();

		private boolean applicationConfiguration = true;

		private JsonMapper jsonMapper = new JsonMapper();

		private ConversionService conversionService = ApplicationConversionService.getSharedInstance();

		private Duration timeout = WsTestClient.DEFAULT_TIMEOUT;

		private Builder() {
		}

		/**
		 * Add an endpoint bean, named as component scanning would name it.
		 * @param endpoint the {@code @WsEndpoint} bean
		 * @return this builder
		 */
		public Builder endpoint(Object endpoint) {
			return endpoint(Introspector.decapitalize(ClassUtils.getShortName(ClassUtils.getUserClass(endpoint))),
					endpoint);
		}

		/**
		 * Add an endpoint bean under a bean name.
		 * @param beanName the bean name
		 * @param endpoint the {@code @WsEndpoint} bean
		 * @return this builder
		 */
		public Builder endpoint(String beanName, Object endpoint) {
			this.endpoints.put(beanName, endpoint);
			return this;
		}

		/**
		 * Use these properties instead of the application's configuration.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder properties(MultiWsProperties properties) {
			this.properties = properties;
			return this;
		}

		/**
		 * Add properties over the application's configuration, for example to replace an
		 * endpoint's paths or limits.
		 * @param properties properties in the form {@code key=value}, such as
		 * {@code multi-ws.endpoints.chat.history.size=5}
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder properties(String... properties) {
			this.inlinedProperties.addAll(Arrays.asList(properties));
			return this;
		}

		/**
		 * Read the configuration of these profiles too ({@code application-<profile>.yml}).
		 * @param profiles the profiles
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder profiles(String... profiles) {
			this.profiles.addAll(Arrays.asList(profiles));
			return this;
		}

		/**
		 * Leave out the application's {@code application.properties} and
		 * {@code application.yml}: the endpoints get multi-ws's defaults and the
		 * {@link #properties(String...) builder's properties} only.
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder withoutApplicationConfiguration() {
			this.applicationConfiguration = false;
			return this;
		}

		/**
		 * Read and write JSON with this mapper, for example the application's.
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Add an argument resolver, as a {@link WsArgumentResolver} bean would.
		 * @param resolver the resolver
		 * @return this builder
		 */
		public Builder argumentResolver(WsArgumentResolver resolver) {
			this.resolvers.add(resolver);
			return this;
		}

		/**
		 * Wait this long in the {@code await} methods.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Build the tester.
		 * @return the tester
		 * @throws InvalidWsEndpointException if an endpoint is invalid, as at the
		 * application's start-up
		 */
		public WsEndpointTester build() {
			Assert.state(!this.endpoints.isEmpty(), "Add at least one @WsEndpoint bean");
			return new WsEndpointTester(this);
		}

		private MultiWsProperties properties() {
			if (this.properties != null) {
				return this.properties;
			}
			StandardEnvironment environment = new StandardEnvironment();
			if (this.applicationConfiguration) {
				// With the class loader that holds multi-ws, as the application's would
				ConfigDataEnvironmentPostProcessor.applyTo(environment,
						new DefaultResourceLoader(WsEndpointTester.class.getClassLoader()), null, this.profiles);
			}
			Map<String, Object> inlined = new LinkedHashMap<>();
			for (String property : this.inlinedProperties) {
				int separator = property.indexOf('=');
				Assert.isTrue(separator > 0, () -> "A property is key=value, not " + property);
				inlined.put(property.substring(0, separator).trim(), property.substring(separator + 1).trim());
			}
			environment.getPropertySources().addFirst(new MapPropertySource("WsEndpointTester", inlined));
			MultiWsProperties properties = Binder.get(environment)
				.bind("multi-ws", Bindable.ofInstance(new MultiWsProperties()))
				.orElseGet(MultiWsProperties::new);
			Set<String> tested = this.endpoints.entrySet()
				.stream()
				.map((endpoint) -> relaxed(endpointName(endpoint.getKey(), endpoint.getValue())))
				.collect(Collectors.toSet());
			properties.getEndpoints().keySet().removeIf((name) -> !tested.contains(relaxed(name)));
			return properties;
		}

		private static String endpointName(String beanName, Object endpoint) {
			WsEndpoint annotation = AnnotatedElementUtils.findMergedAnnotation(ClassUtils.getUserClass(endpoint),
					WsEndpoint.class);
			return (annotation != null && StringUtils.hasText(annotation.name())) ? annotation.name() : beanName;
		}

		// As Boot's relaxed binding compares names: case and dashes aside
		private static String relaxed(String name) {
			return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A session about to join.
	 */
	public final class SessionSpec {

		private final String path;

		private final HttpHeaders headers = new HttpHeaders();

		private @Nullable Principal principal;

		private SessionSpec(String path) {
			this.path = path;
		}

		/**
		 * Add a handshake header.
		 * @param name the name
		 * @param value the value
		 * @return this spec
		 */
		public SessionSpec header(String name, String value) {
			this.headers.add(name, value);
			return this;
		}

		/**
		 * Join as an authenticated user.
		 * @param principal the user
		 * @return this spec
		 */
		public SessionSpec principal(Principal principal) {
			this.principal = principal;
			return this;
		}

		/**
		 * Join the hub of the path and call {@code @OnOpen}.
		 * @return the session
		 * @throws IllegalArgumentException if no endpoint maps the path
		 * @throws IllegalStateException if the upgrade would be refused
		 */
		public WsTestSession join() {
			URI uri = URI.create("ws://localhost" + this.path);
			WsEndpointMatch match = WsEndpointTester.this.mappings.match(uri.getRawPath());
			Assert.isTrue(match != null, () -> "No endpoint maps " + this.path + "; the endpoints are "
					+ WsEndpointTester.this.mappings.endpoints());
			WsUpgradeRefusal refusal = WsEndpointTester.this.hubs.admissionRefusal(match);
			Assert.state(refusal == null, () -> "An upgrade to " + this.path + " would be refused with "
					+ refusal.status().value() + ": " + refusal.reason());
			ReceivedMessages messages = new ReceivedMessages(this.path, WsEndpointTester.this.timeout,
					WsEndpointTester.this.json, FrameFormat.of(match.endpoint()));
			RecordingTransport transport = new RecordingTransport(messages);
			DefaultWsSession session = new DefaultWsSession(
					"test-" + WsEndpointTester.this.sessionIds.incrementAndGet(), match, WsEndpointTester.this.hubs,
					transport, uri, HttpHeaders.readOnlyHttpHeaders(this.headers), this.principal, null,
					new ConcurrentHashMap<>());
			transport.session = session;
			WsTestSession testSession = new WsTestSession(session, messages, WsEndpointTester.this.json);
			WsEndpointTester.this.sessions.add(testSession);
			session.opened();
			return testSession;
		}

	}

	/**
	 * Records broadcasts per hub, then delivers them to this instance's sessions.
	 */
	private final class RecordingRelay implements WsRelay {

		@Override
		public int broadcast(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local) {
			broadcastsTo(path).add(decode(payload));
			return local.deliver(path, payload, excluded);
		}

	}

	/**
	 * The connection of an in-process session: records what is sent, and completes a
	 * close as a peer would, at once.
	 */
	private static final class RecordingTransport implements WsTransport {

		private final ReceivedMessages messages;

		private @Nullable DefaultWsSession session;

		RecordingTransport(ReceivedMessages messages) {
			this.messages = messages;
		}

		// Both write contracts (one message, or a batch), without @Override, so that this
		// transport fits the delivery engine before and after its batched writes
		public void send(WsPayload payload, SendCallback callback) {
			this.messages.add(decode(payload));
			callback.sendComplete(null);
		}

		public void send(List<WsPayload> payloads, SendCallback callback) {
			payloads.forEach((payload) -> this.messages.add(decode(payload)));
			callback.sendComplete(null);
		}

		@Override
		public void ping() {
			// An in-process peer is alive: it answers at once
			DefaultWsSession session = this.session;
			if (session != null) {
				session.pongReceived();
			}
		}

		@Override
		public void close(WsCloseStatus status) {
			this.messages.closed(status.code(), status.reason());
			DefaultWsSession session = this.session;
			if (session != null) {
				session.closed(status);
			}
		}

		@Override
		public void abort(WsCloseStatus status) {
			close(status);
		}

		@Override
		public <T> @Nullable T unwrap(Class<T> type) {
			return null;
		}

	}

}
