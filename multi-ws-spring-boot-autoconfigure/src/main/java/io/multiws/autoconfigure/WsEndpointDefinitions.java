package io.multiws.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
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
			checkDistinct(name, beanName, beanNames);
			beanNames.put(name, beanName);
			annotations.put(name, annotation);
		}
		Map<String, Configured> configured = configured(beanNames.keySet());
		List<WsEndpointDefinition> definitions = new ArrayList<>();
		beanNames.forEach((name, beanName) -> definitions.add(create(name, beanName, beanFactory.getBean(beanName),
				annotations.get(name), configured.get(name))));
		return definitions;
	}

	/**
	 * Return the name of an endpoint as its key under {@code multi-ws.endpoints} is best
	 * written: in kebab-case, as Spring Boot's own properties are ({@code game-endpoint}
	 * for the bean {@code gameEndpoint}).
	 * @param name the endpoint name
	 * @return the name in kebab-case
	 */
	public static String toKebabCase(String name) {
		return DataObjectPropertyName.toDashedForm(name);
	}

	/**
	 * Return the form in which a key under {@code multi-ws.endpoints} and an endpoint name
	 * are compared: as Spring Boot's relaxed binding compares property names, case,
	 * dashes and underscores do not count ({@code game-endpoint}, {@code gameEndpoint}
	 * and {@code GAME_ENDPOINT} are one name).
	 */
	private static String relaxed(String name) {
		StringBuilder relaxed = new StringBuilder(name.length());
		for (char c : name.toCharArray()) {
			if (c != '-' && c != '_') {
				relaxed.append(Character.toLowerCase(c));
			}
		}
		return relaxed.toString();
	}

	private static void checkDistinct(String name, String beanName, Map<String, String> beanNames) {
		for (Map.Entry<String, String> other : beanNames.entrySet()) {
			if (relaxed(other.getKey()).equals(relaxed(name))) {
				String names = other.getKey().equals(name) ? "are both named '" + name + "'"
						: "are named '" + other.getKey() + "' and '" + name
								+ "', which are one name under multi-ws.endpoints";
				throw new InvalidWsEndpointException("The @WsEndpoint beans '" + other.getValue() + "' and '"
						+ beanName + "' " + names, "Give them distinct names with @WsEndpoint(name = ...)");
			}
		}
	}

	private Map<String, Configured> configured(Set<String> names) {
		Map<String, String> byRelaxedName = new HashMap<>();
		names.forEach((name) -> byRelaxedName.put(relaxed(name), name));
		Map<String, Configured> configured = new HashMap<>();
		this.properties.getEndpoints().forEach((key, endpoint) -> {
			String name = byRelaxedName.get(relaxed(key));
			if (name == null) {
				throw unknownEndpoint(key, names);
			}
			Configured previous = configured.putIfAbsent(name, new Configured(key, endpoint));
			if (previous != null) {
				throw new InvalidWsEndpointPropertyException(PREFIX + key,
						PREFIX + previous.key() + " and " + PREFIX + key + " both configure WebSocket endpoint '"
								+ name + "'",
						"Configure each endpoint under one key, such as " + PREFIX + toKebabCase(name));
			}
		});
		return configured;
	}

	private static InvalidWsEndpointPropertyException unknownEndpoint(String key, Set<String> names) {
		String known = names.isEmpty() ? "none (the application has no @WsEndpoint bean)"
				: names.stream().sorted().map(WsEndpointDefinitions::describeName).collect(Collectors.joining(", "));
		String closest = closest(key, names);
		return new InvalidWsEndpointPropertyException(PREFIX + key,
				PREFIX + key + " names no @WsEndpoint bean. Known endpoint names: " + known,
				((closest != null) ? "Did you mean '" + toKebabCase(closest) + "'? " : "")
						+ "Use the name of one of the application's @WsEndpoint beans as the key under "
						+ "multi-ws.endpoints (its name attribute, else its bean name, in kebab-case or as declared), "
						+ "or remove the entry. Known endpoint names: " + known);
	}

	private static String describeName(String name) {
		String kebab = toKebabCase(name);
		return kebab.equals(name) ? "'" + name + "'" : "'" + kebab + "' (declared '" + name + "')";
	}

	private static @Nullable String closest(String key, Set<String> names) {
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (String name : names) {
			int distance = distance(relaxed(key), relaxed(name));
			if (distance < best) {
				best = distance;
				closest = name;
			}
		}
		return (closest != null && best <= Math.max(2, relaxed(closest).length() / 3)) ? closest : null;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private WsEndpointDefinition create(String name, String beanName, Object bean, WsEndpoint annotation,
			@Nullable Configured configured) {
		Endpoint endpoint = (configured != null) ? configured.endpoint() : null;
		String key = (configured != null) ? configured.key() : toKebabCase(name);
		boolean fromProperties = endpoint != null && !endpoint.getPaths().isEmpty();
		List<String> paths = fromProperties ? endpoint.getPaths() : List.of(annotation.paths());
		if (paths.isEmpty()) {
			throw new InvalidWsEndpointException("@WsEndpoint bean '" + beanName + "' has no paths",
					"Set them on the annotation or with " + PREFIX + key + ".paths");
		}
		String source = fromProperties ? PREFIX + key + ".paths" : null;
		List<PathPattern> patterns = paths.stream().map((path) -> parse(name, path, source)).toList();
		EndpointSettings settings = settings(key, endpoint, annotation);
		return new WsEndpointDefinition(name, bean, patterns, settings, handler(beanName, bean, patterns),
				features(key, endpoint, settings));
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

	private record Configured(String key, Endpoint endpoint) {

	}

}
