package io.multiws.observation;

import io.micrometer.observation.transport.ReceiverContext;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsPathTemplates;
import io.multiws.core.WsUpgradeRefusal;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;

/**
 * The context of a {@code multiws.handshake} observation: the upgrade request, whose
 * headers carry the caller's trace, and the refusal if there is one.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHandshakeObservationContext extends ReceiverContext<HttpRequest> {

	private final WsEndpointMatch match;

	private final String template;

	private @Nullable WsUpgradeRefusal refusal;

	/**
	 * Create a context.
	 * @param match the endpoint and hub of the request
	 * @param request the request
	 */
	public WsHandshakeObservationContext(WsEndpointMatch match, HttpRequest request) {
		super((carrier, key) -> carrier.getHeaders().getFirst(key));
		this.match = match;
		this.template = WsPathTemplates.of(match.endpoint(), match.path()).getPatternString();
		setCarrier(request);
	}

	/**
	 * Return the endpoint and hub of the request.
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
	 * Return the refusal of the upgrade.
	 * @return the refusal, or {@code null} if it proceeds (or the checks still run)
	 */
	public @Nullable WsUpgradeRefusal getRefusal() {
		return this.refusal;
	}

	/**
	 * Set the refusal of the upgrade.
	 * @param refusal the refusal, or {@code null}
	 */
	public void setRefusal(@Nullable WsUpgradeRefusal refusal) {
		this.refusal = refusal;
	}

}
