package io.multiws.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link WsMessageObservationConvention}: {@code multiws.message} with the
 * endpoint, template, outcome and message type as low-cardinality keys, the concrete
 * path as a high-cardinality one. For the sessions of multi-ws's own listener they are
 * built once per template and session, not per message.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class DefaultWsMessageObservationConvention implements WsMessageObservationConvention {

	@Override
	public String getName() {
		return "multiws.message";
	}

	@Override
	public String getContextualName(WsMessageObservationContext context) {
		WsMessageKeys keys = context.keys();
		return (keys != null) ? keys.contextualName() : WsMessageKeys.contextualName(context.getTemplate());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WsMessageObservationContext context) {
		WsMessageKeys keys = context.keys();
		boolean error = context.getError() != null;
		return (keys != null) ? keys.lowCardinality(error, context.isText())
				: WsMessageKeys.lowCardinality(context.getMatch(), context.getTemplate(), error, context.isText());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WsMessageObservationContext context) {
		WsMessageKeys keys = context.keys();
		return (keys != null) ? keys.highCardinality() : WsMessageKeys.highCardinality(context.getMatch());
	}

}
