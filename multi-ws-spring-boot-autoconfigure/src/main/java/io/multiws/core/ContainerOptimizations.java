package io.multiws.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The container optimizations of a binding on one server, as found once at start-up: the
 * ones in use, and the ones the container version lacks (a class, field or method missing,
 * or a handler not found by its name), which are then off, on the portable API.
 *
 * @param enabled whether container optimizations are enabled
 * ({@code multi-ws.container-optimizations.enabled})
 * @param inUse the optimizations in use
 * @param unavailable the optimizations the container does not offer
 * @author multi-ws team
 * @since 0.1.0
 */
public record ContainerOptimizations(boolean enabled, List<String> inUse, List<String> unavailable) {

	/**
	 * Create the optimizations of a binding.
	 * @param enabled whether container optimizations are enabled
	 * @param inUse the optimizations in use
	 * @param unavailable the optimizations the container does not offer
	 */
	public ContainerOptimizations {
		inUse = List.copyOf(inUse);
		unavailable = List.copyOf(unavailable);
	}

	/**
	 * Return the optimizations of a binding whose container optimizations are switched off.
	 * @return the optimizations, none in use
	 */
	public static ContainerOptimizations off() {
		return new ContainerOptimizations(false, List.of(), List.of());
	}

	/**
	 * Describe what is in use on a server, for the start-up report: such as
	 * {@code Tomcat 11.0.22: direct frame writes, read pacing} or
	 * {@code Tomcat 11.0.22: container optimizations off, portable API}.
	 * @param server the server
	 * @param version the server's version, {@code null} if unknown
	 * @return the description
	 */
	public String describe(String server, @Nullable String version) {
		String container = (version != null) ? server + " " + version : server;
		if (!this.enabled) {
			return container + ": container optimizations off, portable API";
		}
		String missing = this.unavailable.isEmpty() ? ""
				: "; not available: " + String.join(", ", this.unavailable);
		if (this.inUse.isEmpty()) {
			return container + ": portable API" + missing;
		}
		return container + ": " + String.join(", ", this.inUse) + missing;
	}

}
