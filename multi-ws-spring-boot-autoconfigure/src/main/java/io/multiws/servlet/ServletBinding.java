package io.multiws.servlet;

import java.util.ArrayList;
import java.util.List;

import io.multiws.core.WsBinding;

/**
 * The Spring MVC binding as the start-up report describes it, from what its
 * container-specific classes found reachable.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ServletBinding implements WsBinding {

	@Override
	public String framework() {
		return "Spring MVC";
	}

	@Override
	public List<String> optimizations(String server) {
		List<String> optimizations = new ArrayList<>();
		if (server.equals("Tomcat")) {
			if (TomcatWebSocketSupport.directWritesAvailable()) {
				optimizations.add("direct frame writes (uncompressed sessions)");
			}
			if (TomcatWebSocketSupport.readPacingAvailable()) {
				optimizations.add("read pacing by suspend and resume");
			}
		}
		else if (server.equals("Jetty")) {
			optimizations.add("batched frames with one flush per write");
			optimizations.add("read pacing by demand");
		}
		return optimizations;
	}

}
