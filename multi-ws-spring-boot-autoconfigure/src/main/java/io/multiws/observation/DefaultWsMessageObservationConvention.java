package io.multiws.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.multiws.observation.WsObservationDocumentation.HighCardinalityKeyNames;
import io.multiws.observation.WsObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link WsMessageObservationConvention}: {@code multiws.message} with the
 * endpoint, template, outcome and message type as low-cardinality keys, the concrete
 * path as a high-cardinality one.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class DefaultWsMessageObservationConvention implements WsMessageObservationConvention {

	private static final KeyValue SUCCESS = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

	private static final KeyValue ERROR = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "ERROR");

	private static final KeyValue TEXT = KeyValue.of(LowCardinalityKeyNames.MESSAGE_TYPE, "text");

	private static final KeyValue BINARY = KeyValue.of(LowCardinalityKeyNames.MESSAGE_TYPE, "binary");

	@Override
	public String getName() {
		return "multiws.message";
	}

	@Override
	public String getContextualName(WsMessageObservationContext context) {
		return "websocket message " + context.getTemplate();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WsMessageObservationContext context) {
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.ENDPOINT, context.getMatch().endpoint().name()),
				KeyValue.of(LowCardinalityKeyNames.TEMPLATE, context.getTemplate()),
				(context.getError() != null) ? ERROR : SUCCESS, context.isText() ? TEXT : BINARY);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WsMessageObservationContext context) {
		return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.PATH, context.getMatch().path()));
	}

}
