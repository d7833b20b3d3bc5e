package io.multiws.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsPathTemplates;
import io.multiws.core.WsSessionListener;
import io.multiws.core.WsUpgradeRefusal;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;

/**
 * Runs each upgrade in a {@code multiws.handshake} observation, in scope on the thread
 * of its checks and stopped when the handshake has switched protocols or failed, and, for
 * the endpoints whose messages are observed, the callback of each inbound message in a
 * {@code multiws.message} observation, in scope on the callback's thread: a log line or a
 * span made in {@code @OnMessage} carries its trace. Messages are observed only where
 * asked ({@code multi-ws.observations.messages.enabled}): an observation per message
 * costs several times what the message's meters do.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ObservationWsListener implements WsListener {

	private static final WsHandshakeObservationConvention DEFAULT_HANDSHAKE_CONVENTION =
			new DefaultWsHandshakeObservationConvention();

	private static final WsMessageObservationConvention DEFAULT_MESSAGE_CONVENTION =
			new DefaultWsMessageObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WsHandshakeObservationConvention handshakeConvention;

	private final @Nullable WsMessageObservationConvention messageConvention;

	private final Predicate<WsEndpointDefinition> observesMessages;

	private final Map<TemplateKey, WsMessageKeys.Template> templateKeys = new ConcurrentHashMap<>();

	/**
	 * Create a listener with the default conventions that observes handshakes only.
	 * @param registry the observation registry
	 */
	public ObservationWsListener(ObservationRegistry registry) {
		this(registry, null, null, (endpoint) -> false);
	}

	/**
	 * Create a listener that observes handshakes only.
	 * @param registry the observation registry
	 * @param handshakeConvention the convention of handshakes, or {@code null} for the
	 * default
	 * @param messageConvention the convention of messages, or {@code null} for the default
	 */
	public ObservationWsListener(ObservationRegistry registry,
			@Nullable WsHandshakeObservationConvention handshakeConvention,
			@Nullable WsMessageObservationConvention messageConvention) {
		this(registry, handshakeConvention, messageConvention, (endpoint) -> false);
	}

	/**
	 * Create a listener.
	 * @param registry the observation registry
	 * @param handshakeConvention the convention of handshakes, or {@code null} for the
	 * default
	 * @param messageConvention the convention of messages, or {@code null} for the default
	 * @param observesMessages whether the inbound messages of an endpoint are observed
	 */
	public ObservationWsListener(ObservationRegistry registry,
			@Nullable WsHandshakeObservationConvention handshakeConvention,
			@Nullable WsMessageObservationConvention messageConvention,
			Predicate<WsEndpointDefinition> observesMessages) {
		this.registry = registry;
		this.handshakeConvention = handshakeConvention;
		this.messageConvention = messageConvention;
		this.observesMessages = observesMessages;
	}

	@Override
	public Handshake handshakeStarted(WsEndpointMatch match, HttpRequest request) {
		WsHandshakeObservationContext context = new WsHandshakeObservationContext(match, request);
		Observation observation = WsObservationDocumentation.HANDSHAKE
			.observation(this.handshakeConvention, DEFAULT_HANDSHAKE_CONVENTION, () -> context, this.registry)
			.start();
		return new ObservedHandshake(observation, context);
	}

	/**
	 * Return the listener of a session whose messages are observed, or
	 * {@link WsSessionListener#NONE}: for an endpoint whose messages are not observed, and
	 * for a session whose observations the registry disables. The registry's predicates
	 * are asked once per session, with the context of a text message: a session's
	 * messages are observed throughout or not at all, and a session whose observations
	 * are disabled (for instance by {@code management.observations.enable.multiws=false})
	 * costs nothing per message.
	 */
	@Override
	public WsSessionListener sessionOpened(WsEndpointMatch match) {
		if (!this.observesMessages.test(match.endpoint())) {
			return WsSessionListener.NONE;
		}
		String template = WsPathTemplates.of(match.endpoint(), match.path()).getPatternString();
		WsMessageObservationContext probe = new WsMessageObservationContext(match, template, true);
		Observation observation = WsObservationDocumentation.MESSAGE.observation(this.messageConvention,
				DEFAULT_MESSAGE_CONVENTION, () -> probe, this.registry);
		if (observation.isNoop()) {
			return WsSessionListener.NONE;
		}
		WsMessageKeys.Template keys = this.templateKeys.computeIfAbsent(
				new TemplateKey(match.endpoint().name(), template), (key) -> new WsMessageKeys.Template(match, template));
		return new ObservedSession(match, template, new WsMessageKeys(keys, match));
	}

	@Override
	public String toString() {
		return "ObservationWsListener[" + this.registry + "]";
	}

	/**
	 * Observes one upgrade: in scope on the thread of its checks, stopped once its
	 * outcome is known, perhaps on another thread.
	 */
	private static final class ObservedHandshake implements Handshake {

		private final Observation observation;

		private final WsHandshakeObservationContext context;

		private final Thread checks = Thread.currentThread();

		private Observation.@Nullable Scope scope;

		ObservedHandshake(Observation observation, WsHandshakeObservationContext context) {
			this.observation = observation;
			this.context = context;
			this.scope = observation.openScope();
		}

		@Override
		public void checked() {
			closeScope();
		}

		@Override
		public void finished(@Nullable WsUpgradeRefusal refusal, @Nullable Throwable failure) {
			if (Thread.currentThread() == this.checks) {
				closeScope();
			}
			this.context.setRefusal(refusal);
			if (failure != null) {
				this.observation.error(failure);
			}
			this.observation.stop();
		}

		private void closeScope() {
			Observation.Scope scope = this.scope;
			if (scope != null) {
				this.scope = null;
				scope.close();
			}
		}

	}

	/**
	 * Observes the callbacks of one session, which runs one at a time.
	 */
	private final class ObservedSession implements WsSessionListener {

		private final WsEndpointMatch match;

		private final String template;

		private final WsMessageKeys keys;

		private @Nullable Observation current;

		ObservedSession(WsEndpointMatch match, String template, WsMessageKeys keys) {
			this.match = match;
			this.template = template;
			this.keys = keys;
		}

		@Override
		public Scope messageReceived(Object message) {
			WsMessageObservationContext context = new WsMessageObservationContext(this.match, this.template,
					message instanceof String, this.keys);
			Observation observation = WsObservationDocumentation.MESSAGE
				.observation(ObservationWsListener.this.messageConvention, DEFAULT_MESSAGE_CONVENTION, () -> context,
						ObservationWsListener.this.registry)
				.start();
			Observation.Scope scope = observation.openScope();
			this.current = observation;
			return () -> {
				this.current = null;
				scope.close();
				observation.stop();
			};
		}

		@Override
		public void callbackFailed(String callback, Throwable failure) {
			Observation observation = this.current;
			if (observation != null) {
				observation.error(failure);
			}
		}

	}

	/**
	 * An endpoint template, whose sessions share the low-cardinality keys.
	 *
	 * @param endpoint the endpoint name
	 * @param template the path template
	 */
	private record TemplateKey(String endpoint, String template) {

	}

}
