package io.multiws.reactive;

import java.util.ArrayList;
import java.util.List;

import io.multiws.core.WsBinding;

/**
 * The Spring WebFlux binding as the start-up report describes it, from what its
 * server-specific classes use.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ReactiveBinding implements WsBinding {

	@Override
	public String framework() {
		return "Spring WebFlux";
	}

	@Override
	public List<String> optimizations(String server) {
		List<String> optimizations = new ArrayList<>();
		if (server.equals("Reactor Netty") && ReactiveWsTransport.REACTOR_NETTY) {
			optimizations.add("frames written to the channel past the frame encoder");
			optimizations.add("frame rules and bounded inflation in the channel pipeline");
		}
		else if (server.equals("Tomcat") && TomcatControlFramesTransport.isAvailable()) {
			optimizations.add("control frames through Tomcat's non-blocking frame path");
		}
		return optimizations;
	}

}
