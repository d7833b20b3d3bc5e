package io.multiws.actuate;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.multiws.core.DefaultWsHubs;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code multiws} endpoint with a write operation that closes one hub: its sessions
 * are closed with 1001. Registered instead of {@link MultiWsEndpoint} only with
 * {@code multi-ws.actuator.hub-close-enabled=true}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@Endpoint(id = "multiws")
public class MultiWsWritableEndpoint extends MultiWsEndpoint {

	/**
	 * Create an endpoint.
	 * @param hubs the hub registry
	 * @param clock the clock of hub ages
	 */
	public MultiWsWritableEndpoint(DefaultWsHubs hubs, Clock clock) {
		super(hubs, clock);
	}

	/**
	 * Create an endpoint.
	 * @param hubs the hub registry
	 * @param clock the clock of hub ages
	 * @param relay describes the relay when asked
	 * @since 0.2.0
	 */
	public MultiWsWritableEndpoint(DefaultWsHubs hubs, Clock clock, Supplier<RelayDescriptor> relay) {
		super(hubs, clock, relay);
	}

	/**
	 * Close the sessions of one hub with 1001.
	 * @param endpoint the endpoint name
	 * @param path the hub path
	 * @return what was closed; 404 if the endpoint has no such hub, 400 if the path is
	 * not a valid hub path
	 */
	@WriteOperation
	public WebEndpointResponse<ClosedHub> closeHub(@Selector String endpoint, String path) {
		Optional<WsHub> found;
		try {
			found = getHubs().find(path).filter((hub) -> hub.endpoint().equals(endpoint));
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		if (found.isEmpty()) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		WsHub hub = found.get();
		int closed = 0;
		for (WsSession session : hub.sessions()) {
			session.close(WsCloseStatus.GOING_AWAY.withReason("Hub closed by an operator"));
			closed++;
		}
		return new WebEndpointResponse<>(new ClosedHub(endpoint, hub.path(), closed));
	}

	/**
	 * The outcome of closing a hub.
	 *
	 * @param endpoint the endpoint name
	 * @param path the hub path
	 * @param closedSessions the number of sessions closed with 1001
	 */
	public record ClosedHub(String endpoint, String path, int closedSessions) implements OperationResponseBody {

	}

}
