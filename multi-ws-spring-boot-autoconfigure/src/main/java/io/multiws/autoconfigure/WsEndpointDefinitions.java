package io.multiws.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.multiws.annotation.WsEndpoint;
import io.multiws.autoconfigure.MultiWsProperties.Endpoint;
import io.multiws.core.EndpointSettings;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.OriginPolicy;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointHandler;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.WsNativeHandlerAdapter;
import io.multiws.history.HubFeatureSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
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
		Map<String, WsEndpointDefinition> definitions = new LinkedHashMap<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(WsEndpoint.class)) {
			WsEndpoint annotation = beanFactory.findAnnotationOnBean(beanName, WsEndpoint.class);
			Assert.state(annotation != null, "No @WsEndpoint on " + beanName);
			String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName;
			if (definitions.containsKey(name)) {
				throw new InvalidWsEndpointException("Two @WsEndpoint beans are named '" + name + "' ('"
						+ definitions.get(name).bean().getClass().getName() + "' and bean '" + beanName
						+ "'): give them distinct names");
			}
			definitions.put(name, create(name, beanName, beanFactory.getBean(beanName), annotation));
		}
		Set<String> unknown = new TreeSet<>(this.properties.getEndpoints().keySet());
		unknown.removeAll(definitions.keySet());
		if (!unknown.isEmpty()) {
			throw new InvalidWsEndpointException("multi-ws.endpoints." + unknown.iterator().next()
					+ " names no @WsEndpoint bean. Known endpoint names (the @WsEndpoint name or the bean name): "
					+ definitions.keySet());
		}
		return new ArrayList<>(definitions.values());
	}

	private WsEndpointDefinition create(String name, String beanName, Object bean, WsEndpoint annotation) {
		Endpoint configured = this.properties.getEndpoints().get(name);
		List<String> paths = (configured != null && !configured.getPaths().isEmpty()) ? configured.getPaths()
				: List.of(annotation.paths());
		if (paths.isEmpty()) {
			throw new InvalidWsEndpointException("@WsEndpoint bean '" + beanName
					+ "' has no paths: set them on the annotation or with multi-ws.endpoints." + name + ".paths");
		}
		List<PathPattern> patterns = paths.stream().map((path) -> parse(name, path)).toList();
		EndpointSettings settings = settings(configured, annotation);
		return new WsEndpointDefinition(name, bean, patterns, settings, handler(beanName, bean, patterns),
				features(name, configured, settings));
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

	private static PathPattern parse(String name, String path) {
		if (!path.startsWith("/")) {
			throw new InvalidWsEndpointException(
					"Path '" + path + "' of WebSocket endpoint '" + name + "' must start with '/'");
		}
		try {
			return PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw new InvalidWsEndpointException("Invalid path pattern '" + path + "' of WebSocket endpoint '" + name
					+ "': " + ex.toDetailedString());
		}
	}

	private EndpointSettings settings(@Nullable Endpoint endpoint, WsEndpoint annotation) {
		MultiWsProperties.Session session = this.properties.getSession();
		MultiWsProperties.Hub hub = this.properties.getHub();
		Endpoint own = (endpoint != null) ? endpoint : new Endpoint();
		List<String> origins = or(own.getAllowedOrigins(), this.properties.getAllowedOrigins());
		List<String> originPatterns = or(own.getAllowedOriginPatterns(), this.properties.getAllowedOriginPatterns());
		return new EndpointSettings(OriginPolicy.of(origins, originPatterns),
				or(own.getSubprotocols(), List.of(annotation.subprotocols())),
				positive("max-hubs", or(own.getMaxHubs(), this.properties.getMaxHubs())),
				positive("max-sessions-per-hub", or(own.getMaxSessionsPerHub(), hub.getMaxSessions())),
				or(own.getHubEmptyTimeout(), hub.getEmptyTimeout()),
				bytes("max-text-message-size",
						or(own.getMaxTextMessageSize(), session.getMaxTextMessageSize()).toBytes()),
				bytes("max-binary-message-size",
						or(own.getMaxBinaryMessageSize(), session.getMaxBinaryMessageSize()).toBytes()),
				or(own.getSendTimeLimit(), session.getSendTimeLimit()),
				bytes("send-buffer-size", or(own.getSendBufferSize(), session.getSendBufferSize()).toBytes()),
				or(own.getOverflowPolicy(), session.getOverflowPolicy()),
				or(own.getRequireAuthentication(), false), or(own.getCompression(), session.isCompression()));
	}

	private static HubFeatureSettings features(String name, @Nullable Endpoint endpoint, EndpointSettings settings) {
		if (endpoint == null) {
			return HubFeatureSettings.none();
		}
		Endpoint.History history = endpoint.getHistory();
		Endpoint.Presence presence = endpoint.getPresence();
		String prefix = "multi-ws.endpoints." + name + ".";
		if (history.getSize() < 0) {
			throw new InvalidWsEndpointException(prefix + "history.size must not be negative, was " + history.getSize());
		}
		if (history.getTtl().isNegative()) {
			throw new InvalidWsEndpointException(prefix + "history.ttl must not be negative, was " + history.getTtl());
		}
		long maxBytes = history.getMaxBytes().toBytes();
		if (history.getSize() > 0 && (maxBytes <= 0 || maxBytes > settings.sendBufferSize())) {
			throw new InvalidWsEndpointException(prefix + "history.max-bytes (" + maxBytes
					+ "B) must be positive and at most the endpoint's send-buffer-size (" + settings.sendBufferSize()
					+ "B), which a joiner's replay is queued in");
		}
		if (history.isMessageIds() && history.getSize() == 0) {
			throw new InvalidWsEndpointException(prefix + "history.message-ids needs a history to resume from: set "
					+ prefix + "history.size");
		}
		if (presence.isPushDiffs() && !presence.isEnabled()) {
			throw new InvalidWsEndpointException(
					prefix + "presence.push-diffs needs presence: set " + prefix + "presence.enabled=true");
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

	private static int positive(String property, int value) {
		if (value <= 0) {
			throw new InvalidWsEndpointException("multi-ws " + property + " must be positive, was " + value);
		}
		return value;
	}

	private static int bytes(String property, long value) {
		if (value <= 0 || value > Integer.MAX_VALUE) {
			throw new InvalidWsEndpointException(
					"multi-ws " + property + " must be between 1B and 2GB, was " + value + "B");
		}
		return (int) value;
	}

}
