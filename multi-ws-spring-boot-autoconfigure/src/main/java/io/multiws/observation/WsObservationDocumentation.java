package io.multiws.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of multi-ws: {@code multiws.handshake} around the checks of an
 * upgrade, {@code multiws.message} around each inbound message's callback.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public enum WsObservationDocumentation implements ObservationDocumentation {

	/**
	 * The checks of an upgrade request: origin, authentication, caps and the endpoint's
	 * {@code @OnHandshake} method.
	 */
	HANDSHAKE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWsHandshakeObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.ENDPOINT, LowCardinalityKeyNames.TEMPLATE,
					LowCardinalityKeyNames.OUTCOME, LowCardinalityKeyNames.STATUS };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	},

	/**
	 * The endpoint callback of one inbound message.
	 */
	MESSAGE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWsMessageObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.ENDPOINT, LowCardinalityKeyNames.TEMPLATE,
					LowCardinalityKeyNames.OUTCOME, LowCardinalityKeyNames.MESSAGE_TYPE };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys: bounded by the number of endpoints.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The endpoint name.
		 */
		ENDPOINT {
			@Override
			public String asString() {
				return "endpoint";
			}
		},

		/**
		 * The path template the endpoint mapped the path with.
		 */
		TEMPLATE {
			@Override
			public String asString() {
				return "template";
			}
		},

		/**
		 * {@code SUCCESS}, {@code REFUSED} or {@code ERROR}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The HTTP status of a handshake: 101 when accepted, else the refusal's.
		 */
		STATUS {
			@Override
			public String asString() {
				return "status";
			}
		},

		/**
		 * {@code text} or {@code binary}.
		 */
		MESSAGE_TYPE {
			@Override
			public String asString() {
				return "message.type";
			}
		}

	}

	/**
	 * The high-cardinality keys: never metric tags.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The concrete hub path.
		 */
		PATH {
			@Override
			public String asString() {
				return "path";
			}
		}

	}

}
