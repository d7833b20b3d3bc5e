package io.multiws.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.annotation.NonBlocking;
import io.multiws.features.HubFeatureSettings;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One {@code @WsEndpoint} bean as the runtime uses it: its name, its final path
 * patterns, its resolved settings and its callbacks.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsEndpointDefinition {

	private final String name;

	private final Object bean;

	private final List<PathPattern> patterns;

	private final EndpointSettings settings;

	private final WsEndpointHandler handler;

	private final HubFeatureSettings features;

	private final ReplySettings replies;

	private final AtomicInteger hubCount = new AtomicInteger();

	private final boolean nonBlocking;

	/**
	 * Create a definition.
	 * @param name the endpoint name
	 * @param bean the endpoint bean
	 * @param patterns the path patterns
	 * @param settings the resolved settings
	 * @param handler the callbacks
	 */
	public WsEndpointDefinition(String name, Object bean, List<PathPattern> patterns, EndpointSettings settings,
			WsEndpointHandler handler) {
		this(name, bean, patterns, settings, handler, HubFeatureSettings.none());
	}

	/**
	 * Create a definition with history or presence.
	 * @param name the endpoint name
	 * @param bean the endpoint bean
	 * @param patterns the path patterns
	 * @param settings the resolved settings
	 * @param handler the callbacks
	 * @param features the history and presence settings
	 * @since 0.2.0
	 */
	public WsEndpointDefinition(String name, Object bean, List<PathPattern> patterns, EndpointSettings settings,
			WsEndpointHandler handler, HubFeatureSettings features) {
		this(name, bean, patterns, settings, handler, features, ReplySettings.none());
	}

	/**
	 * Create a definition with history, presence or replies.
	 * @param name the endpoint name
	 * @param bean the endpoint bean
	 * @param patterns the path patterns
	 * @param settings the resolved settings
	 * @param handler the callbacks
	 * @param features the history and presence settings
	 * @param replies the request-reply settings
	 * @since 0.2.0
	 */
	public WsEndpointDefinition(String name, Object bean, List<PathPattern> patterns, EndpointSettings settings,
			WsEndpointHandler handler, HubFeatureSettings features, ReplySettings replies) {
		this.name = name;
		this.bean = bean;
		this.patterns = List.copyOf(patterns);
		this.settings = settings;
		// Decided once here: an endpoint without replies reads no envelope
		this.handler = replies.enabled() ? new RepliesEndpointHandler(handler) : handler;
		this.nonBlocking = AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(bean), NonBlocking.class);
		this.features = features;
		this.replies = replies;
	}

	public String name() {
		return this.name;
	}

	public Object bean() {
		return this.bean;
	}

	public List<PathPattern> patterns() {
		return this.patterns;
	}

	public EndpointSettings settings() {
		return this.settings;
	}

	public WsEndpointHandler handler() {
		return this.handler;
	}

	/**
	 * Whether the endpoint declares that none of its callbacks blocks
	 * ({@link NonBlocking @NonBlocking}), so that a binding may run them on an event loop.
	 * @return {@code true} for a non-blocking endpoint
	 */
	public boolean isNonBlocking() {
		return this.nonBlocking;
	}

	/**
	 * Return the history and presence settings.
	 * @return the settings
	 * @since 0.2.0
	 */
	public HubFeatureSettings features() {
		return this.features;
	}

	/**
	 * Return the request-reply settings.
	 * @return the settings
	 * @since 0.2.0
	 */
	public ReplySettings replies() {
		return this.replies;
	}

	/**
	 * Return the live hub counter of this endpoint, maintained by the registry.
	 * @return the counter
	 */
	public AtomicInteger hubCount() {
		return this.hubCount;
	}

	@Override
	public String toString() {
		return "WsEndpoint '" + this.name + "' " + this.patterns + " (" + this.bean.getClass().getName() + ")";
	}

}
