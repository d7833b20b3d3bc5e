package io.multiws.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.multiws.core.WsEndpointMatch;
import io.multiws.observation.WsObservationDocumentation.HighCardinalityKeyNames;
import io.multiws.observation.WsObservationDocumentation.LowCardinalityKeyNames;

/**
 * The key values and contextual name of the default message convention for one session,
 * built once when it opens rather than for every message: the low-cardinality ones are
 * shared by every session of a template.
 *
 * @author multi-ws team
 */
final class WsMessageKeys {

	private static final KeyValue SUCCESS = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

	private static final KeyValue ERROR = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "ERROR");

	private static final KeyValue TEXT = KeyValue.of(LowCardinalityKeyNames.MESSAGE_TYPE, "text");

	private static final KeyValue BINARY = KeyValue.of(LowCardinalityKeyNames.MESSAGE_TYPE, "binary");

	private final Template template;

	private final KeyValues high;

	WsMessageKeys(Template template, WsEndpointMatch match) {
		this.template = template;
		this.high = highCardinality(match);
	}

	KeyValues lowCardinality(boolean error, boolean text) {
		return this.template.low[(error ? 2 : 0) + (text ? 0 : 1)];
	}

	KeyValues highCardinality() {
		return this.high;
	}

	String contextualName() {
		return this.template.contextualName;
	}

	static KeyValues lowCardinality(WsEndpointMatch match, String template, boolean error, boolean text) {
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.ENDPOINT, match.endpoint().name()),
				KeyValue.of(LowCardinalityKeyNames.TEMPLATE, template), error ? ERROR : SUCCESS,
				text ? TEXT : BINARY);
	}

	static KeyValues highCardinality(WsEndpointMatch match) {
		return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.PATH, match.path()));
	}

	static String contextualName(String template) {
		return "websocket message " + template;
	}

	/**
	 * The keys of every session of one endpoint template.
	 */
	static final class Template {

		private final KeyValues[] low;

		private final String contextualName;

		Template(WsEndpointMatch match, String template) {
			this.low = new KeyValues[] { lowCardinality(match, template, false, true),
					lowCardinality(match, template, false, false), lowCardinality(match, template, true, true),
					lowCardinality(match, template, true, false) };
			this.contextualName = contextualName(template);
		}

	}

}
