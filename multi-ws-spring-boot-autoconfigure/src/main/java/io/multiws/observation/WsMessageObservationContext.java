package io.multiws.observation;

import io.micrometer.observation.Observation;
import io.multiws.core.WsEndpointMatch;

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

	/**
	 * Create a context.
	 * @param match the endpoint and hub of the session
	 * @param template the path template the endpoint mapped the path with
	 * @param text whether the message is text rather than binary
	 */
	public WsMessageObservationContext(WsEndpointMatch match, String template, boolean text) {
		this.match = match;
		this.template = template;
		this.text = text;
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

}
