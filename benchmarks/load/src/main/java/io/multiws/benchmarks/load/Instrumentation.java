package io.multiws.benchmarks.load;

import java.util.List;
import java.util.Locale;

/**
 * How much of multi-ws's own instrumentation a multi-ws server runs with, set by the
 * arguments it is started with ({@code --instrumentation}); the servers are the same
 * jar either way.
 *
 * @author multi-ws team
 */
enum Instrumentation {

	/**
	 * The sample as shipped: with the Actuator's registries, multi-ws's meters and its
	 * handshake observations.
	 */
	DEFAULT(List.of()),

	/**
	 * As shipped plus an observation per inbound message.
	 */
	OBSERVATIONS(List.of("--multi-ws.observations.messages.enabled=true")),

	/**
	 * The meters only: every {@code multiws} observation disabled by Boot's property.
	 */
	METERS(List.of("--management.observations.enable.multiws=false")),

	/**
	 * None: multi-ws's metrics and observation auto-configurations excluded, as in an
	 * application without the Actuator.
	 */
	OFF(List.of("--spring.autoconfigure.exclude=io.multiws.autoconfigure.MultiWsMetricsAutoConfiguration,"
			+ "io.multiws.autoconfigure.MultiWsObservationAutoConfiguration"));

	private final List<String> arguments;

	Instrumentation(List<String> arguments) {
		this.arguments = arguments;
	}

	/**
	 * Return the application arguments that set this level.
	 * @return the arguments, after {@code -jar <jar>}
	 */
	List<String> arguments() {
		return this.arguments;
	}

	/**
	 * Return the name of this level on the command line and in server names.
	 * @return the name, such as {@code meters}
	 */
	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Instrumentation of(String name) {
		for (Instrumentation level : values()) {
			if (level.label().equals(name)) {
				return level;
			}
		}
		throw new IllegalArgumentException("Unknown instrumentation '" + name + "'\n" + Options.USAGE);
	}

}
