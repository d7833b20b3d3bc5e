package io.multiws.core;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The default relay: delivers every broadcast to this instance's sessions only.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class LocalWsRelay implements WsRelay {

	@Override
	public int broadcast(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local) {
		return local.deliver(path, payload, excluded);
	}

	@Override
	public String toString() {
		return "LocalWsRelay";
	}

}
