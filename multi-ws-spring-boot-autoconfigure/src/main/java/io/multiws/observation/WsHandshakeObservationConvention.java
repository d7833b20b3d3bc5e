package io.multiws.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of {@code multiws.handshake} observations; a bean of this type
 * replaces {@link DefaultWsHandshakeObservationConvention}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsHandshakeObservationConvention extends ObservationConvention<WsHandshakeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WsHandshakeObservationContext;
	}

}
