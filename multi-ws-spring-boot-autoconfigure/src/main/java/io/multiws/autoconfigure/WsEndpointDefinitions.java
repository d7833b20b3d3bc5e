package io.multiws.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.multiws.annotation.WsEndpoint;
import io.multiws.autoconfigure.MultiWsProperties.Endpoint;
import io.multiws.autoconfigure.WsEndpointKeys.Configured;
import io.multiws.core.EndpointSettings;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.OriginPolicy;
import io.multiws.core.ReplySettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointHandler;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.WsNativeHandlerAdapter;
import io.multiws.features.HubFeatureSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Builds the {@link WsEndpointDefinition}s of the {@code @WsEndpoint} beans of a context:
 * final paths (configuration first), settings (endpoint values over global ones) and
 * handlers. Public for the in-process endpoint tester of {@code multi-ws-test}, which
 * builds its endpoints exactly as the application does.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsEndpointDefinitions {

	private static final String PREFIX = "multi-ws.endpoints.";

	private final MultiWsProperties properties;

	private final AnnotatedEndpointFactory annotatedFactory;

	private final List<WsNativeHandlerAdapter> nativeAdapters;

	/**
	 * Create a builder of endpoint definitions.
	 * @param properties the multi-ws properties
	 * @param annotatedFactory the factory of annotated endpoint handlers
	 * @param nativeAdapters the adapters of endpoints written against a web stack's API
	 */
	public WsEndpointDefinitions(MultiWsProperties properties, AnnotatedEndpointFactory annotatedFactory,
			List<WsNativeHandlerAdapter> nativeAdapters) {
		this.properties = properties;
		this.annotatedFactory = annotatedFactory;
		this.nativeAdapters = nativeAdapters;
	}

	/**
	 * Create the definitions of every {@code @WsEndpoint} bean of a bean factory.
	 * @param beanFactory the bean factory
	 * @return the definitions
	 * @throws InvalidWsEndpointException naming the endpoint and the mistake
	 */
	public List<WsEndpointDefinition> create(ListableBeanFactory beanFactory) {
		Map<String, String> beanNames = new LinkedHashMap<>();
		Map<String, WsEndpoint> annotations = new HashMap<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(WsEndpoint.class)) {
			WsEndpoint annotation = beanFactory.findAnnotationOnBean(beanName, WsEndpoint.class);
			Assert.state(annotation != null, "No @WsEndpoint on " + beanName);
			String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName;
			WsEndpointKeys.checkDistinct(name, beanName, beanNames);
			beanNames.put(name, beanName);
			annotations.put(name, annotation);
		}
		Map<String, Configured> configured = WsEndpointKeys.configured(this.properties.getEndpoints(),
				beanNames.keySet());
		List<WsEndpointDefinition> definitions = new ArrayList<>();
		beanNames.forEach((name, beanName) -> definitions.add(create(name, beanName, beanFactory.getBean(beanName),
				annotations.get(name), configured.get(name))));
		return definitions;
	}

	private WsEndpointDefinition create(String name, String beanName, Object bean, WsEndpoint annotation,
			@Nullable Configured configured) {
		Endpoint endpoint = (configured != null) ? configured.endpoint() : null;
		String key = (configured != null) ? configured.key() : WsEndpointKeys.toKebabCase(name);
		boolean fromProperties = endpoint != null && !endpoint.getPaths().isEmpty();
		List<String> paths = fromProperties ? endpoint.getPaths() : List.of(annotation.paths());
		if (paths.isEmpty()) {
			throw new InvalidWsEndpointException("@WsEndpoint bean '" + beanName + "' has no paths",
					"Set them on the annotation or with " + PREFIX + key + ".paths");
		}
		String source = fromProperties ? PREFIX + key + ".paths" : null;
		List<PathPattern> patterns = paths.stream().map((path) -> parse(name, path, source)).toList();
		EndpointSettings settings = settings(key, endpoint, annotation);
		WsEndpointHandler handler = handler(beanName, bean, patterns);
		return new WsEndpointDefinition(name, bean, patterns, settings, handler, features(key, endpoint, settings),
				replies(key, beanName, endpoint, handler));
	}

	private static ReplySettings replies(String key, String beanName, @Nullable Endpoint endpoint,
			WsEndpointHandler handler) {
		if (endpoint == null || !endpoint.getReplies().isEnabled()) {
			return ReplySettings.none();
		}
		String prefix = PREFIX + key + ".replies.";
		int maxPending = endpoint.getReplies().getMaxPending();
		if (maxPending <= 0) {
			throw new InvalidWsEndpointPropertyException(prefix + "max-pending",
					prefix + "max-pending must be positive, was " + maxPending,
					"Set it to the number of requests a session may have pending in each direction, such as "
							+ ReplySettings.DEFAULT_MAX_PENDING);
		}
		if (!handler.handlesRequests()) {
			throw new InvalidWsEndpointPropertyException(prefix + "enabled", "@WsEndpoint bean '" + beanName
					+ "' cannot answer requests: it is a WebSocketHandler, whose messages have no result",
					"Write the endpoint with @OnMessage methods, whose results answer requests, or remove " + prefix
							+ "enabled");
		}
		return new ReplySettings(true, maxPending);
	}

	private WsEndpointHandler handler(String beanName, Object bean, List<PathPattern> patterns) {
		for (WsNativeHandlerAdapter adapter : this.nativeAdapters) {
			WsEndpointHandler handler = adapter.adapt(bean);
			if (handler != null) {
				if (AnnotatedEndpointFactory.hasCallbacks(bean.getClass())) {
					throw new InvalidWsEndpointException("@WsEndpoint bean '" + beanName
							+ "' is a WebSocketHandler and also declares @OnOpen/@OnMessage/@OnClose/@OnError methods: "
							+ "use one style or the other");
				}
				return handler;
			}
		}
		return this.annotatedFactory.create(beanName, bean, patterns);
	}

	private static PathPattern parse(String name, String path, @Nullable String property) {
		if (!path.startsWith("/")) {
			throw invalid(property, "Path '" + path + "' of WebSocket endpoint '" + name + "' must start with '/'",
					"Start every path pattern with '/'");
		}
		try {
			return PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw invalid(property, "Invalid path pattern '" + path + "' of WebSocket endpoint '" + name + "': "
					+ ex.toDetailedString(), "Fix the pattern: see Spring's PathPattern syntax");
		}
	}

	private static InvalidWsEndpointException invalid(@Nullable String property, String message, String action) {
		return (property != null) ? new InvalidWsEndpointPropertyException(property, message, action)
				: new InvalidWsEndpointException(message, action);
	}

	private EndpointSettings settings(String key, @Nullable Endpoint endpoint, WsEndpoint annotation) {
		MultiWsProperties.Session session = this.properties.getSession();
		MultiWsProperties.Hub hub = this.properties.getHub();
		Endpoint own = (endpoint != null) ? endpoint : new Endpoint();
		String prefix = PREFIX + key + ".";
		List<String> origins = or(own.getAllowedOrigins(), this.properties.getAllowedOrigins());
		List<String> originPatterns = or(own.getAllowedOriginPatterns(), this.properties.getAllowedOriginPatterns());
		return new EndpointSettings(OriginPolicy.of(origins, originPatterns),
				or(own.getSubprotocols(), List.of(annotation.subprotocols())),
				positive(own.getMaxHubs(), prefix + "max-hubs", this.properties.getMaxHubs(), "multi-ws.max-hubs"),
				positive(own.getMaxSessionsPerHub(), prefix + "max-sessions-per-hub", hub.getMaxSessions(),
						"multi-ws.hub.max-sessions"),
				or(own.getHubEmptyTimeout(), hub.getEmptyTimeout()),
				bytes(own.getMaxTextMessageSize(), prefix + "max-text-message-size", session.getMaxTextMessageSize(),
						"multi-ws.session.max-text-message-size"),
				bytes(own.getMaxBinaryMessageSize(), prefix + "max-binary-message-size",
						session.getMaxBinaryMessageSize(), "multi-ws.session.max-binary-message-size"),
				or(own.getSendTimeLimit(), session.getSendTimeLimit()),
				bytes(own.getSendBufferSize(), prefix + "send-buffer-size", session.getSendBufferSize(),
						"multi-ws.session.send-buffer-size"),
				or(own.getOverflowPolicy(), session.getOverflowPolicy()),
				or(own.getRequireAuthentication(), false), or(own.getCompression(), session.isCompression()));
	}

	private static HubFeatureSettings features(String key, @Nullable Endpoint endpoint, EndpointSettings settings) {
		if (endpoint == null) {
			return HubFeatureSettings.none();
		}
		Endpoint.History history = endpoint.getHistory();
		Endpoint.Presence presence = endpoint.getPresence();
		String prefix = PREFIX + key + ".";
		if (history.getSize() < 0) {
			throw new InvalidWsEndpointPropertyException(prefix + "history.size",
					prefix + "history.size must not be negative, was " + history.getSize(),
					"Set it to 0 for no history, or to the number of broadcasts each hub keeps");
		}
		if (history.getTtl().isNegative()) {
			throw new InvalidWsEndpointPropertyException(prefix + "history.ttl",
					prefix + "history.ttl must not be negative, was " + history.getTtl(),
					"Set it to 0 for no age limit, or to the age after which broadcasts are dropped");
		}
		long maxBytes = history.getMaxBytes().toBytes();
		if (history.getSize() > 0 && (maxBytes <= 0 || maxBytes > settings.sendBufferSize())) {
			throw new InvalidWsEndpointPropertyException(prefix + "history.max-bytes", prefix + "history.max-bytes ("
					+ maxBytes + "B) must be positive and at most the endpoint's send-buffer-size ("
					+ settings.sendBufferSize() + "B), which a joiner's replay is queued in",
					"Lower " + prefix + "history.max-bytes, or raise " + prefix + "send-buffer-size");
		}
		if (history.isMessageIds() && history.getSize() == 0) {
			throw new InvalidWsEndpointPropertyException(prefix + "history.message-ids",
					prefix + "history.message-ids needs a history to resume from: set " + prefix + "history.size",
					"Set " + prefix + "history.size, or remove " + prefix + "history.message-ids");
		}
		if (presence.isPushDiffs() && !presence.isEnabled()) {
			throw new InvalidWsEndpointPropertyException(prefix + "presence.push-diffs",
					prefix + "presence.push-diffs needs presence: set " + prefix + "presence.enabled=true",
					"Set " + prefix + "presence.enabled=true, or remove " + prefix + "presence.push-diffs");
		}
		return new HubFeatureSettings(history.getSize(), history.getTtl(), (int) maxBytes, history.isMessageIds(),
				presence.isEnabled(), presence.isPushDiffs(), presence.getAnonymousView(),
				presenceStateMaxBytes(settings, (history.getSize() > 0) ? maxBytes : 0));
	}

	/**
	 * Return the most a presence state may take: half of what a joiner's send buffer
	 * leaves after a full history replay, the other half for what comes live meanwhile.
	 */
	private static int presenceStateMaxBytes(EndpointSettings settings, long replayBytes) {
		return (int) ((settings.sendBufferSize() - replayBytes) / 2);
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static int positive(@Nullable Integer own, String property, int global, String globalProperty) {
		int value = or(own, global);
		if (value <= 0) {
			String name = (own != null) ? property : globalProperty;
			throw new InvalidWsEndpointPropertyException(name, name + " must be positive, was " + value,
					"Set " + name + " to a positive number");
		}
		return value;
	}

	private static int bytes(@Nullable DataSize own, String property, DataSize global, String globalProperty) {
		long value = or(own, global).toBytes();
		if (value <= 0 || value > Integer.MAX_VALUE) {
			String name = (own != null) ? property : globalProperty;
			throw new InvalidWsEndpointPropertyException(name, name + " must be between 1B and 2GB, was " + value + "B",
					"Set " + name + " to a size such as 64KB");
		}
		return (int) value;
	}

}
