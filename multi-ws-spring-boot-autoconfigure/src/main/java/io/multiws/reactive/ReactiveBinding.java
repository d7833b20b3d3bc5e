package io.multiws.reactive;

import java.util.ArrayList;
import java.util.List;

import io.multiws.container.Containers;
import io.multiws.container.netty.ReactorNettySupport;
import io.multiws.container.tomcat.TomcatSupport;
import io.multiws.core.ContainerOptimizations;
import io.multiws.core.WsBinding;

/**
 * The Spring WebFlux binding as the start-up report describes it, from what its
 * server-specific classes use.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ReactiveBinding implements WsBinding {

	private final boolean containerOptimizations;

	/**
	 * Create the binding's description.
	 * @param containerOptimizations whether container optimizations are enabled
	 */
	public ReactiveBinding(boolean containerOptimizations) {
		this.containerOptimizations = containerOptimizations;
	}

	@Override
	public String framework() {
		return "Spring WebFlux";
	}

	@Override
	public ContainerOptimizations optimizations(String server) {
		if (!this.containerOptimizations) {
			return ContainerOptimizations.off();
		}
		List<String> inUse = new ArrayList<>();
		List<String> unavailable = new ArrayList<>();
		if (server.equals("Reactor Netty") && Containers.REACTOR_NETTY) {
			inUse.add("frames written to the channel past the frame encoder");
			inUse.add("frame rules in the channel pipeline");
			(ReactorNettySupport.boundedInflationAvailable() ? inUse : unavailable).add("bounded inflation");
		}
		else if (server.equals("Tomcat")) {
			(TomcatSupport.controlFramesAvailable() ? inUse : unavailable)
				.add("control frames through Tomcat's non-blocking frame path");
		}
		return new ContainerOptimizations(true, inUse, unavailable);
	}

}
