package io.multiws.core;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;

/**
 * The checks multi-ws makes on every upgrade before the handshake, the same on every web
 * stack: origin (403), then shutdown and hub caps (503). A refused upgrade creates no
 * hub.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsUpgradeChecks {

	private final DefaultWsHubs hubs;

	/**
	 * Create the checks.
	 * @param hubs the hub registry
	 */
	public WsUpgradeChecks(DefaultWsHubs hubs) {
		this.hubs = hubs;
	}

	/**
	 * Check an upgrade request.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @return the refusal, or {@code null} to go on with the handshake
	 */
	public @Nullable WsUpgradeRefusal check(WsEndpointMatch match, HttpRequest request) {
		if (!match.endpoint().settings().originPolicy().isAllowed(request)) {
			return new WsUpgradeRefusal(HttpStatus.FORBIDDEN,
					"Origin not allowed: " + request.getHeaders().getOrigin() + " (multi-ws.allowed-origins)");
		}
		String problem = this.hubs.admissionProblem(match);
		return (problem != null) ? new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, problem) : null;
	}

	/**
	 * Return the registry.
	 * @return the hubs
	 */
	public DefaultWsHubs hubs() {
		return this.hubs;
	}

}
