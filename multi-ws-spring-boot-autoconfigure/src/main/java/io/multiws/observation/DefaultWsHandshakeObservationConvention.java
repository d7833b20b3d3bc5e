package io.multiws.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.multiws.core.WsUpgradeRefusal;
import io.multiws.observation.WsObservationDocumentation.HighCardinalityKeyNames;
import io.multiws.observation.WsObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link WsHandshakeObservationConvention}: {@code multiws.handshake} with
 * the endpoint, template, outcome and status as low-cardinality keys, the concrete path
 * as a high-cardinality one.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class DefaultWsHandshakeObservationConvention implements WsHandshakeObservationConvention {

	private static final KeyValue ACCEPTED = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

	private static final KeyValue STATUS_SWITCHING = KeyValue.of(LowCardinalityKeyNames.STATUS, "101");

	@Override
	public String getName() {
		return "multiws.handshake";
	}

	@Override
	public String getContextualName(WsHandshakeObservationContext context) {
		return "websocket handshake " + context.getTemplate();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WsHandshakeObservationContext context) {
		KeyValues keyValues = KeyValues.of(
				KeyValue.of(LowCardinalityKeyNames.ENDPOINT, context.getMatch().endpoint().name()),
				KeyValue.of(LowCardinalityKeyNames.TEMPLATE, context.getTemplate()));
		WsUpgradeRefusal refusal = context.getRefusal();
		if (refusal == null) {
			return keyValues.and(ACCEPTED, STATUS_SWITCHING);
		}
		return keyValues.and(
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, (context.getError() != null) ? "ERROR" : "REFUSED"),
				KeyValue.of(LowCardinalityKeyNames.STATUS, String.valueOf(refusal.status().value())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WsHandshakeObservationContext context) {
		return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.PATH, context.getMatch().path()));
	}

}
