package io.multiws.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of {@code multiws.message} observations; a bean of this type
 * replaces {@link DefaultWsMessageObservationConvention}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsMessageObservationConvention extends ObservationConvention<WsMessageObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WsMessageObservationContext;
	}

}
