package io.multiws.servlet;

import java.util.ArrayList;
import java.util.List;

import io.multiws.container.tomcat.TomcatWebSocketSupport;
import io.multiws.core.ContainerOptimizations;
import io.multiws.core.WsBinding;

/**
 * The Spring MVC binding as the start-up report describes it, from what its
 * container-specific classes found reachable.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ServletBinding implements WsBinding {

	private final boolean containerOptimizations;

	/**
	 * Create the binding's description.
	 * @param containerOptimizations whether container optimizations are enabled
	 */
	public ServletBinding(boolean containerOptimizations) {
		this.containerOptimizations = containerOptimizations;
	}

	@Override
	public String framework() {
		return "Spring MVC";
	}

	@Override
	public ContainerOptimizations optimizations(String server) {
		if (!this.containerOptimizations) {
			return ContainerOptimizations.off();
		}
		List<String> inUse = new ArrayList<>();
		List<String> unavailable = new ArrayList<>();
		if (server.equals("Tomcat")) {
			(TomcatWebSocketSupport.directWritesAvailable() ? inUse : unavailable)
				.add("direct frame writes (uncompressed sessions)");
			(TomcatWebSocketSupport.readPacingAvailable() ? inUse : unavailable)
				.add("read pacing by suspend and resume");
		}
		else if (server.equals("Jetty")) {
			inUse.add("batched frames with one flush per write");
			inUse.add("read pacing by demand");
		}
		return new ContainerOptimizations(true, inUse, unavailable);
	}

}
