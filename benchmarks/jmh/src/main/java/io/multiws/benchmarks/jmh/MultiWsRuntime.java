package io.multiws.benchmarks.jmh;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.EndpointSettings;
import io.multiws.core.LocalWsRelay;
import io.multiws.core.OriginPolicy;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsPayloadEncoder;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolverComposite;
import io.multiws.features.HubFeatureSettings;
import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsJsonCodec;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The real multi-ws runtime, put together as the auto-configuration does (endpoint
 * mappings, annotated handlers, registry), without a web server: sessions run over
 * {@link CountingTransport}s.
 *
 * @author multi-ws team
 */
final class MultiWsRuntime {

	private static final int LIMIT = 1_000_000;

	private final WsEndpointMappings mappings;

	private final DefaultWsHubs hubs;

	private final List<CountingTransport> transports = new ArrayList<>();

	private int sessionIds;

	/**
	 * Create a runtime of annotated endpoint beans.
	 * @param endpoints the endpoint beans by name, each with its path pattern
	 */
	MultiWsRuntime(Map<String, Endpoint> endpoints) {
		ConversionService conversion = DefaultConversionService.getSharedInstance();
		AnnotatedEndpointFactory factory = new AnnotatedEndpointFactory(
				new WsArgumentResolverComposite(StandardArgumentResolvers.create(conversion)), WsJsonCodec.unavailable(),
				conversion);
		EndpointSettings settings = new EndpointSettings(OriginPolicy.sameOrigin(), List.of(), LIMIT, LIMIT,
				Duration.ZERO, 65_536, 65_536, Duration.ofSeconds(10), 1_048_576, OverflowPolicy.CLOSE, false);
		List<WsEndpointDefinition> definitions = new ArrayList<>();
		endpoints.forEach((name, endpoint) -> {
			List<PathPattern> patterns = List.of(PathPatternParser.defaultInstance.parse(endpoint.pattern()));
			definitions.add(new WsEndpointDefinition(name, endpoint.bean(), patterns, settings,
					factory.create(name, endpoint.bean(), patterns), endpoint.features()));
		});
		this.mappings = new WsEndpointMappings(definitions, 1024);
		this.hubs = new DefaultWsHubs(this.mappings, new LocalWsRelay(), new WsPayloadEncoder(WsJsonCodec.unavailable()),
				(event) -> {
				}, new DefaultWsHubs.Settings(LIMIT, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
	}

	/**
	 * Open a session on a path, joining (and creating) its hub as an upgrade would.
	 * @param path the raw request path
	 * @return the open session
	 */
	DefaultWsSession open(String path) {
		return open(path, new CountingTransport());
	}

	/**
	 * Open a session on a path over a given transport.
	 * @param path the raw request path
	 * @param transport the transport
	 * @return the open session
	 */
	DefaultWsSession open(String path, CountingTransport transport) {
		WsEndpointMatch match = this.mappings.match(path);
		Assert.state(match != null, () -> "No endpoint maps " + path);
		DefaultWsSession session = new DefaultWsSession(Integer.toString(this.sessionIds++), match, this.hubs,
				transport, URI.create("ws://localhost" + path), HttpHeaders.EMPTY, null, null,
				new ConcurrentHashMap<>());
		session.opened();
		Assert.state(session.isOpen(), () -> "Session on " + path + " did not open");
		this.transports.add(transport);
		return session;
	}

	WsEndpointMappings mappings() {
		return this.mappings;
	}

	DefaultWsHubs hubs() {
		return this.hubs;
	}

	/**
	 * Return the number of messages every transport has written.
	 * @return the message count
	 */
	long messagesSent() {
		return this.transports.stream().mapToLong(CountingTransport::messages).sum();
	}

	/**
	 * An endpoint bean and its path pattern.
	 *
	 * @param pattern the path pattern
	 * @param bean the annotated bean
	 * @param features its history and presence settings
	 */
	record Endpoint(String pattern, Object bean, HubFeatureSettings features) {

		Endpoint(String pattern, Object bean) {
			this(pattern, bean, HubFeatureSettings.none());
		}

	}

}
