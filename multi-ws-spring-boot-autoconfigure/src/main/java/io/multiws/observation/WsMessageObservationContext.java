package io.multiws.observation;

import io.micrometer.observation.Observation;
import io.multiws.core.WsEndpointMatch;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code multiws.message} observation: one inbound message of a
 * session and the endpoint that handles it.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsMessageObservationContext extends Observation.Context {

	private final WsEndpointMatch match;

	private final String template;

	private final boolean text;

	private final @Nullable WsMessageKeys keys;

	/**
	 * Create a context.
	 * @param match the endpoint and hub of the session
	 * @param template the path template the endpoint mapped the path with
	 * @param text whether the message is text rather than binary
	 */
	public WsMessageObservationContext(WsEndpointMatch match, String template, boolean text) {
		this(match, template, text, null);
	}

	WsMessageObservationContext(WsEndpointMatch match, String template, boolean text, @Nullable WsMessageKeys keys) {
		this.match = match;
		this.template = template;
		this.text = text;
		this.keys = keys;
	}

	/**
	 * Return the endpoint and hub of the session.
	 * @return the match
	 */
	public WsEndpointMatch getMatch() {
		return this.match;
	}

	/**
	 * Return the path template the endpoint mapped the path with.
	 * @return the template
	 */
	public String getTemplate() {
		return this.template;
	}

	/**
	 * Whether the message is text.
	 * @return {@code true} for text, {@code false} for binary
	 */
	public boolean isText() {
		return this.text;
	}

	/**
	 * Return the key values of the default convention built when the session opened.
	 * @return the keys, or {@code null} for a context made elsewhere
	 */
	@Nullable WsMessageKeys keys() {
		return this.keys;
	}

}
